// A local GitHub-REST-compatible HTTP server for tests: Octokit (from @actions/github) talks to it through its
// base URL (`GITHUB_API_URL` or `baseUrl`). Issues, comments, labels, issue search and listing with Link-header
// pagination, token permissions, primary and secondary rate limits, 5xx faults and repositories with issues
// disabled (410). Every request is logged for the tests to assert on. See README.md next to this file.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  GitHubState,
  matchesSearch,
  parseSearchQuery,
  type Issue,
  type IssueComment,
  type Label,
  type Permission,
  type Repo,
} from './state.js';

type GitHubFault = {
  /** Only requests with this method (GET, POST, …). */
  method?: string;
  /** Only requests whose path (without the query) contains this text or matches this pattern. */
  path?: string | RegExp;
  /** How many matching requests get the fault (default 1). */
  times?: number;
} & (
  | { kind: 'rate-limit'; status?: 403 | 429; resetInSeconds?: number } // primary: x-ratelimit-remaining 0
  | { kind: 'secondary-rate-limit'; status?: 403 | 429; retryAfterSeconds?: number } // retry-after
  | { kind: 'server-error'; status?: 500 | 502 | 503 }
  | { kind: 'slow'; delayMs: number } // the normal answer, late (the request still takes effect)
  | { kind: 'drop' } // the socket is destroyed without an answer
  | { kind: 'endless-next' } // the normal answer, whose Link header says `next` even past the last page
);

interface GitHubRequest {
  method: string;
  /** The path without the query string, e.g. `/repos/o/r/issues`. */
  path: string;
  query: Record<string, string>;
  /** The raw request body, exactly as received (for "no secret in any request" assertions). */
  body: string;
  /** The body parsed as JSON, or null. */
  json: unknown;
  /** Whether the request carried an Authorization header. */
  authenticated: boolean;
  /** Status sent; 0 while in flight or when the connection was dropped. */
  status: number;
}

export interface GitHubServer {
  /** The API base URL: what `GITHUB_API_URL` or Octokit's `baseUrl` is set to. */
  readonly url: string;
  /** A repository `owner/name`; issues enabled unless told otherwise. */
  addRepo(fullName: string, options?: { hasIssues?: boolean; private?: boolean }): void;
  setIssuesEnabled(fullName: string, enabled: boolean): void;
  /** A token the server accepts: `write` may create and edit, `read` (a fork's pull request token) may not. */
  addToken(token: string, options?: { login?: string; permission?: Permission }): void;
  addLabel(fullName: string, name: string, options?: { color?: string; description?: string }): void;
  /** An issue as if a person had opened it; returns its number. */
  addIssue(
    fullName: string,
    fields: { title: string; body?: string; labels?: string[]; state?: 'open' | 'closed'; user?: string },
  ): number;
  /** A pull request: shares the issue numbering and shows up in issue listings with a `pull_request` key. */
  addPullRequest(fullName: string, fields: { title: string; body?: string; labels?: string[] }): number;
  issues(fullName: string): readonly Issue[];
  issue(fullName: string, number: number): Issue | undefined;
  labels(fullName: string): readonly Label[];
  /** Every request received, in arrival order. */
  readonly requests: GitHubRequest[];
  /** The requests that change something (POST, PATCH, PUT, DELETE). */
  mutations(): GitHubRequest[];
  /** Requests left this hour before the primary rate limit answers (default 1000, the GITHUB_TOKEN's). */
  setRateLimit(options: {
    limit?: number;
    remaining: number;
    resetInSeconds?: number;
    status?: 403 | 429;
  }): void;
  injectFault(fault: GitHubFault): void;
  clearFaults(): void;
  close(): Promise<void>;
}

export interface GitHubServerOptions {
  now?: () => Date;
}

const DOCS = 'https://docs.github.com/rest';
const MAX_BODY = 65536;
const SEARCH_LIMIT = 1000;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

