// The GitHub client and the open-or-update of tracked issues, against the local GitHub server over HTTP.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitHubClient, type LabelSpec } from '../../src/github/github-client.js';
import { GitHubError } from '../../src/github/github-error.js';
import { IssueTracker, fingerprintMarker, type TrackedIssue } from '../../src/github/issue-tracker.js';
import { RecordingLogger } from '../../src/logger.js';
import { startGitHubServer, type GitHubServer } from '../servers/github/index.js';

const REPO = 'acme/app';
const LABELS: LabelSpec[] = [
  { name: 'secret-guard', color: 'b60205', description: 'A leaked AWS key to rotate' },
  { name: 'security', color: 'd93f0b', description: 'Security' },
];
let server: GitHubServer;

beforeEach(async () => {
  server = await startGitHubServer();
  server.addRepo(REPO);
  server.addToken('t');
  server.addToken('read-only', { permission: 'read' });
});
afterEach(async () => {
  await server.close();
});

async function client(
  options: {
    token?: string;
    logger?: RecordingLogger;
    maxRateLimitWaitMs?: number;
    maxPages?: number;
    perPage?: number;
  } = {},
): Promise<GitHubClient> {
  return GitHubClient.open({
    token: options.token ?? 't',
    repository: REPO,
    apiUrl: server.url,
    retryDelayMs: 10,
    maxRateLimitWaitMs: options.maxRateLimitWaitMs ?? 5_000,
    ...(options.maxPages ? { maxPages: options.maxPages } : {}),
    ...(options.perPage ? { perPage: options.perPage } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
}

function tracked(overrides: Partial<TrackedIssue> = {}): TrackedIssue {
  return {
    fingerprint: 'fp1',
    title: 'AKIA-TITLE',
    body: 'the body',
    sighting: { id: 'commit1:file:3', comment: 'seen again in commit1' },
    reopen: false,
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<GitHubError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GitHubError) return error;
    throw error;
  }
  throw new Error('expected a GitHubError');
}

describe('IssueTracker.openOrUpdate', () => {
  it('opens an issue with the labels (created first, in their colours) and a hidden fingerprint marker', async () => {
    const outcome = await new IssueTracker(await client(), LABELS).openOrUpdate(tracked());
    expect(outcome).toMatchObject({ action: 'opened', number: 1 });
    expect(outcome.url).toBe('https://github.com/acme/app/issues/1');
    const issue = server.issue(REPO, 1)!;
    expect(issue.title).toBe('AKIA-TITLE');
    expect(issue.body).toContain('the body');
    expect(issue.body).toContain(fingerprintMarker('fp1'));
    expect(issue.labels).toEqual(['secret-guard', 'security']);
    expect(server.labels(REPO).map((l) => [l.name, l.color])).toEqual([
      ['secret-guard', 'b60205'],
      ['security', 'd93f0b'],
    ]);
    // The labels were made before the issue named them (else GitHub would make them grey).
    const paths = server.mutations().map((r) => r.path);
    expect(paths).toEqual(['/repos/acme/app/labels', '/repos/acme/app/labels', '/repos/acme/app/issues']);
  });

  it('keeps existing labels as they are', async () => {
    server.addLabel(REPO, 'secret-guard', { color: '000000' });
    await new IssueTracker(await client(), LABELS).openOrUpdate(tracked());
    expect(server.labels(REPO).find((l) => l.name === 'secret-guard')?.color).toBe('000000');
    expect(server.mutations().filter((r) => r.path.endsWith('/labels'))).toHaveLength(1);
  });

  it('comments on the open issue of the same fingerprint instead of opening another, once per sighting', async () => {
    await new IssueTracker(await client(), LABELS).openOrUpdate(tracked());
    // A later run: a new tracker, the same key seen in another commit.
    const second = await new IssueTracker(await client(), LABELS).openOrUpdate(
      tracked({ sighting: { id: 'commit2:file:9', comment: 'seen in commit2' } }),
    );
    expect(second).toMatchObject({ action: 'commented', number: 1 });
    expect(server.issues(REPO)).toHaveLength(1);
    expect(server.issue(REPO, 1)?.comments.map((c) => c.body.split('\n')[0])).toEqual(['seen in commit2']);

    // The same sightings again (a nightly history scan): nothing new to say.
    for (const id of ['commit1:file:3', 'commit2:file:9']) {
      const again = await new IssueTracker(await client(), LABELS).openOrUpdate(
        tracked({ sighting: { id, comment: 'x' } }),
      );
      expect(again.action).toBe('unchanged');
    }
    expect(server.issue(REPO, 1)?.comments).toHaveLength(1);
  });

  it('finds its issue among many pages, skipping pull requests and issues of other keys', async () => {
    for (let n = 0; n < 150; n += 1) server.addIssue(REPO, { title: `other ${n}`, labels: ['secret-guard'] });
    server.addPullRequest(REPO, { title: 'pr', body: fingerprintMarker('fp1'), labels: ['secret-guard'] });
    const mine = server.addIssue(REPO, {
      title: 'old',
      body: `x\n${fingerprintMarker('fp1')}`,
      labels: ['secret-guard'],
    });
    for (let n = 0; n < 60; n += 1) server.addIssue(REPO, { title: `newer ${n}`, labels: ['secret-guard'] });
    const outcome = await new IssueTracker(await client(), LABELS).openOrUpdate(tracked());
    expect(outcome).toMatchObject({ action: 'commented', number: mine });
    const listings = server.requests.filter((r) => r.method === 'GET' && r.path === '/repos/acme/app/issues');
    expect(listings).toHaveLength(3);
    expect(listings[0]?.query).toMatchObject({ state: 'all', labels: 'secret-guard', per_page: '100' });
  });

  it('reopens a closed issue when asked (the key is live again), and says why', async () => {
    const number = server.addIssue(REPO, {
      title: 'k',
      body: `${fingerprintMarker('fp1')}\n<!-- secret-guard:sighting=commit1:file:3 -->`,
      labels: ['secret-guard'],
      state: 'closed',
    });
    const left = await new IssueTracker(await client(), LABELS).openOrUpdate(tracked());
    expect(left.action).toBe('unchanged');
    expect(server.issue(REPO, number)?.state).toBe('closed');

    const reopened = await new IssueTracker(await client(), LABELS).openOrUpdate(tracked({ reopen: true }));
    expect(reopened.action).toBe('reopened');
    expect(server.issue(REPO, number)?.state).toBe('open');
    expect(server.issue(REPO, number)?.comments).toHaveLength(1);
  });

  it('lists issues once per run and remembers the issues it opened', async () => {
    const tracker = new IssueTracker(await client(), LABELS);
    await tracker.openOrUpdate(tracked());
    const second = await tracker.openOrUpdate(tracked({ sighting: { id: 'other', comment: 'c' } }));
    const third = await tracker.openOrUpdate(tracked({ fingerprint: 'fp2', title: 'two' }));
    expect(second).toMatchObject({ action: 'commented', number: 1 });
    expect(third).toMatchObject({ action: 'opened', number: 2 });
    expect(server.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/issues'))).toHaveLength(1);
  });

  it('makes a fingerprint safe inside the HTML comment', async () => {
    await new IssueTracker(await client(), LABELS).openOrUpdate(tracked({ fingerprint: 'a-->b <x>' }));
    expect(server.issue(REPO, 1)?.body).toContain('<!-- secret-guard:fingerprint=a-_b__x_ -->');
  });
});

describe('GitHubClient errors', () => {
  it('names a missing token before any request', async () => {
    const error = await failure(client({ token: ' ' }));
    expect(error.kind).toBe('missing-token');
    expect(error.message).toContain('github-token');
    expect(server.requests).toHaveLength(0);
  });

  it('names issues disabled (410) with the fix', async () => {
    server.setIssuesEnabled(REPO, false);
    const error = await failure(new IssueTracker(await client(), LABELS).openOrUpdate(tracked()));
    expect(error).toMatchObject({ kind: 'issues-disabled', status: 410 });
    expect(error.message).toMatch(/issues are disabled.*open-issue: false/);
  });

  it("names a read-only token's refusal (403) with the permission to grant", async () => {
    const error = await failure(
      new IssueTracker(await client({ token: 'read-only' }), LABELS).openOrUpdate(tracked()),
    );
    expect(error).toMatchObject({ kind: 'forbidden', status: 403 });
    expect(error.message).toContain('issues: write');
  });

  it('names bad credentials (401)', async () => {
    const error = await failure((await client({ token: 'nope' })).listIssues(null));
    expect(error).toMatchObject({ kind: 'bad-credentials', status: 401 });
  });

  it('retries a 5xx on a read, then succeeds, saying so in the log', async () => {
    server.injectFault({ kind: 'server-error', status: 502, times: 2 });
    const logger = new RecordingLogger();
    expect(await (await client({ logger })).listIssues(null)).toEqual([]);
    expect(server.requests.map((r) => r.status)).toEqual([502, 502, 200]);
    expect(logger.messages.map((m) => m.message).join('\n')).toMatch(/502 for GET .*retrying/);
  });

  it('gives up on GitHub down after three attempts: unavailable', async () => {
    server.injectFault({ kind: 'server-error', status: 503, times: 10 });
    const error = await failure((await client()).listIssues(null));
    expect(error).toMatchObject({ kind: 'unavailable', status: 503 });
    expect(server.requests).toHaveLength(3);
  });

  it('does not repeat an issue creation that got a 5xx (it may have taken effect)', async () => {
    server.injectFault({ kind: 'server-error', method: 'POST', path: '/issues', times: 5 });
    const error = await failure((await client()).createIssue({ title: 't', body: 'b', labels: [] }));
    expect(error.kind).toBe('unavailable');
    expect(server.mutations()).toHaveLength(1);
  });

  it('names a connection that got no answer: unavailable', async () => {
    server.injectFault({ kind: 'drop', times: 5 });
    const error = await failure((await client()).listIssues(null));
    expect(error.kind).toBe('unavailable');
    expect(error.message).toContain('GitHub did not answer');
  });

  it('waits out a short secondary rate limit (retry-after), even on a POST', async () => {
    server.injectFault({ kind: 'secondary-rate-limit', method: 'POST', retryAfterSeconds: 1 });
    const created = await (await client()).createIssue({ title: 't', body: 'b', labels: [] });
    expect(created.number).toBe(1);
    expect(server.mutations().map((r) => r.status)).toEqual([403, 201]);
  });

  it('gives up at once on a rate limit that lifts too late: rate-limited, with when it lifts', async () => {
    server.setRateLimit({ remaining: 0, resetInSeconds: 3600, status: 429 });
    const error = await failure((await client({ maxRateLimitWaitMs: 1000 })).listIssues(null));
    expect(error).toMatchObject({ kind: 'rate-limited', status: 429 });
    expect(error.message).toMatch(/rate limit.*lifts at \d\d:\d\d UTC/);
    expect(server.requests).toHaveLength(1);
  });

  it('tells a 403 rate limit from a 403 refusal', async () => {
    server.injectFault({ kind: 'rate-limit', status: 403, resetInSeconds: 3600 });
    const error = await failure((await client({ maxRateLimitWaitMs: 1000 })).listIssues(null));
    expect(error.kind).toBe('rate-limited');
  });
});

describe('GitHubClient paging', () => {
  const warnings = (logger: RecordingLogger) =>
    logger.messages.filter((m) => m.level === 'warn').map((m) => m.message);

  it('stops after 100 pages of a server that never stops saying "next", warns, and opens a new issue', async () => {
    server.injectFault({ kind: 'endless-next', method: 'GET', path: /\/issues$/, times: Infinity });
    const logger = new RecordingLogger();
    const outcome = await new IssueTracker(await client({ logger }), LABELS).openOrUpdate(tracked());
    expect(outcome.action).toBe('opened');
    expect(server.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/issues'))).toHaveLength(100);
    const [warning, ...more] = warnings(logger);
    expect(more).toEqual([]);
    expect(warning).toMatch(
      /stopped listing the issues of acme\/app labelled 'secret-guard' after 100 pages/,
    );
    expect(warning).toMatch(/an issue opened before for the same key may be missed and a new one opened/);
  });

  it('reads only the newest pages of a repository with more issues than that, and says how to narrow the list', async () => {
    // Real issues past the cap here (3 pages of 1): the oldest, listed last, is not reached.
    for (let n = 0; n < 4; n += 1) server.addIssue(REPO, { title: `issue ${n}` });
    const logger = new RecordingLogger();
    const issues = await (await client({ logger, maxPages: 3, perPage: 1 })).listIssues(null);
    expect(issues.map((i) => i.title)).toEqual(['issue 3', 'issue 2', 'issue 1']);
    expect(warnings(logger)).toEqual([
      expect.stringMatching(
        /after 3 pages \(3 issues, the newest\).*a label \(the first of issue-labels\) narrows/,
      ),
    ]);
  });

  it('says nothing when the last page comes before the cap', async () => {
    for (let n = 0; n < 3; n += 1) server.addIssue(REPO, { title: `issue ${n}` });
    const logger = new RecordingLogger();
    const issues = await (await client({ logger, maxPages: 3, perPage: 1 })).listIssues(null);
    expect(issues).toHaveLength(3);
    expect(warnings(logger)).toEqual([]);
  });

  it('stops reading the comments of an issue after 100 pages, warns, and still comments', async () => {
    const number = server.addIssue(REPO, {
      title: 'T',
      body: `old\n\n${fingerprintMarker('fp1')}\n`,
      labels: ['secret-guard'],
    });
    server.injectFault({ kind: 'endless-next', method: 'GET', path: /\/comments$/, times: Infinity });
    const logger = new RecordingLogger();
    const outcome = await new IssueTracker(await client({ logger }), LABELS).openOrUpdate(tracked());
    expect(outcome).toMatchObject({ action: 'commented', number });
    expect(server.requests.filter((r) => r.path.endsWith('/comments') && r.method === 'GET')).toHaveLength(
      100,
    );
    expect(warnings(logger)).toEqual([
      expect.stringMatching(/stopped reading the comments of issue #1 in acme\/app after 100 pages/),
    ]);
  });
});
