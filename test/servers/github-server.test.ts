// The local GitHub server, exercised with the real Octokit from @actions/github over HTTP.
import { getOctokit } from '@actions/github';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubServer, type GitHubServer } from './github/index.js';

const REPO = 'acme/app';
const owner = 'acme';
const repo = 'app';
let server: GitHubServer;

beforeEach(async () => {
  server = await startGitHubServer();
  server.addRepo(REPO);
  server.addToken('write-token');
  server.addToken('read-token', { permission: 'read' });
});
afterEach(async () => {
  await server.close();
});

function octokit(token = 'write-token') {
  return getOctokit(token, { baseUrl: server.url, request: { retries: 0 } });
}

async function statusOf(
  promise: Promise<unknown>,
): Promise<{ status: number; message: string; headers: Record<string, string> }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { status: number; message: string; response?: { headers: Record<string, string> } };
    return { status: e.status, message: e.message, headers: e.response?.headers ?? {} };
  }
  throw new Error('expected the request to fail');
}

describe('issues', () => {
  it('creates, reads, edits and comments on issues, and lists them with their labels', async () => {
    const gh = octokit();
    const created = await gh.rest.issues.create({ owner, repo, title: 'T', body: 'B', labels: ['bug'] });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ number: 1, title: 'T', body: 'B', state: 'open' });
    expect(created.data.labels).toMatchObject([{ name: 'bug', color: 'ededed' }]);

    const comment = await gh.rest.issues.createComment({ owner, repo, issue_number: 1, body: 'again' });
    expect(comment.status).toBe(201);
    const comments = await gh.rest.issues.listComments({ owner, repo, issue_number: 1 });
    expect(comments.data.map((c) => c.body)).toEqual(['again']);

    await gh.rest.issues.update({ owner, repo, issue_number: 1, state: 'closed' });
    expect(server.issue(REPO, 1)?.state).toBe('closed');
    const open = await gh.rest.issues.listForRepo({ owner, repo });
    expect(open.data).toEqual([]);
    const all = await gh.rest.issues.listForRepo({ owner, repo, state: 'all', labels: 'bug' });
    expect(all.data.map((i) => [i.number, i.state, i.comments])).toEqual([[1, 'closed', 1]]);

    await gh.rest.issues.update({ owner, repo, issue_number: 1, state: 'open' });
    expect((await gh.rest.issues.get({ owner, repo, issue_number: 1 })).data.state).toBe('open');
  });

  it('lists pull requests among issues, marked with a pull_request key, as GitHub does', async () => {
    server.addPullRequest(REPO, { title: 'PR', labels: ['bug'] });
    server.addIssue(REPO, { title: 'issue', labels: ['bug'] });
    const { data } = await octokit().rest.issues.listForRepo({ owner, repo, labels: 'bug' });
    expect(data.map((i) => [i.number, i.pull_request !== undefined])).toEqual([
      [2, false],
      [1, true],
    ]);
  });

  it('pages listings with Link headers that octokit.paginate follows', async () => {
    for (let n = 0; n < 7; n += 1) server.addIssue(REPO, { title: `issue ${n}`, labels: ['x'] });
    const first = await octokit().rest.issues.listForRepo({ owner, repo, per_page: 3 });
    expect(first.data).toHaveLength(3);
    expect(first.headers.link).toContain('rel="next"');
    expect(first.headers.link).toContain('page=3');

    const all = await octokit().paginate(octokit().rest.issues.listForRepo, { owner, repo, per_page: 3 });
    expect(all.map((i) => i.title).sort()).toEqual([0, 1, 2, 3, 4, 5, 6].map((n) => `issue ${n}`));
    expect(server.requests.filter((r) => r.path === '/repos/acme/app/issues')).toHaveLength(4);
  });

  it('refuses a missing title and an over-long body with 422', async () => {
    const tooLong = await statusOf(
      octokit().rest.issues.create({ owner, repo, title: 'T', body: 'x'.repeat(65537) }),
    );
    expect(tooLong.status).toBe(422);
    expect(tooLong.message).toContain('too long');
    const noTitle = await statusOf(
      octokit().request('POST /repos/{owner}/{repo}/issues', { owner, repo } as never),
    );
    expect(noTitle.status).toBe(422);
  });

  it('answers 410 when the repository has issues disabled', async () => {
    server.setIssuesEnabled(REPO, false);
    const created = await statusOf(octokit().rest.issues.create({ owner, repo, title: 'T' }));
    expect(created.status).toBe(410);
    expect(created.message).toContain('Issues are disabled for this repo');
    expect((await statusOf(octokit().rest.issues.listForRepo({ owner, repo }))).status).toBe(410);
    expect((await octokit().rest.repos.get({ owner, repo })).data.has_issues).toBe(false);
  });

  it('answers 404 for an unknown repository or issue', async () => {
    expect((await statusOf(octokit().rest.issues.get({ owner, repo, issue_number: 9 }))).status).toBe(404);
    expect((await statusOf(octokit().rest.issues.listForRepo({ owner, repo: 'nope' }))).status).toBe(404);
  });
});