type PendingFault = GitHubFault & { remaining: number };

interface Route {
  method: string;
  pattern: RegExp;
  /** Not under /repos/{owner}/{repo} (search): the handler gets no repository. */
  global?: boolean;
  /** Needs a token with write permission. */
  write?: boolean;
  /** Served by the issues feature: 410 when the repository has issues disabled. */
  issues?: boolean;
  handle(ctx: Context): { status: number; body: unknown; links?: Links };
}

interface Context {
  /** The repository of a /repos/{owner}/{repo} route (global routes never read it). */
  repo: Repo;
  params: string[];
  query: URLSearchParams;
  json: Record<string, unknown>;
  user: string;
}

interface Links {
  page: number;
  perPage: number;
  total: number;
}

class LocalGitHubServer implements GitHubServer {
  readonly requests: GitHubRequest[] = [];
  readonly state: GitHubState;
  url = '';
  private faults: PendingFault[] = [];
  private rate = { limit: 1000, remaining: 1000, resetAt: 0, status: 403 as 403 | 429 };
  private readonly timers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  private readonly routes: Route[];

  constructor(
    private readonly server: Server,
    now: () => Date,
  ) {
    this.state = new GitHubState(now);
    this.rate.resetAt = Math.floor(now().getTime() / 1000) + 3600;
    this.routes = this.makeRoutes();
  }

  addRepo(fullName: string, options: { hasIssues?: boolean; private?: boolean } = {}): void {
    this.state.addRepo(fullName, options);
  }

  setIssuesEnabled(fullName: string, enabled: boolean): void {
    this.mustRepo(fullName).hasIssues = enabled;
  }

  addToken(token: string, options: { login?: string; permission?: Permission } = {}): void {
    this.state.tokens.set(token, {
      login: options.login ?? 'github-actions[bot]',
      permission: options.permission ?? 'write',
    });
  }

  addLabel(fullName: string, name: string, options: { color?: string; description?: string } = {}): void {
    this.state.addLabel(this.mustRepo(fullName), name, options.color, options.description ?? null);
  }

  addIssue(
    fullName: string,
    fields: { title: string; body?: string; labels?: string[]; state?: 'open' | 'closed'; user?: string },
  ): number {
    const issue = this.state.addIssue(this.mustRepo(fullName), { ...fields, user: fields.user ?? 'octocat' });
    if (fields.state === 'closed') this.state.setState(issue, 'closed');
    return issue.number;
  }

  addPullRequest(fullName: string, fields: { title: string; body?: string; labels?: string[] }): number {
    return this.state.addIssue(this.mustRepo(fullName), { ...fields, user: 'octocat', pullRequest: true })
      .number;
  }

  issues(fullName: string): readonly Issue[] {
    return this.mustRepo(fullName).issues.filter((i) => !i.isPullRequest);
  }

  issue(fullName: string, number: number): Issue | undefined {
    return this.state.issue(this.mustRepo(fullName), number);
  }

  labels(fullName: string): readonly Label[] {
    return this.mustRepo(fullName).labels;
  }

  mutations(): GitHubRequest[] {
    return this.requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD');
  }

  setRateLimit(options: { limit?: number; remaining: number; resetInSeconds?: number; status?: 403 | 429 }) {
    const nowSeconds = Math.floor(this.state.now().getTime() / 1000);
    this.rate = {
      limit: options.limit ?? this.rate.limit,
      remaining: options.remaining,
      resetAt: nowSeconds + (options.resetInSeconds ?? 3600),
      status: options.status ?? 403,
    };
  }

  injectFault(fault: GitHubFault): void {
    this.faults.push({ ...fault, remaining: fault.times ?? 1 });
  }

  clearFaults(): void {
    this.faults = [];
  }

