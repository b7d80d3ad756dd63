// What the local GitHub server holds: repositories with their issues (pull requests share the numbering, as on
// GitHub), comments and labels, and the tokens it accepts. Plain data and the rules GitHub applies to it; the
// HTTP side is in index.ts.

export type Permission = 'read' | 'write';

export interface TokenInfo {
  login: string;
  permission: Permission;
}

export interface Label {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

export interface IssueComment {
  id: number;
  body: string;
  user: string;
  createdAt: string;
}

export interface Issue {
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: string | null;
  labels: string[];
  user: string;
  comments: IssueComment[];
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  /** Pull requests are issues too in the REST API; listings carry a `pull_request` key for them. */
  isPullRequest: boolean;
}

export interface Repo {
  owner: string;
  name: string;
  hasIssues: boolean;
  private: boolean;
  labels: Label[];
  issues: Issue[];
}

/** GitHub's default colour for a label created by naming it on an issue. */
const DEFAULT_LABEL_COLOR = 'ededed';

export class GitHubState {
  readonly repos = new Map<string, Repo>();
  readonly tokens = new Map<string, TokenInfo>();
  #nextId = 1000;

  constructor(readonly now: () => Date) {}

  nextId(): number {
    this.#nextId += 1;
    return this.#nextId;
  }

  timestamp(): string {
    return this.now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  }

  addRepo(fullName: string, options: { hasIssues?: boolean; private?: boolean } = {}): Repo {
    const [owner, name, ...rest] = fullName.split('/');
    if (!owner || !name || rest.length > 0) throw new Error(`addRepo: expected owner/name, got ${fullName}`);
    const repo: Repo = {
      owner,
      name,
      hasIssues: options.hasIssues ?? true,
      private: options.private ?? false,
      labels: [],
      issues: [],
    };
    this.repos.set(fullName.toLowerCase(), repo);
    return repo;
  }

  repo(owner: string, name: string): Repo | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  findLabel(repo: Repo, name: string): Label | undefined {
    const wanted = name.toLowerCase();
    return repo.labels.find((l) => l.name.toLowerCase() === wanted);
  }

  addLabel(repo: Repo, name: string, color = DEFAULT_LABEL_COLOR, description: string | null = null): Label {
    const label: Label = { id: this.nextId(), name, color, description };
    repo.labels.push(label);
    return label;
  }

  /** Label names as an issue stores them: each existing label by its own spelling, unknown ones created. */
  resolveLabels(repo: Repo, names: string[]): string[] {
    const out: string[] = [];
    for (const name of names) {
      const label = this.findLabel(repo, name) ?? this.addLabel(repo, name);
      if (!out.includes(label.name)) out.push(label.name);
    }
    return out;
  }

  addIssue(
    repo: Repo,
    fields: { title: string; body?: string | null; labels?: string[]; user: string; pullRequest?: boolean },
  ): Issue {
    const now = this.timestamp();
    const issue: Issue = {
      number: repo.issues.length + 1,
      title: fields.title,
      body: fields.body ?? null,
      state: 'open',
      stateReason: null,
      labels: this.resolveLabels(repo, fields.labels ?? []),
      user: fields.user,
      comments: [],
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      isPullRequest: fields.pullRequest ?? false,
    };
    repo.issues.push(issue);
    return issue;
  }

  issue(repo: Repo, number: number): Issue | undefined {
    return repo.issues.find((i) => i.number === number);
  }

  setState(issue: Issue, state: 'open' | 'closed', reason: string | null = null): void {
    if (issue.state === state) return;
    issue.state = state;
    issue.stateReason = state === 'closed' ? (reason ?? 'completed') : (reason ?? 'reopened');
    issue.closedAt = state === 'closed' ? this.timestamp() : null;
    issue.updatedAt = this.timestamp();
  }

  addComment(issue: Issue, body: string, user: string): IssueComment {
    const comment: IssueComment = { id: this.nextId(), body, user, createdAt: this.timestamp() };
    issue.comments.push(comment);
    issue.updatedAt = comment.createdAt;
    return comment;
  }
}

/** A search query as `GET /search/issues` takes it: qualifiers plus free words and "quoted phrases". */
export interface SearchQuery {
  repo: string | null;
  type: 'issue' | 'pr' | null;
  state: 'open' | 'closed' | null;
  labels: string[];
  /** Where free text is matched: `in:title`, `in:body`, `in:comments`; none given means title and body. */
  fields: Array<'title' | 'body' | 'comments'>;
  terms: string[];
}

export function parseSearchQuery(q: string): SearchQuery {
  const query: SearchQuery = { repo: null, type: null, state: null, labels: [], fields: [], terms: [] };
  const tokens = q.match(/(?:[^\s"]+:)?"[^"]*"|\S+/g) ?? [];
  for (const raw of tokens) {
    const colon = raw.startsWith('"') ? -1 : raw.indexOf(':');
    const key = colon > 0 ? raw.slice(0, colon).toLowerCase() : '';
    const value = unquote(colon > 0 ? raw.slice(colon + 1) : raw);
    switch (key) {
      case 'repo':
        query.repo = value.toLowerCase();
        break;
      case 'is':
      case 'type':
        if (value === 'issue' || value === 'pr') query.type = value;
        else if (value === 'pull-request') query.type = 'pr';
        else if (value === 'open' || value === 'closed') query.state = value;
        break;
      case 'state':
        if (value === 'open' || value === 'closed') query.state = value;
        break;
      case 'label':
        query.labels.push(value.toLowerCase());
        break;
      case 'in':
        for (const field of value.split(','))
          if (field === 'title' || field === 'body' || field === 'comments') query.fields.push(field);
        break;
      default:
        if (value !== '') query.terms.push(value.toLowerCase());
    }
  }
  return query;
}

function unquote(text: string): string {
  return text.startsWith('"') && text.endsWith('"') && text.length >= 2 ? text.slice(1, -1) : text;
}

export function matchesSearch(repo: Repo, issue: Issue, query: SearchQuery): boolean {
  if (query.repo !== null && query.repo !== `${repo.owner}/${repo.name}`.toLowerCase()) return false;
  if (query.type === 'issue' && issue.isPullRequest) return false;
  if (query.type === 'pr' && !issue.isPullRequest) return false;
  if (query.state !== null && issue.state !== query.state) return false;
  const labels = issue.labels.map((l) => l.toLowerCase());
  if (!query.labels.every((l) => labels.includes(l))) return false;
  const fields = query.fields.length > 0 ? query.fields : ['title', 'body'];
  const haystack = [
    fields.includes('title') ? issue.title : '',
    fields.includes('body') ? (issue.body ?? '') : '',
    ...(fields.includes('comments') ? issue.comments.map((c) => c.body) : []),
  ]
    .join('\n')
    .toLowerCase();
  return query.terms.every((term) => haystack.includes(term));
}