describe('labels', () => {
  it('gets, lists and creates labels; a second create is 422 already_exists', async () => {
    const gh = octokit();
    expect((await statusOf(gh.rest.issues.getLabel({ owner, repo, name: 'leak' }))).status).toBe(404);
    const made = await gh.rest.issues.createLabel({
      owner,
      repo,
      name: 'leak',
      color: 'b60205',
      description: 'd',
    });
    expect(made.data).toMatchObject({ name: 'leak', color: 'b60205', description: 'd' });
    expect((await gh.rest.issues.getLabel({ owner, repo, name: 'LEAK' })).data.name).toBe('leak');
    const again = await statusOf(gh.rest.issues.createLabel({ owner, repo, name: 'Leak', color: 'b60205' }));
    expect(again.status).toBe(422);
    expect(server.requests.at(-1)?.status).toBe(422);
    expect((await gh.rest.issues.listLabelsForRepo({ owner, repo })).data.map((l) => l.name)).toEqual([
      'leak',
    ]);
  });

  it('adds labels to an issue, creating unknown ones in the default colour as GitHub does', async () => {
    const number = server.addIssue(REPO, { title: 'T' });
    await octokit().rest.issues.addLabels({ owner, repo, issue_number: number, labels: ['a', 'b'] });
    expect(server.issue(REPO, number)?.labels).toEqual(['a', 'b']);
    expect(server.labels(REPO).map((l) => [l.name, l.color])).toEqual([
      ['a', 'ededed'],
      ['b', 'ededed'],
    ]);
  });
});

describe('search', () => {
  it('finds issues by a phrase in the body, with repo, is: and label: qualifiers, paginated', async () => {
    server.addIssue(REPO, { title: 'one', body: 'x <!-- marker=abc --> y', labels: ['leak'] });
    server.addIssue(REPO, { title: 'two', body: 'no marker here' });
    server.addPullRequest(REPO, { title: 'pr', body: '<!-- marker=abc -->' });
    server.addRepo('acme/other');
    server.addIssue('acme/other', { title: 'elsewhere', body: '<!-- marker=abc -->' });
    const gh = octokit();
    const found = await gh.rest.search.issuesAndPullRequests({
      q: `repo:${REPO} is:issue in:body "<!-- marker=abc -->"`,
    });
    expect(found.data.total_count).toBe(1);
    expect(found.data.items[0]?.title).toBe('one');
    const byLabel = await gh.rest.search.issuesAndPullRequests({ q: `repo:${REPO} label:leak` });
    expect(byLabel.data.items.map((i) => i.title)).toEqual(['one']);
    const paged = await gh.paginate(gh.rest.search.issuesAndPullRequests, { q: 'marker', per_page: 1 });
    expect(paged.map((i) => i.title).sort()).toEqual(['elsewhere', 'one', 'pr', 'two']);
  });
});

describe('tokens', () => {
  it('refuses writes with a read-only token (a fork pull request) but lets it read', async () => {
    server.addIssue(REPO, { title: 'T' });
    const refused = await statusOf(octokit('read-token').rest.issues.create({ owner, repo, title: 'x' }));
    expect(refused.status).toBe(403);
    expect(refused.message).toContain('Resource not accessible by integration');
    expect((await octokit('read-token').rest.issues.listForRepo({ owner, repo })).data).toHaveLength(1);
  });

  it('answers 401 Bad credentials for an unknown token and 401 for an anonymous write', async () => {
    expect((await statusOf(octokit('wrong').rest.issues.listForRepo({ owner, repo }))).status).toBe(401);
    const anonymous = await statusOf(
      fetch(`${server.url}/repos/${REPO}/issues`, { method: 'POST', body: '{"title":"x"}' }).then(
        async (r) => {
          const body = (await r.json()) as { message: string };
          throw Object.assign(new Error(body.message), { status: r.status });
        },
      ),
    );
    expect(anonymous).toMatchObject({ status: 401, message: 'Requires authentication' });
  });
});