  async close(): Promise<void> {
    for (const t of this.timers) {
      clearTimeout(t.timer);
      t.resolve();
    }
    this.timers.clear();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private mustRepo(fullName: string): Repo {
    const [owner = '', name = ''] = fullName.split('/');
    const repo = this.state.repo(owner, name);
    if (!repo) throw new Error(`no repository ${fullName} on the GitHub server: addRepo first`);
    return repo;
  }

  private takeFault(method: string, path: string): PendingFault | undefined {
    const i = this.faults.findIndex(
      (f) =>
        (f.method === undefined || f.method.toUpperCase() === method) &&
        (f.path === undefined || (typeof f.path === 'string' ? path.includes(f.path) : f.path.test(path))),
    );
    if (i < 0) return undefined;
    const fault = this.faults[i]!;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.splice(i, 1);
    return fault;
  }

  private async sleep(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.timers.delete(entry);
          resolve();
        }, ms),
        resolve,
      };
      this.timers.add(entry);
    });
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    let json: unknown;
    try {
      json = body.trim() === '' ? null : JSON.parse(body);
    } catch {
      json = null;
    }
    const authHeader = typeof req.headers.authorization === 'string' ? req.headers.authorization : undefined;
    const request: GitHubRequest = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body,
      json,
      authenticated: authHeader !== undefined,
      status: 0,
    };
    this.requests.push(request);
    const resource = url.pathname.startsWith('/search/') ? 'search' : 'core';

    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      request.status = status;
      if (res.destroyed || res.writableEnded) return;
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'x-github-request-id': randomUUID().toUpperCase(),
        'x-github-api-version-selected': '2022-11-28',
        'x-ratelimit-limit': String(this.rate.limit),
        'x-ratelimit-remaining': String(Math.max(0, this.rate.remaining)),
        'x-ratelimit-reset': String(this.rate.resetAt),
        'x-ratelimit-used': String(this.rate.limit - Math.max(0, this.rate.remaining)),
        'x-ratelimit-resource': resource,
        ...headers,
      });
      res.end(status === 204 ? undefined : JSON.stringify(payload));
    };
    const fail = (error: HttpError) =>
      send(error.status, { message: error.message, documentation_url: DOCS, ...error.extra }, error.headers);

    const fault = this.takeFault(method, url.pathname);
    if (fault) {
      const nowSeconds = Math.floor(this.state.now().getTime() / 1000);
      switch (fault.kind) {
        case 'drop':
          req.socket.destroy();
          return;
        case 'rate-limit':
          return send(
            fault.status ?? 403,
            {
              message: 'API rate limit exceeded for installation ID 1.',
              documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
            },
            {
              'x-ratelimit-remaining': '0',
              'x-ratelimit-reset': String(nowSeconds + (fault.resetInSeconds ?? 3600)),
              'x-ratelimit-used': String(this.rate.limit),
            },
          );
        case 'secondary-rate-limit':
          return send(
            fault.status ?? 403,
            {
              message:
                'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. ' +
                'If you reach out to GitHub Support for help, please include the request ID.',
              documentation_url:
                'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
            },
            { 'retry-after': String(fault.retryAfterSeconds ?? 60) },
          );
        case 'server-error': {
          const status = fault.status ?? 502;
          return send(status, {
            message: status === 503 ? 'Service Unavailable' : status === 500 ? 'Server Error' : 'Bad Gateway',
          });
        }
        case 'slow':
          await this.sleep(fault.delayMs);
          if (!this.server.listening) return;
          break;
        case 'endless-next':
          break;
      }
    }

    try {
      const user = this.authenticate(authHeader);
      if (this.rate.remaining <= 0) {
        throw new HttpError(
          this.rate.status,
          'API rate limit exceeded for installation ID 1.',
          {},
          { 'x-ratelimit-remaining': '0' },
        );
      }
      this.rate.remaining -= 1;
      const answer = this.route(method, url, json, user);
      if (!answer) throw new HttpError(404, 'Not Found');
      const headers: Record<string, string> = {};
      if (answer.links) {
        const link = linkHeader(this.url, url, answer.links, fault?.kind === 'endless-next');
        if (link) headers.link = link;
      }
      send(answer.status, answer.body, headers);
    } catch (error) {
      fail(error instanceof HttpError ? error : new HttpError(500, String(error)));
    }
  }

  private authenticate(header: string | undefined): { login: string; permission: Permission } | null {
    if (header === undefined) return null;
    const match = /^(?:token|bearer)\s+(\S+)$/i.exec(header.trim());
    const info = match ? this.state.tokens.get(match[1]!) : undefined;
    if (!info) throw new HttpError(401, 'Bad credentials');
    return info;
  }

  private route(
    method: string,
    url: URL,
    json: unknown,
    user: { login: string; permission: Permission } | null,
  ): { status: number; body: unknown; links?: Links } | null {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const match = route.pattern.exec(url.pathname);
      if (!match) continue;
      const params = match.slice(1).map((p) => decodeURIComponent(p));
      if (route.global) {
        const none = { owner: '', name: '', hasIssues: false, private: false, labels: [], issues: [] };
        return route.handle({
          repo: none,
          params,
          query: url.searchParams,
          json: {},
          user: user?.login ?? '',
        });
      }
      const [owner = '', name = '', ...rest] = params;
      const repo = this.state.repo(owner, name);
      // GitHub answers 404 for a private repository the caller cannot see, as for one that does not exist.
      if (!repo || (repo.private && !user)) throw new HttpError(404, 'Not Found');
      if (route.write) {
        if (!user) throw new HttpError(401, 'Requires authentication');
        if (user.permission !== 'write') throw new HttpError(403, 'Resource not accessible by integration');
      }
      if (route.issues && !repo.hasIssues) throw new HttpError(410, 'Issues are disabled for this repo');
      if (json !== null && (typeof json !== 'object' || Array.isArray(json)))
        throw new HttpError(400, 'Problems parsing JSON');
      return route.handle({
        repo,
        params: rest,
        query: url.searchParams,
        json: (json ?? {}) as Record<string, unknown>,
        user: user?.login ?? '',
      });
    }
    return null;
  }

  private makeRoutes(): Route[] {
    const state = this.state;
    const base = (): string => this.url;
    const repoPath = (rest = ''): RegExp => new RegExp(`^\\/repos\\/([^/]+)\\/([^/]+)${rest}\\/?$`);
    const issueOf = (ctx: Context, allowPr = true): Issue => {
      const issue = state.issue(ctx.repo, Number(ctx.params[0]));
      if (!issue || (!allowPr && issue.isPullRequest)) throw new HttpError(404, 'Not Found');
      return issue;
    };
    const issueJson = (repo: Repo, i: Issue) => renderIssue(base(), repo, i, state);
    return [
      {
        method: 'GET',
        pattern: repoPath(),
        handle: ({ repo }) => ({ status: 200, body: renderRepo(base(), repo) }),
      },
      {
        method: 'GET',
        pattern: repoPath('\\/issues'),
        issues: true,
        handle: ({ repo, query }) => {
          const wantedState = query.get('state') ?? 'open';
          const labels = (query.get('labels') ?? '')
            .split(',')
            .map((l) => l.trim().toLowerCase())
            .filter(Boolean);
          const creator = query.get('creator');
          let items = repo.issues.filter(
            (i) =>
              (wantedState === 'all' || i.state === wantedState) &&
              labels.every((l) => i.labels.some((have) => have.toLowerCase() === l)) &&
              (creator === null || i.user === creator),
          );
          const sortKey = query.get('sort') === 'updated' ? 'updatedAt' : 'createdAt';
          const ascending = query.get('direction') === 'asc';
          items = [...items].sort((a, b) => {
            const order = a[sortKey].localeCompare(b[sortKey]) || a.number - b.number;
            return ascending ? order : -order;
          });
          return paged(query, items, (i) => issueJson(repo, i));
        },
      },
      {
        method: 'POST',
        pattern: repoPath('\\/issues'),
        write: true,
        issues: true,
        handle: ({ repo, json, user }) => {
          const title = json.title;
          if (typeof title !== 'string' && typeof title !== 'number') {
            throw validation('Issue', 'title', 'missing_field');
          }
          if (json.body !== undefined && json.body !== null && typeof json.body !== 'string')
            throw validation('Issue', 'body', 'invalid');
          const body = typeof json.body === 'string' ? json.body : null;
          if (body !== null && body.length > MAX_BODY)
            throw new HttpError(422, 'Validation Failed', {
              errors: [
                {
                  resource: 'Issue',
                  code: 'custom',
                  field: 'body',
                  message: `body is too long (maximum is ${MAX_BODY} characters)`,
                },
              ],
            });
          const labels = labelNames(json.labels);
          const issue = state.addIssue(repo, { title: String(title), body, labels, user });
          return { status: 201, body: issueJson(repo, issue) };
        },
      },
      {
        method: 'GET',
        pattern: repoPath('\\/issues\\/(\\d+)'),
        issues: true,
        handle: (ctx) => ({ status: 200, body: issueJson(ctx.repo, issueOf(ctx)) }),
      },
      {
        method: 'PATCH',
        pattern: repoPath('\\/issues\\/(\\d+)'),
        write: true,
        issues: true,
        handle: (ctx) => {
          const issue = issueOf(ctx);
          const { json } = ctx;
          if (typeof json.title === 'string') issue.title = json.title;
          if (typeof json.body === 'string' || json.body === null) issue.body = json.body;
          if (json.labels !== undefined)
            issue.labels = state.resolveLabels(ctx.repo, labelNames(json.labels));
          if (json.state === 'open' || json.state === 'closed') {
            state.setState(
              issue,
              json.state,
              typeof json.state_reason === 'string' ? json.state_reason : null,
            );
          } else if (json.state !== undefined) {
            throw validation('Issue', 'state', 'invalid');
          }
          issue.updatedAt = state.timestamp();
          return { status: 200, body: issueJson(ctx.repo, issue) };
        },
      },
      {
        method: 'GET',
        pattern: repoPath('\\/issues\\/(\\d+)\\/comments'),
        issues: true,
        handle: (ctx) => {
          const issue = issueOf(ctx);
          return paged(ctx.query, issue.comments, (c) => renderComment(base(), ctx.repo, issue, c));
        },
      },
      {
        method: 'POST',
        pattern: repoPath('\\/issues\\/(\\d+)\\/comments'),
        write: true,
        issues: true,
        handle: (ctx) => {
          const issue = issueOf(ctx);
          const body = ctx.json.body;
          if (typeof body !== 'string' || body === '')
            throw validation('IssueComment', 'body', 'missing_field');
          if (body.length > MAX_BODY)
            throw new HttpError(422, 'Validation Failed', {
              errors: [
                { resource: 'IssueComment', code: 'custom', field: 'body', message: 'body is too long' },
              ],
            });
          const comment = state.addComment(issue, body, ctx.user);
          return { status: 201, body: renderComment(base(), ctx.repo, issue, comment) };
        },
      },
      {
        method: 'POST',
        pattern: repoPath('\\/issues\\/(\\d+)\\/labels'),
        write: true,
        issues: true,
        handle: (ctx) => {
          const issue = issueOf(ctx);
          const names = labelNames(Array.isArray(ctx.json.labels) ? ctx.json.labels : ctx.json);
          for (const name of state.resolveLabels(ctx.repo, names))
            if (!issue.labels.includes(name)) issue.labels.push(name);
          return { status: 200, body: issue.labels.map((n) => renderLabel(base(), ctx.repo, n, state)) };
        },
      },
      {
        method: 'GET',
        pattern: repoPath('\\/labels'),
        handle: ({ repo, query }) =>
          paged(query, repo.labels, (l) => renderLabel(base(), repo, l.name, state)),
      },
      {
        method: 'GET',
        pattern: repoPath('\\/labels\\/([^/]+)'),
        handle: ({ repo, params }) => {
          const label = state.findLabel(repo, params[0] ?? '');
          if (!label) throw new HttpError(404, 'Not Found');
          return { status: 200, body: renderLabel(base(), repo, label.name, state) };
        },
      },
      {
        method: 'POST',
        pattern: repoPath('\\/labels'),
        write: true,
        handle: ({ repo, json }) => {
          if (typeof json.name !== 'string' || json.name.trim() === '')
            throw validation('Label', 'name', 'missing_field');
          if (state.findLabel(repo, json.name)) throw validation('Label', 'name', 'already_exists');
          const color = typeof json.color === 'string' ? json.color.replace(/^#/, '') : 'ededed';
          if (!/^[0-9a-fA-F]{6}$/.test(color)) throw validation('Label', 'color', 'invalid');
          const label = state.addLabel(
            repo,
            json.name,
            color.toLowerCase(),
            typeof json.description === 'string' ? json.description : null,
          );
          return { status: 201, body: renderLabel(base(), repo, label.name, state) };
        },
      },
      {
        method: 'GET',
        pattern: /^\/search\/issues\/?$/,
        global: true,
        handle: ({ query }) => {
          const q = query.get('q');
          if (!q) throw validation('Search', 'q', 'missing');
          const parsed = parseSearchQuery(q);
          const items: Array<{ repo: Repo; issue: Issue }> = [];
          for (const repo of state.repos.values()) {
            // Search shows nothing of a repository whose issues are disabled, and private ones need a token.
            if (!repo.hasIssues) continue;
            for (const issue of repo.issues)
              if (matchesSearch(repo, issue, parsed)) items.push({ repo, issue });
          }
          items.sort(
            (a, b) => b.issue.createdAt.localeCompare(a.issue.createdAt) || b.issue.number - a.issue.number,
          );
          const visible = items.slice(0, SEARCH_LIMIT);
          const page = pageOf(query);
          const slice = visible.slice((page.page - 1) * page.perPage, page.page * page.perPage);
          return {
            status: 200,
            body: {
              total_count: items.length,
              incomplete_results: false,
              items: slice.map(({ repo, issue }) => ({ ...issueJson(repo, issue), score: 1 })),
            },
            links: { ...page, total: visible.length },
          };
        },
      },
    ];
  }
}

