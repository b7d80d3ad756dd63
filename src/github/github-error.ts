// What can go wrong talking to GitHub, named once: every failure of the client becomes a GitHubError of one
// kind, with a one-line message that says what happened and what to change. Nothing here holds a token.

export type GitHubErrorKind =
  /** No token was given (the `github-token` input is empty). */
  | 'missing-token'
  /** 401: the token is wrong or expired. */
  | 'bad-credentials'
  /** 403 without a rate limit: the token may not do this (a fork's read-only token, missing `issues: write`). */
  | 'forbidden'
  /** 410: the repository has issues turned off. */
  | 'issues-disabled'
  /** 404: the repository (or issue) is not there, or the token cannot see it. */
  | 'not-found'
  /** 403/429 with a primary or secondary rate limit. */
  | 'rate-limited'
  /** 5xx, a dropped connection or no answer: GitHub is down or unreachable. */
  | 'unavailable'
  /** 422 and anything else GitHub refused. */
  | 'rejected';

export class GitHubError extends Error {
  override name = 'GitHubError';
  constructor(
    readonly kind: GitHubErrorKind,
    message: string,
    /** The HTTP status, or null when no answer came. */
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

export const MISSING_TOKEN_MESSAGE =
  'no GitHub token: set the `github-token` input (its default is the workflow token, `${{ github.token }}`)';

/** The shape of an Octokit RequestError that matters here (read structurally: Octokit is loaded lazily). */
interface RequestErrorLike {
  status?: unknown;
  message?: unknown;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

/** When a rate limit lifts, from GitHub's headers: `retry-after` (seconds) or `x-ratelimit-reset` (epoch s). */
export function rateLimitWaitMs(
  headers: Record<string, string | number | undefined>,
  nowMs: number,
): number | null {
  const retryAfter = headers['retry-after'];
  if (retryAfter !== undefined && Number.isFinite(Number(retryAfter))) return Number(retryAfter) * 1000;
  if (String(headers['x-ratelimit-remaining']) === '0') {
    const reset = Number(headers['x-ratelimit-reset']);
    if (Number.isFinite(reset)) return Math.max(0, reset * 1000 - nowMs);
  }
  return null;
}

/** A 403/429 that is a rate limit (GitHub uses 403 for both limits and missing permissions). */
export function isRateLimit(status: number, headers: Record<string, string | number | undefined>): boolean {
  if (status !== 403 && status !== 429) return false;
  return (
    status === 429 || headers['retry-after'] !== undefined || String(headers['x-ratelimit-remaining']) === '0'
  );
}

/** GitHub's own message, without the documentation link Octokit appends. */
function githubMessage(error: RequestErrorLike): string {
  const data = error.response?.data as { message?: unknown; errors?: unknown } | undefined;
  let text =
    typeof data?.message === 'string'
      ? data.message
      : typeof error.message === 'string'
        ? error.message
        : 'unknown error';
  text = text.replace(/\s+-\s+https?:\/\/\S+$/, '');
  if (Array.isArray(data?.errors) && data.errors.length > 0) {
    const details = data.errors.map((e: unknown) => {
      const item = e as { message?: unknown; field?: unknown; code?: unknown } | null;
      if (typeof item?.message === 'string') return item.message;
      return [item?.field, item?.code].filter((part) => typeof part === 'string').join(' ');
    });
    text += ` (${details.join('; ')})`;
  }
  return text.split('\n')[0] ?? text;
}

function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16) + ' UTC';
}

/**
 * Turn whatever the Octokit call threw into a GitHubError. `what` names the attempted step ("open an issue in
 * acme/app") and starts every message.
 */
export function toGitHubError(error: unknown, what: string, nowMs = Date.now()): GitHubError {
  if (error instanceof GitHubError) return error;
  const e = (error ?? {}) as RequestErrorLike;
  const status = typeof e.status === 'number' ? e.status : null;
  const headers = e.response?.headers ?? {};
  // Octokit reports a request that got no answer as status 500 without a response.
  if (status === null || e.response === undefined) {
    const cause = typeof e.message === 'string' ? e.message : String(error);
    return new GitHubError('unavailable', `cannot ${what}: GitHub did not answer (${cause})`, null);
  }
  const said = `${status} ${githubMessage(e)}`;
  if (isRateLimit(status, headers)) {
    const wait = rateLimitWaitMs(headers, nowMs);
    const when = wait === null ? '' : `; it lifts at ${clock(nowMs + wait)}`;
    return new GitHubError(
      'rate-limited',
      `cannot ${what}: GitHub's rate limit was reached (${said})${when}`,
      status,
    );
  }
  switch (status) {
    case 401:
      return new GitHubError(
        'bad-credentials',
        `cannot ${what}: GitHub refused the token (${said}); check the \`github-token\` input`,
        status,
      );
    case 403:
      return new GitHubError(
        'forbidden',
        `cannot ${what}: the token is not allowed to (${said}); give the job \`permissions: issues: write\` ` +
          '(a pull request from a fork only ever gets a read-only token)',
        status,
      );
    case 404:
      return new GitHubError(
        'not-found',
        `cannot ${what}: not found (${said}); check the repository name and that the token can read it`,
        status,
      );
    case 410:
      return new GitHubError(
        'issues-disabled',
        `cannot ${what}: issues are disabled in this repository (${said}); turn them on in Settings > ` +
          'General > Features, or set `open-issue: false`',
        status,
      );
    default:
      if (status >= 500) {
        return new GitHubError(
          'unavailable',
          `cannot ${what}: GitHub is not answering properly (${said})`,
          status,
        );
      }
      return new GitHubError('rejected', `cannot ${what}: GitHub refused the request (${said})`, status);
  }
}
