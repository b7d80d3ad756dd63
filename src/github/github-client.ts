// The one place that talks to GitHub: Octokit from @actions/github, loaded only when a client is opened (the
// hook and the CLI never load it). Requests that get no answer or a 5xx are retried when repeating them is
// harmless; a rate limit is waited out when it lifts soon. Listings stop after a number of pages (a server that
// always says "next" must not hang the run), with a warning. Every failure is a GitHubError (github-error.ts).
import type { getOctokit } from '@actions/github';
import type { Logger } from '../logger.js';
import {
  GitHubError,
  MISSING_TOKEN_MESSAGE,
  isRateLimit,
  rateLimitWaitMs,
  toGitHubError,
} from './github-error.js';

type Octokit = ReturnType<typeof getOctokit>;

export interface GitHubClientOptions {
  token: string;
  /** `owner/name`. */
  repository: string;
  /** The REST API's base URL (GITHUB_API_URL); default https://api.github.com. */
  apiUrl?: string;
  userAgent?: string;
  logger?: Logger;
  /** Attempts per request that may be repeated (default 3). */
  maxAttempts?: number;
  /** First wait before a retry after a 5xx or no answer, doubled each time (default 1 s). */
  retryDelayMs?: number;
  /** The longest rate-limit wait worth sitting out before giving up (default 60 s). */
  maxRateLimitWaitMs?: number;
  /** Bound for one request (default 30 s). */
  requestTimeoutMs?: number;
  /** Pages a listing reads at most before it stops and warns (default 100). */
  maxPages?: number;
  /** Items a listing asks for per page (default 100, GitHub's most). */
  perPage?: number;
}

export interface LabelSpec {
  name: string;
  /** Six hex digits, no `#`. */
  color: string;
  description: string;
}

export interface IssueRef {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  url: string;
}

/** Repeating these cannot do a thing twice: a request that may have taken effect is only retried when it did not. */
const REPEATABLE = new Set(['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE']);

export class GitHubClient {
  readonly owner: string;
  readonly repo: string;
  readonly #octokit: Octokit;
  readonly #options: GitHubClientOptions;

  private constructor(octokit: Octokit, owner: string, repo: string, options: GitHubClientOptions) {
    this.#octokit = octokit;
    this.owner = owner;
    this.repo = repo;
    this.#options = options;
  }

  get repository(): string {
    return `${this.owner}/${this.repo}`;
  }

  /** Throws GitHubError `missing-token` without a token, `rejected` for a malformed repository name. */
  static async open(options: GitHubClientOptions): Promise<GitHubClient> {
    if (!options.token.trim()) throw new GitHubError('missing-token', MISSING_TOKEN_MESSAGE);
    const [owner, repo, ...rest] = options.repository.split('/');
    if (!owner || !repo || rest.length > 0) {
      throw new GitHubError('rejected', `cannot use repository '${options.repository}': expected owner/name`);
    }
    const { getOctokit } = await import('@actions/github');
    const octokit = getOctokit(options.token, {
      ...(options.apiUrl ? { baseUrl: options.apiUrl.replace(/\/+$/, '') } : {}),
      ...(options.userAgent ? { userAgent: options.userAgent } : {}),
    });
    retryRequests(octokit, options);
    return new GitHubClient(octokit, owner, repo, options);
  }

  /** Creates the labels the repository lacks; returns the names created. */
  async ensureLabels(labels: readonly LabelSpec[]): Promise<string[]> {
    const created: string[] = [];
    for (const label of labels) {
      const what = `create the label '${label.name}' in ${this.repository}`;
      try {
        await this.#octokit.rest.issues.getLabel({ owner: this.owner, repo: this.repo, name: label.name });
        continue;
      } catch (error) {
        if ((error as { status?: unknown }).status !== 404) throw toGitHubError(error, what);
      }
      try {
        await this.#octokit.rest.issues.createLabel({ owner: this.owner, repo: this.repo, ...label });
        created.push(label.name);
      } catch (error) {
        // Made meanwhile by a parallel job: what was wanted is there.
        if (!isAlreadyExists(error)) throw toGitHubError(error, what);
      }
    }
    return created;
  }