function validation(resource: string, field: string, code: string): HttpError {
  return new HttpError(422, 'Validation Failed', { errors: [{ resource, field, code }] });
}

function labelNames(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw validation('Issue', 'labels', 'invalid');
  return value.map((l: unknown) => {
    const name = typeof l === 'string' ? l : (l as { name?: unknown } | null)?.name;
    if (typeof name !== 'string') throw validation('Issue', 'labels', 'invalid');
    return name;
  });
}

function pageOf(query: URLSearchParams): { page: number; perPage: number } {
  const perPage = Math.min(100, Math.max(1, Number(query.get('per_page') ?? 30) || 30));
  const page = Math.max(1, Number(query.get('page') ?? 1) || 1);
  return { page, perPage };
}

function paged<T>(
  query: URLSearchParams,
  items: readonly T[],
  render: (item: T) => unknown,
): { status: number; body: unknown; links: Links } {
  const page = pageOf(query);
  const slice = items.slice((page.page - 1) * page.perPage, page.page * page.perPage);
  return { status: 200, body: slice.map(render), links: { ...page, total: items.length } };
}

/**
 * GitHub's Link header: next and last while there are more pages, prev and first after the first. `endless`:
 * always a next page (a broken proxy or server that never stops paging).
 */
function linkHeader(base: string, url: URL, links: Links, endless: boolean): string | null {
  const pages = Math.max(1, Math.ceil(links.total / links.perPage));
  const last = endless ? Math.max(pages, links.page + 1) : pages;
  const at = (page: number) => {
    const u = new URL(url.pathname + url.search, base);
    u.searchParams.set('per_page', String(links.perPage));
    u.searchParams.set('page', String(page));
    return u.toString();
  };
  const parts: string[] = [];
  if (links.page > 1) parts.push(`<${at(links.page - 1)}>; rel="prev"`);
  if (links.page < last) parts.push(`<${at(links.page + 1)}>; rel="next"`, `<${at(last)}>; rel="last"`);
  if (links.page > 1) parts.push(`<${at(1)}>; rel="first"`);
  return parts.length > 0 ? parts.join(', ') : null;
}