describe('faults and limits', () => {
  it('sends rate-limit headers on every answer and counts requests down', async () => {
    const first = await octokit().rest.issues.listForRepo({ owner, repo });
    const second = await octokit().rest.issues.listForRepo({ owner, repo });
    expect(first.headers['x-ratelimit-limit']).toBe('1000');
    expect(
      Number(first.headers['x-ratelimit-remaining']) - Number(second.headers['x-ratelimit-remaining']),
    ).toBe(1);
  });

  it('answers a primary rate limit with 403 (or 429), remaining 0 and the reset time, until it resets', async () => {
    server.setRateLimit({ remaining: 0, resetInSeconds: 120 });
    const limited = await statusOf(octokit().rest.issues.listForRepo({ owner, repo }));
    expect(limited.status).toBe(403);
    expect(limited.headers['x-ratelimit-remaining']).toBe('0');
    expect(Number(limited.headers['x-ratelimit-reset']) - Date.now() / 1000).toBeGreaterThan(100);
    server.setRateLimit({ remaining: 5, status: 429 });
    expect((await octokit().rest.issues.listForRepo({ owner, repo })).status).toBe(200);
  });

  it('injects secondary rate limits with retry-after, 5xx answers and dropped connections, then recovers', async () => {
    server.injectFault({ kind: 'secondary-rate-limit', status: 429, retryAfterSeconds: 7, method: 'POST' });
    const secondary = await statusOf(octokit().rest.issues.create({ owner, repo, title: 'T' }));
    expect(secondary.status).toBe(429);
    expect(secondary.headers['retry-after']).toBe('7');
    expect(server.issues(REPO)).toHaveLength(0);

    server.injectFault({ kind: 'server-error', status: 503, path: '/issues', times: 2 });
    expect((await statusOf(octokit().rest.issues.listForRepo({ owner, repo }))).status).toBe(503);
    expect((await statusOf(octokit().rest.issues.listForRepo({ owner, repo }))).status).toBe(503);
    expect((await octokit().rest.issues.listForRepo({ owner, repo })).status).toBe(200);

    server.injectFault({ kind: 'drop' });
    const dropped = await statusOf(octokit().rest.issues.listForRepo({ owner, repo }));
    expect(dropped.status).toBe(500); // Octokit's status for a request that got no answer
    expect(server.requests.at(-1)?.status).toBe(0);
  });

  it('keeps answering rel="next" past the last page while an endless-next fault lasts', async () => {
    server.addIssue(REPO, { title: 'only' });
    server.injectFault({ kind: 'endless-next', path: '/issues', times: 2 });
    const first = await octokit().rest.issues.listForRepo({ owner, repo, per_page: 1 });
    expect(first.headers.link).toContain('page=2>; rel="next"');
    const beyond = await octokit().rest.issues.listForRepo({ owner, repo, per_page: 1, page: 2 });
    expect(beyond.data).toEqual([]);
    expect(beyond.headers.link).toContain('page=3>; rel="next"');
    const over = await octokit().rest.issues.listForRepo({ owner, repo, per_page: 1, page: 2 });
    expect(over.headers.link).not.toContain('rel="next"');
  });

  it('logs every request with its method, path, query, raw body and status', async () => {
    await octokit().rest.issues.create({ owner, repo, title: 'T', body: 'hello' });
    await octokit().rest.issues.listForRepo({ owner, repo, state: 'all' });
    expect(server.requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ['POST', '/repos/acme/app/issues', 201],
      ['GET', '/repos/acme/app/issues', 200],
    ]);
    expect(server.requests[0]?.body).toContain('"hello"');
    expect(server.requests[0]?.authenticated).toBe(true);
    expect(server.requests[1]?.query).toMatchObject({ state: 'all' });
    expect(server.mutations()).toHaveLength(1);
  });
});