  /**
   * Every issue (open and closed, pull requests left out), with `label` when given, newest first; past the page
   * limit, the newest only (and a warning).
   */
  async listIssues(label: string | null): Promise<IssueRef[]> {
    try {
      const pages = this.#octokit.paginate.iterator(this.#octokit.rest.issues.listForRepo, {
        owner: this.owner,
        repo: this.repo,
        state: 'all',
        per_page: this.#options.perPage ?? 100,
        ...(label ? { labels: label } : {}),
      });
      const items = await this.#firstPages(
        pages,
        (read, count) =>
          `stopped listing the issues of ${this.repository}${label ? ` labelled '${label}'` : ''} after ` +
          `${read} pages (${count} issues, the newest): an issue opened before for the same key may be missed ` +
          `and a new one opened${label ? '' : '; a label (the first of issue-labels) narrows the list'}`,
      );
      return items.filter((item) => item.pull_request === undefined).map(issueRef);
    } catch (error) {
      throw toGitHubError(error, `list the issues of ${this.repository}`);
    }
  }

  async createIssue(fields: { title: string; body: string; labels: string[] }): Promise<IssueRef> {
    try {
      const { data } = await this.#octokit.rest.issues.create({
        owner: this.owner,
        repo: this.repo,
        ...fields,
      });
      return issueRef(data);
    } catch (error) {
      throw toGitHubError(error, `open an issue in ${this.repository}`);
    }
  }

  /** The bodies of an issue's comments, oldest first. */
  async listComments(number: number): Promise<string[]> {
    try {
      const pages = this.#octokit.paginate.iterator(this.#octokit.rest.issues.listComments, {
        owner: this.owner,
        repo: this.repo,
        issue_number: number,
        per_page: this.#options.perPage ?? 100,
      });
      const comments = await this.#firstPages(
        pages,
        (read, count) =>
          `stopped reading the comments of issue #${number} in ${this.repository} after ${read} pages ` +
          `(${count} comments): a sighting noted there before may be missed and noted again`,
      );
      return comments.map((c) => c.body ?? '');
    } catch (error) {
      throw toGitHubError(error, `read the comments of issue #${number} in ${this.repository}`);
    }
  }

  /**
   * The items of the first `maxPages` pages. When the last page read still names a next one, a warning:
   * `stopped` says what stopping there means, given how much was read ("100 pages, 10000 issues").
   */
  async #firstPages<T>(
    pages: AsyncIterable<{ data: T[]; headers: { link?: string } }>,
    stopped: (pages: number, items: number) => string,
  ): Promise<T[]> {
    const maxPages = this.#options.maxPages ?? 100;
    const items: T[] = [];
    let read = 0;
    for await (const page of pages) {
      items.push(...page.data);
      read += 1;
      if (read < maxPages) continue;
      if (/\brel="next"/.test(page.headers.link ?? ''))
        this.#options.logger?.warn(`GitHub: ${stopped(read, items.length)}`);
      break;
    }
    return items;
  }

  /** Returns the comment's URL. */
  async comment(number: number, body: string): Promise<string> {
    try {
      const { data } = await this.#octokit.rest.issues.createComment({
        owner: this.owner,
        repo: this.repo,
        issue_number: number,
        body,
      });
      return data.html_url;
    } catch (error) {
      throw toGitHubError(error, `comment on issue #${number} in ${this.repository}`);
    }
  }

  async reopen(number: number): Promise<void> {
    try {
      await this.#octokit.rest.issues.update({
        owner: this.owner,
        repo: this.repo,
        issue_number: number,
        state: 'open',
      });
    } catch (error) {
      throw toGitHubError(error, `reopen issue #${number} in ${this.repository}`);
    }
  }
}

function issueRef(item: {
  number: number;
  title: string;
  body?: string | null;
  state: string;
  html_url: string;
}): IssueRef {
  return {
    number: item.number,
    title: item.title,
    body: item.body ?? '',
    state: item.state === 'closed' ? 'closed' : 'open',
    url: item.html_url,
  };
}

function isAlreadyExists(error: unknown): boolean {
  const e = error as { status?: unknown; response?: { data?: { errors?: Array<{ code?: unknown }> } } };
  return e.status === 422 && (e.response?.data?.errors ?? []).some((item) => item.code === 'already_exists');
}

/** Wrap every request: a time bound, and retries where they are safe and worth it. */
function retryRequests(octokit: Octokit, options: GitHubClientOptions): void {
  const maxAttempts = options.maxAttempts ?? 3;
  const baseDelay = options.retryDelayMs ?? 1000;
  const maxWait = options.maxRateLimitWaitMs ?? 60_000;
  const timeout = options.requestTimeoutMs ?? 30_000;
  octokit.hook.wrap('request', async (request, requestOptions) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await request({
          ...requestOptions,
          request: { ...requestOptions.request, signal: AbortSignal.timeout(timeout) },
        });
      } catch (error) {
        if (attempt >= maxAttempts) throw error;
        const e = error as {
          status?: unknown;
          response?: { headers?: Record<string, string | number | undefined> };
        };
        const status = typeof e.status === 'number' ? e.status : 0;
        const headers = e.response?.headers ?? {};
        let wait: number | null = null;
        if (e.response !== undefined && isRateLimit(status, headers)) {
          // Refused before it was served: safe to repeat any request.
          const lifts = rateLimitWaitMs(headers, Date.now());
          wait = lifts !== null && lifts <= maxWait ? lifts : null;
        } else if ((e.response === undefined || status >= 500) && REPEATABLE.has(requestOptions.method)) {
          wait = baseDelay * 2 ** (attempt - 1);
        }
        if (wait === null) throw error;
        const said = e.response === undefined ? 'no answer' : `${status}`;
        options.logger?.info(
          `GitHub: ${said} for ${requestOptions.method} ${requestOptions.url}; retrying in ${Math.ceil(wait / 1000)} s`,
        );
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  });
}