function userJson(login: string) {
  return { login, id: login.length, type: login.endsWith('[bot]') ? 'Bot' : 'User' };
}

function renderRepo(base: string, repo: Repo) {
  return {
    id: repo.name.length,
    name: repo.name,
    full_name: `${repo.owner}/${repo.name}`,
    owner: userJson(repo.owner),
    private: repo.private,
    has_issues: repo.hasIssues,
    default_branch: 'main',
    url: `${base}/repos/${repo.owner}/${repo.name}`,
    html_url: `https://github.com/${repo.owner}/${repo.name}`,
  };
}

function renderLabel(base: string, repo: Repo, name: string, state: GitHubState) {
  const label = state.findLabel(repo, name);
  return {
    id: label?.id ?? 0,
    name,
    color: label?.color ?? 'ededed',
    description: label?.description ?? null,
    default: false,
    url: `${base}/repos/${repo.owner}/${repo.name}/labels/${encodeURIComponent(name)}`,
  };
}

function renderIssue(base: string, repo: Repo, issue: Issue, state: GitHubState) {
  const apiUrl = `${base}/repos/${repo.owner}/${repo.name}/issues/${issue.number}`;
  const kind = issue.isPullRequest ? 'pull' : 'issues';
  return {
    id: issue.number * 7919,
    number: issue.number,
    title: issue.title,
    body: issue.body,
    state: issue.state,
    state_reason: issue.stateReason,
    locked: false,
    labels: issue.labels.map((n) => renderLabel(base, repo, n, state)),
    user: userJson(issue.user),
    comments: issue.comments.length,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    url: apiUrl,
    comments_url: `${apiUrl}/comments`,
    html_url: `https://github.com/${repo.owner}/${repo.name}/${kind}/${issue.number}`,
    repository_url: `${base}/repos/${repo.owner}/${repo.name}`,
    ...(issue.isPullRequest
      ? {
          pull_request: {
            url: `${base}/repos/${repo.owner}/${repo.name}/pulls/${issue.number}`,
            html_url: `https://github.com/${repo.owner}/${repo.name}/pull/${issue.number}`,
          },
        }
      : {}),
  };
}

function renderComment(base: string, repo: Repo, issue: Issue, comment: IssueComment) {
  return {
    id: comment.id,
    body: comment.body,
    user: userJson(comment.user),
    created_at: comment.createdAt,
    updated_at: comment.createdAt,
    url: `${base}/repos/${repo.owner}/${repo.name}/issues/comments/${comment.id}`,
    html_url: `https://github.com/${repo.owner}/${repo.name}/issues/${issue.number}#issuecomment-${comment.id}`,
    issue_url: `${base}/repos/${repo.owner}/${repo.name}/issues/${issue.number}`,
  };
}

export async function startGitHubServer(options: GitHubServerOptions = {}): Promise<GitHubServer> {
  const server = createServer();
  const github = new LocalGitHubServer(server, options.now ?? (() => new Date()));
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    github.handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  github.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return github;
}
