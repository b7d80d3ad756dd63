// The GitHub Action as the runner runs it: the bundled entry in a child process, with INPUT_* variables, an event
// payload, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, a real checkout (shallow too), the local AWS server and
// the local GitHub server. What GitHub users see is asserted, and that no channel ever holds the secret.
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ACTION_REPO as REPO,
  checkoutInto,
  prPayload,
  pushPayload,
  runAction,
  type ActionRun,
} from '../helpers/action.js';
import { makeRepo, type TempRepo } from '../helpers/git-repo.js';
import { startGitHubServer, type GitHubServer } from '../servers/github/index.js';
import { ACCOUNT, setUp, type Fixture } from '../verify/aws-fixture.js';

let validateSarif: ValidateFunction;
let github: GitHubServer;
let aws: Fixture;
const repos: TempRepo[] = [];

beforeAll(() => {
  const schema = JSON.parse(
    readFileSync(new URL('../fixtures/sarif-schema-2.1.0.json', import.meta.url), 'utf8'),
  ) as Record<string, unknown>;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  validateSarif = ajv.compile(schema);
});

beforeEach(async () => {
  github = await startGitHubServer();
  github.addRepo(REPO);
  github.addToken('test-token');
  github.addToken('read-only-token', { permission: 'read' });
  aws = await setUp('respond');
});

afterEach(async () => {
  await github.close();
  await aws.close();
  for (const r of repos.splice(0)) r.remove();
});

function repo(options: { bare?: boolean } = {}): TempRepo {
  const r = makeRepo(options);
  repos.push(r);
  return r;
}

function awsEnv(): NodeJS.ProcessEnv {
  const credentials = aws.aws.credentials as { accessKeyId: string; secretAccessKey: string };
  return {
    AWS_ENDPOINT_URL_IAM: aws.server.url,
    AWS_ENDPOINT_URL_STS: aws.server.url,
    AWS_ENDPOINT_URL_CLOUDTRAIL: aws.server.url,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_REGION: 'us-east-1',
  };
}

/** An app user's live key pair in the AWS server. */
function liveKey(): { accessKeyId: string; secretAccessKey: string } {
  aws.server.addUser(ACCOUNT, 'app');
  return aws.server.addKey(ACCOUNT, 'app');
}

function envFile(key: { accessKeyId: string; secretAccessKey: string }): string {
  return `# deploy settings\nREGION=us-east-1\nAWS_ACCESS_KEY_ID=${key.accessKeyId}\nAWS_SECRET_ACCESS_KEY=${key.secretAccessKey}\n`;
}

interface Remote {
  origin: TempRepo;
  work: TempRepo;
  /** The first commit on main, which holds the trusted settings. */
  base: string;
}

/** A remote ("origin", bare) with a main branch whose settings name our account, and a working clone of it. */
function remote(): Remote {
  const origin = repo({ bare: true });
  const work = repo();
  work.git('remote', 'add', 'origin', origin.dir);
  const base = work.commit(
    { '.secret-guard.yml': `accounts: ["${ACCOUNT}"]\n`, 'README.md': 'app\n' },
    'start',
  );
  work.git('push', '-q', 'origin', 'main');
  return { origin, work, base };
}

/** A checkout as actions/checkout makes it (see checkoutInto). */
function checkout(origin: TempRepo, ref: string, options: { shallow?: boolean } = {}): TempRepo {
  return checkoutInto(repo(), origin, ref, options);
}

/** Every channel a person or a machine could read, joined: none may hold the secret. */
function channels(run: ActionRun): string {
  const stdoutWithoutMasks = run.stdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
  return [
    stdoutWithoutMasks,
    run.stderr,
    JSON.stringify(run.outputs),
    run.summary,
    run.sarif ?? '',
    ...github.requests.map((r) => r.body),
    ...github.issues(REPO).flatMap((i) => [i.title, i.body ?? '', ...i.comments.map((c) => c.body)]),
  ].join('\n');
}

describe('a push that adds a live key pair', () => {
  it('annotates, deactivates the key, opens one rotation issue, writes outputs, summary and SARIF, and never shows the secret', async () => {
    const { origin, work, base } = remote();
    const key = liveKey();
    const leak = work.commit({ 'deploy/.env': envFile(key) }, 'deploy settings');
    work.git('push', '-q', 'origin', 'main');
    const workspace = checkout(origin, 'main');

    const run = await runAction({
      workspace: workspace.dir,
      eventName: 'push',
      payload: pushPayload('refs/heads/main', base, leak),
      apiUrl: github.url,
      env: awsEnv(),
    });

    expect(run.exitCode).toBe(1);
    // Masked before anything else was logged.
    expect(run.masked).toContain(key.secretAccessKey);
    const firstMask = run.stdout.indexOf('::add-mask::' + key.secretAccessKey);
    expect(run.stdout.indexOf('::error')).toBeGreaterThan(firstMask);

    // One error annotation per finding, at its file and line.
    const located = run.annotations.filter((a) => a.properties.file);
    expect(located.map((a) => [a.properties.file, a.properties.line])).toEqual([
      ['deploy/.env', '3'],
      ['deploy/.env', '4'],
    ]);
    expect(located[0]?.message).toContain(key.accessKeyId);
    expect(located[0]?.message).toContain('deactivated');

    // The key was deactivated, with secret-guard's own credentials.
    expect(aws.server.keyStatus(key.accessKeyId)).toBe('Inactive');

    // Outputs.
    expect(run.outputs.findings).toBe('2');
    expect(run.outputs['confirmed-leaks']).toBe('1');
    const issues = JSON.parse(run.outputs.issues ?? '[]') as Array<Record<string, unknown>>;
    expect(issues).toEqual([
      {
        keyId: key.accessKeyId,
        verdict: 'confirmed',
        number: 1,
        url: 'https://github.com/acme/app/issues/1',
        action: 'opened',
      },
    ]);

    // The job summary: a table with file, line, commit, key id, verdict and action.
    expect(run.summary).toContain('deploy/.env');
    expect(run.summary).toContain(key.accessKeyId);
    expect(run.summary).toContain(leak.slice(0, 7));
    expect(run.summary).toMatch(/deactivated/);
    // A push may not allow its own keys: the advice names only what counts here, and why.
    expect(run.summary).not.toContain('add `# secret-guard:allow`');
    expect(run.summary).toContain('list it in `allow.keyIds` or `allow.paths` in `.secret-guard.yml`');
    expect(run.summary).toMatch(
      /`# secret-guard:allow` comment is not honoured in this run: .*pull request or push/,
    );

    // SARIF, valid against the 2.1.0 schema.
    const sarif = JSON.parse(run.sarif ?? 'null') as unknown;
    expect(validateSarif(sarif), JSON.stringify(validateSarif.errors)).toBe(true);

    // The rotation issue: title the key id; where, verdict, what was done, the runbook with user and key.
    const [issue] = github.issues(REPO);
    expect(issue?.title).toBe(key.accessKeyId);
    expect(issue?.labels).toEqual(['secret-guard', 'security']);
    const body = issue?.body ?? '';
    expect(body).toContain(`commit/${leak}`);
    expect(body).toContain('deploy/.env');
    expect(body).toContain('line 3');
    expect(body).toContain('Test Author');
    expect(body).toContain('`app`');
    expect(body).toContain(`\`${ACCOUNT}\``);
    expect(body).toContain('**Deactivated**');
    expect(body).toContain(`aws iam create-access-key --user-name app`);
    expect(body).toContain(`aws iam delete-access-key --user-name app --access-key-id ${key.accessKeyId}`);
    expect(body).toMatch(/Git history/);
    expect(body).toMatch(/CloudTrail/);
    expect(body).toMatch(/90-day/);
    expect(body).toContain('<!-- secret-guard:fingerprint=');

    expect(channels(run)).not.toContain(key.secretAccessKey);
  });

  it('masks a session token found with an ASIA pair, and never shows it', async () => {
    const { origin, work, base } = remote();
    const key = liveKey();
    const session = aws.server.mintSession(key.accessKeyId);
    const leak = work.commit(
      {
        'deploy/session.env':
          `AWS_ACCESS_KEY_ID=${session.accessKeyId}\nAWS_SECRET_ACCESS_KEY=${session.secretAccessKey}\n` +
          `AWS_SESSION_TOKEN=${session.sessionToken ?? ''}\n`,
      },
      'session',
    );
    work.git('push', '-q', 'origin', 'main');
    const run = await runAction({
      workspace: checkout(origin, 'main').dir,
      eventName: 'push',
      payload: pushPayload('refs/heads/main', base, leak),
      apiUrl: github.url,
      inputs: { verify: 'false', 'open-issue': 'false' },
    });
    expect(run.exitCode).toBe(1);
    expect(run.masked).toContain(session.secretAccessKey);
    expect(run.masked).toContain(session.sessionToken);
    const shown = channels(run);
    expect(shown).not.toContain(session.secretAccessKey);
    expect(shown).not.toContain(session.sessionToken);
  });

  it('comments on the open issue when the same key is pushed again, instead of opening another', async () => {
    const { origin, work, base } = remote();
    const key = liveKey();
    const first = work.commit({ 'deploy/.env': envFile(key) }, 'deploy settings');
    work.git('push', '-q', 'origin', 'main');
    const run1 = await runAction({
      workspace: checkout(origin, 'main').dir,
      eventName: 'push',
      payload: pushPayload('refs/heads/main', base, first),
      apiUrl: github.url,
      env: awsEnv(),
    });
    expect(JSON.parse(run1.outputs.issues ?? '[]')).toMatchObject([{ action: 'opened', number: 1 }]);

    const second = work.commit({ 'other/.env': envFile(key) }, 'copy the settings');
    work.git('push', '-q', 'origin', 'main');
    const run2 = await runAction({
      workspace: checkout(origin, 'main').dir,
      eventName: 'push',
      payload: pushPayload('refs/heads/main', first, second),
      apiUrl: github.url,
      env: awsEnv(),
    });
    expect(run2.exitCode).toBe(1);
    expect(github.issues(REPO)).toHaveLength(1);
    // Already inactive now: not a confirmed live leak, but its open issue still learns of the new place.
    expect(JSON.parse(run2.outputs.issues ?? '[]')).toMatchObject([{ action: 'commented', number: 1 }]);
    expect(github.issue(REPO, 1)?.comments.map((c) => c.body)).toEqual([
      expect.stringContaining('other/.env'),
    ]);

    // A new live key of the same user, pushed twice: one issue, one comment.
    const key2 = aws.server.addKey(ACCOUNT, 'app');
    const third = work.commit({ 'deploy/.env': envFile(key2) }, 'rotate');
    work.git('push', '-q', 'origin', 'main');
    await runAction({
      workspace: checkout(origin, 'main').dir,
      eventName: 'push',
      payload: pushPayload('refs/heads/main', second, third),
      apiUrl: github.url,
      env: { ...awsEnv() },
      inputs: { respond: 'false' },
    });
    const fourth = work.commit({ 'copy/.env': envFile(key2) }, 'again');
    work.git('push', '-q', 'origin', 'main');
    const run4 = await runAction({
      workspace: checkout(origin, 'main').dir,
      eventName: 'push',
      payload: pushPayload('refs/heads/main', third, fourth),
      apiUrl: github.url,
      env: awsEnv(),
      inputs: { respond: 'false' },
    });
    expect(JSON.parse(run4.outputs.issues ?? '[]')).toMatchObject([{ action: 'commented', number: 2 }]);
    expect(github.issues(REPO)).toHaveLength(2);
    expect(github.issue(REPO, 2)?.comments).toHaveLength(1);
    expect(github.issue(REPO, 2)?.comments[0]?.body).toContain('copy/.env');
    expect(channels(run4)).not.toContain(key2.secretAccessKey);
  });
});

describe('what is scanned', () => {
  it('a pull request: its own commits (base..head), fetched into a shallow checkout', async () => {
    const { origin, work, base } = remote();
    const key = liveKey();
    work.git('checkout', '-q', '-b', 'feature');
    work.commit({ 'deploy/.env': envFile(key) }, 'add settings');
    const head = work.commit({ 'docs/notes.md': 'notes\n' }, 'docs');
    work.git('push', '-q', 'origin', 'feature');
    // actions/checkout's default: one commit deep, the head only.
    const workspace = checkout(origin, 'feature');
    expect(workspace.git('rev-parse', '--is-shallow-repository')).toBe('true');

    const run = await runAction({
      workspace: workspace.dir,
      eventName: 'pull_request',
      payload: prPayload(base, head),
      apiUrl: github.url,
      env: awsEnv(),
      inputs: { respond: 'false', 'open-issue': 'false' },
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.findings).toBe('2');
    expect(run.annotations.filter((a) => a.properties.file).map((a) => a.properties.file)).toEqual([
      'deploy/.env',
      'deploy/.env',
    ]);
    expect(run.summary).toContain('pull request \\#12');
    expect(channels(run)).not.toContain(key.secretAccessKey);
  });

  it('a pull request from a fork: scanned and annotated, but not verified, not acted on, no issue: a notice, not a failure of its own', async () => {
    const { origin, work, base } = remote();
    const key = liveKey();
    work.git('checkout', '-q', '-b', 'feature');
    const head = work.commit({ 'deploy/.env': envFile(key) }, 'add settings');
    work.git('push', '-q', 'origin', 'feature');

    const run = await runAction({
      workspace: checkout(origin, 'feature').dir,
      eventName: 'pull_request',
      payload: prPayload(base, head, 'stranger/app'),
      apiUrl: github.url,
      // A fork's run: no AWS secrets and a read-only token.
      env: {},
      inputs: { 'github-token': 'read-only-token' },
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.findings).toBe('2');
    expect(run.annotations.filter((a) => a.properties.file)).toHaveLength(2);
    const notices = run.commands.filter((c) => c.command === 'notice').map((c) => c.message);
    expect(notices.join('\n')).toMatch(/pull request from the fork stranger\/app.*no issue is opened/s);
    expect(github.requests).toHaveLength(0);
    expect(aws.server.calls).toHaveLength(0);
    expect(run.summary).toContain('stranger/app');
    expect(channels(run)).not.toContain(key.secretAccessKey);
  });

  it('pull_request_target from a fork, with the base checked out: the head is fetched and scanned, with the base repository’s rights', async () => {
    const { origin, work, base } = remote();
    const key = liveKey();
    // The fork's commits reach the base repository as refs/pull/<n>/head.
    work.git('checkout', '-q', '-b', 'fork-work');
    const head = work.commit({ 'deploy/.env': envFile(key) }, 'from a fork');
    work.git('push', '-q', 'origin', 'HEAD:refs/pull/12/head');

    const workspace = checkout(origin, 'main');
    const run = await runAction({
      workspace: workspace.dir,
      eventName: 'pull_request_target',
      payload: prPayload(base, head, 'stranger/app'),
      apiUrl: github.url,
      env: awsEnv(),
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.findings).toBe('2');
    expect(aws.server.keyStatus(key.accessKeyId)).toBe('Inactive');
    expect(JSON.parse(run.outputs.issues ?? '[]')).toMatchObject([{ action: 'opened' }]);
    expect(github.issue(REPO, 1)?.body).toContain('[#12 Add deploy settings]');
    // Nothing of the head was checked out: the work tree is still the base.
    expect(workspace.git('rev-parse', 'HEAD')).toBe(base);
    expect(channels(run)).not.toContain(key.secretAccessKey);
  });

  it('a new branch: only the commits no other branch has', async () => {
    const { origin, work } = remote();
    const old = liveKey();
    // A key already on main (reported when main was pushed) is not this push's doing.
    work.commit({ 'legacy/.env': envFile(old) }, 'old');
    work.git('push', '-q', 'origin', 'main');
    work.git('checkout', '-q', '-b', 'feature');
    const key = aws.server.addKey(ACCOUNT, 'app');
    work.commit({ 'deploy/.env': envFile(key) }, 'new settings');
    const head = work.commit({ 'x.txt': 'x\n' }, 'more');
    work.git('push', '-q', 'origin', 'feature');

    const run = await runAction({
      workspace: checkout(origin, 'feature').dir,
      eventName: 'push',
      payload: pushPayload('refs/heads/feature', '0'.repeat(40), head),
      apiUrl: github.url,
      inputs: { verify: 'false', 'open-issue': 'false' },
    });
    expect(run.exitCode).toBe(1);
    const files = run.annotations.filter((a) => a.properties.file).map((a) => a.properties.file);
    expect(files).toEqual(['deploy/.env', 'deploy/.env']);
    expect(run.summary).toContain('new branch feature');
  });

  it.each([
    ['still on the remote', false],
    ['gone from the remote', true],
  ])('a forced push, the old tip %s: what the new tip adds', async (_, pruned) => {
    const { origin, work, base } = remote();
    work.git('checkout', '-q', '-b', 'feature');
    const oldTip = work.commit({ 'a.txt': 'a\n' }, 'first try');
    work.git('push', '-q', 'origin', 'feature');
    work.git('reset', '-q', '--hard', base);
    const key = liveKey();
    const newTip = work.commit({ 'deploy/.env': envFile(key) }, 'second try');
    work.git('push', '-q', '--force', 'origin', 'feature');
    if (pruned) {
      origin.git('reflog', 'expire', '--expire=now', '--all');
      origin.git('gc', '-q', '--prune=now');
      expect(() => origin.git('cat-file', '-e', oldTip)).toThrow();
    }

    const run = await runAction({
      workspace: checkout(origin, 'feature').dir,
      eventName: 'push',
      payload: pushPayload('refs/heads/feature', oldTip, newTip, { forced: true }),
      apiUrl: github.url,
      inputs: { verify: 'false', 'open-issue': 'false' },
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.findings).toBe('2');
    if (pruned) {
      const notices = run.commands.filter((c) => c.command === 'notice').map((c) => c.message);
      expect(notices.join('\n')).toContain(`old tip ${oldTip.slice(0, 12)} cannot be fetched`);
      expect(run.summary).toContain('new branch feature');
    } else {
      expect(run.summary).toContain(`forced push to refs/heads/feature (${oldTip.slice(0, 12)}`);
    }
  });

  it('a shallow checkout whose missing history cannot be fetched: exit 3, naming fetch-depth: 0', async () => {
    const { origin, work, base } = remote();
    const key = liveKey();
    work.commit({ 'deploy/.env': envFile(key) }, 'leak');
    const head = work.commit({ 'x.txt': 'x\n' }, 'more');
    work.git('push', '-q', 'origin', 'main');
    const workspace = checkout(origin, 'main');
    // As with persist-credentials: false on a private repository: the remote cannot be read.
    workspace.git('remote', 'set-url', 'origin', `${origin.dir}-gone`);
    const run = await runAction({
      workspace: workspace.dir,
      eventName: 'push',
      payload: pushPayload('refs/heads/main', base, head),
      apiUrl: github.url,
      inputs: { verify: 'false', 'open-issue': 'false' },
    });
    expect(run.exitCode).toBe(3);
    const warnings = run.commands.filter((c) => c.command === 'warning').map((c) => c.message);
    expect(warnings.join('\n')).toMatch(/could not fetch the history this scan needs.*fetch-depth: 0/);
    expect(run.annotations.map((a) => a.message).join('\n')).toMatch(/fetch-depth: 0/);
  });

  it('workflow_dispatch: the whole history, fetched in full from a shallow checkout', async () => {
    const { origin, work } = remote();
    const key = liveKey();
    work.commit({ 'deploy/.env': envFile(key) }, 'leak');
    work.commit({ 'deploy/.env': 'REGION=us-east-1\n' }, 'remove it again');
    work.git('push', '-q', 'origin', 'main');

    const run = await runAction({
      workspace: checkout(origin, 'main').dir,
      eventName: 'workflow_dispatch',
      payload: { inputs: {}, ref: 'refs/heads/main' },
      apiUrl: github.url,
      inputs: { verify: 'false', 'open-issue': 'false' },
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.findings).toBe('2');
    expect(run.summary).toContain('whole history');
    // Nothing here is the change under review: an allow comment counts, and the summary may advise one.
    expect(run.summary).toContain('add `# secret-guard:allow` on the line');
  });

  it('workflow_dispatch with allow.comments: false: the advice leaves the comment out and says why', async () => {
    const { origin, work } = remote();
    const key = liveKey();
    work.commit(
      { '.secret-guard.yml': `accounts: ["${ACCOUNT}"]\nallow:\n  comments: false\n` },
      'no comments',
    );
    work.commit({ 'deploy/.env': envFile(key) }, 'leak');
    work.git('push', '-q', 'origin', 'main');
    const run = await runAction({
      workspace: checkout(origin, 'main').dir,
      eventName: 'workflow_dispatch',
      payload: { inputs: {}, ref: 'refs/heads/main' },
      apiUrl: github.url,
      inputs: { verify: 'false', 'open-issue': 'false' },
    });
    expect(run.exitCode).toBe(1);
    expect(run.summary).not.toContain('add `# secret-guard:allow`');
    expect(run.summary).toContain(
      '`# secret-guard:allow` comment is not honoured in this run: `allow.comments` is false in the settings.',
    );
  });
});

describe('inputs', () => {
  it('fail-on-findings: false reports everything and passes the step', async () => {
    const { origin, work, base } = remote();
    const key = liveKey();
    const leak = work.commit({ 'deploy/.env': envFile(key) }, 'leak');
    work.git('push', '-q', 'origin', 'main');
    const run = await runAction({
      workspace: checkout(origin, 'main').dir,
      eventName: 'push',
      payload: pushPayload('refs/heads/main', base, leak),
      apiUrl: github.url,
      inputs: { verify: 'false', 'open-issue': 'false', 'fail-on-findings': 'false' },
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.findings).toBe('2');
    expect(run.annotations.filter((a) => a.properties.file)).toHaveLength(2);
  });

  it('issue-for: exposed-id opens an issue for an active key whose id alone was pushed, and nothing is deactivated', async () => {
    const { origin, work, base } = remote();
    const key = liveKey();
    const leak = work.commit({ 'notes.md': `old key ${key.accessKeyId} was rotated\n` }, 'notes');
    work.git('push', '-q', 'origin', 'main');
    const run = await runAction({
      workspace: checkout(origin, 'main').dir,
      eventName: 'push',
      payload: pushPayload('refs/heads/main', base, leak),
      apiUrl: github.url,
      env: awsEnv(),
      inputs: { 'issue-for': 'confirmed, exposed-id' },
    });
    expect(run.exitCode).toBe(1);
    expect(aws.server.keyStatus(key.accessKeyId)).toBe('Active');
    expect(run.outputs['confirmed-leaks']).toBe('0');
    expect(JSON.parse(run.outputs.issues ?? '[]')).toMatchObject([
      { verdict: 'exposed-id', action: 'opened' },
    ]);
    expect(github.issue(REPO, 1)?.body).toContain('Exposed AWS access key id');
  });

  it('sarif-file: the report goes where asked, and the output names it', async () => {
    const { origin } = remote();
    const workspace = checkout(origin, 'main');
    const run = await runAction({
      workspace: workspace.dir,
      eventName: 'workflow_dispatch',
      payload: {},
      apiUrl: github.url,
      inputs: { verify: 'false', 'sarif-file': 'reports/secret-guard.sarif' },
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs['sarif-file']).toBe(`${workspace.dir}/reports/secret-guard.sarif`);
    const sarif = JSON.parse(readFileSync(`${workspace.dir}/reports/secret-guard.sarif`, 'utf8')) as unknown;
    expect(validateSarif(sarif)).toBe(true);
    expect(run.outputs.findings).toBe('0');
  });

  it('settings are pinned to the base: a pull request that allows every path and its own key id is still judged, and the summary says what it changes', async () => {
    const { origin, work, base } = remote();
    work.git('checkout', '-q', '-b', 'feature');
    const key = liveKey();
    work.commit({ 'deploy/.env': envFile(key) }, 'add settings');
    // The pull request tries to silence its own key: every path allowed, and the key id too.
    const head = work.commit(
      {
        '.secret-guard.yml': `accounts: ["${ACCOUNT}"]\nallow:\n  paths: ["**"]\n  keyIds: ["${key.accessKeyId}"]\n`,
      },
      'quiet, please',
    );
    work.git('push', '-q', 'origin', 'feature');
    const run = await runAction({
      workspace: checkout(origin, 'feature').dir,
      eventName: 'pull_request',
      payload: prPayload(base, head),
      apiUrl: github.url,
      env: awsEnv(),
    });
    expect(run.exitCode).toBe(1);
    // The pair in deploy/.env, and the id written into the settings themselves.
    expect(run.outputs.findings).toBe('3');
    // The base's accounts applied: the pair was proven and the key deactivated.
    expect(aws.server.keyStatus(key.accessKeyId)).toBe('Inactive');
    expect(run.summary).toContain(`Settings and baseline from \`${base.slice(0, 12)}\``);
    expect(run.summary).toContain("change secret-guard's own settings");
    expect(run.summary).toContain('`.secret-guard.yml`');
    expect(run.summary).toContain(key.accessKeyId);
  });

  it('allow comments in the pull request silence nothing: the change does not judge itself', async () => {
    const { origin, work, base } = remote();
    work.git('checkout', '-q', '-b', 'feature');
    const key = liveKey();
    const head = work.commit(
      {
        'deploy/.env': `AWS_ACCESS_KEY_ID=${key.accessKeyId} # gitleaks:allow\nAWS_SECRET_ACCESS_KEY=${key.secretAccessKey} # secret-guard:allow\n`,
      },
      'allowed, says the pull request',
    );
    work.git('push', '-q', 'origin', 'feature');
    const run = await runAction({
      workspace: checkout(origin, 'feature').dir,
      eventName: 'pull_request',
      payload: prPayload(base, head),
      apiUrl: github.url,
      env: awsEnv(),
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.findings).toBe('2');
  });

  it('config: a pull request’s own copy of the configuration file is not used; the base revision’s is', async () => {
    const { origin, work, base: first } = remote();
    // The base branch pins its configuration in .github/secret-guard.yml: allow nothing.
    const base = work.commit({ '.github/secret-guard.yml': `accounts: ["${ACCOUNT}"]\n` }, 'pin config');
    work.git('push', '-q', 'origin', 'main');
    work.git('checkout', '-q', '-b', 'feature');
    const key = liveKey();
    // The pull request rewrites that file to allow every path, and adds a key.
    const head = work.commit(
      {
        '.github/secret-guard.yml': 'allow:\n  paths: ["**"]\n',
        'deploy/.env': envFile(key),
      },
      'allow everything',
    );
    work.git('push', '-q', 'origin', 'feature');
    const run = await runAction({
      workspace: checkout(origin, 'feature').dir,
      eventName: 'pull_request',
      payload: prPayload(base, head),
      apiUrl: github.url,
      inputs: { verify: 'false', 'open-issue': 'false', config: '.github/secret-guard.yml' },
    });
    expect(first).not.toBe(base);
    expect(run.exitCode).toBe(1);
    expect(run.outputs.findings).toBe('2');
  });
});

describe('config input missing from the base', () => {
  it('a configuration file only the pull request brings: exit 2, saying to commit it to the base first', async () => {
    const { origin, work, base } = remote();
    work.git('checkout', '-q', '-b', 'feature');
    const head = work.commit({ '.github/secret-guard.yml': 'allow:\n  paths: ["**"]\n' }, 'my own config');
    work.git('push', '-q', 'origin', 'feature');
    const run = await runAction({
      workspace: checkout(origin, 'feature').dir,
      eventName: 'pull_request',
      payload: prPayload(base, head),
      apiUrl: github.url,
      inputs: { verify: 'false', 'open-issue': 'false', config: '.github/secret-guard.yml' },
    });
    expect(run.exitCode).toBe(2);
    expect(run.annotations.map((a) => a.message).join('\n')).toMatch(
      /\.github\/secret-guard\.yml \(input 'config'\) is not in the trusted revision .*commit it to the base branch first/,
    );
  });
});

describe('bad input and GitHub failing', () => {
  it('a malformed event payload: says so, scans the whole history instead, and the exit code stands', async () => {
    const { origin, work } = remote();
    const key = liveKey();
    work.commit({ 'deploy/.env': envFile(key) }, 'leak');
    work.git('push', '-q', 'origin', 'main');
    const run = await runAction({
      workspace: checkout(origin, 'main').dir,
      eventName: 'push',
      payload: '{"ref": "refs/heads/main", "before": ',
      apiUrl: github.url,
      inputs: { verify: 'false', 'open-issue': 'false' },
    });
    expect(run.exitCode).toBe(1);
    const notices = run.commands.filter((c) => c.command === 'notice').map((c) => c.message);
    expect(notices.join('\n')).toMatch(/cannot read the 'push' event payload.*scanning the whole history/);
    expect(run.outputs.findings).toBe('2');
  });

  it.each([
    ['issues disabled', (s: GitHubServer) => s.setIssuesEnabled(REPO, false), /issues are disabled/],
    [
      'GitHub down',
      (s: GitHubServer) => s.injectFault({ kind: 'server-error', status: 502, times: 100 }),
      /GitHub is not answering properly \(502/,
    ],
    [
      'rate-limited',
      (s: GitHubServer) => s.setRateLimit({ remaining: 0, resetInSeconds: 3600 }),
      /rate limit was reached/,
    ],
  ])(
    '%s: a clear message, the leak response already made is reported, the exit code stands',
    async (_, breakGitHub, message) => {
      const { origin, work, base } = remote();
      const key = liveKey();
      const leak = work.commit({ 'deploy/.env': envFile(key) }, 'leak');
      work.git('push', '-q', 'origin', 'main');
      breakGitHub(github);
      const run = await runAction({
        workspace: checkout(origin, 'main').dir,
        eventName: 'push',
        payload: pushPayload('refs/heads/main', base, leak),
        apiUrl: github.url,
        env: awsEnv(),
      });
      expect(run.exitCode).toBe(1);
      expect(aws.server.keyStatus(key.accessKeyId)).toBe('Inactive');
      const warnings = run.commands.filter((c) => c.command === 'warning').map((c) => c.message);
      const warning = warnings.find((w) => w.includes('no rotation issue')) ?? '';
      expect(warning).toMatch(message);
      expect(warning).toContain(`already deactivated ${key.accessKeyId}`);
      expect(run.outputs.issues).toBe('[]');
      expect(channels(run)).not.toContain(key.secretAccessKey);
    },
  );

  it('a GitHub that never stops paging the issues: stops after 100 pages, warns that an old issue may be missed, opens one', async () => {
    const { origin, work, base } = remote();
    const key = liveKey();
    const leak = work.commit({ 'deploy/.env': envFile(key) }, 'leak');
    work.git('push', '-q', 'origin', 'main');
    github.injectFault({ kind: 'endless-next', method: 'GET', path: /\/issues$/, times: Infinity });
    const run = await runAction({
      workspace: checkout(origin, 'main').dir,
      eventName: 'push',
      payload: pushPayload('refs/heads/main', base, leak),
      apiUrl: github.url,
      env: awsEnv(),
    });
    expect(run.exitCode).toBe(1);
    expect(github.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/issues'))).toHaveLength(100);
    const warnings = run.commands.filter((c) => c.command === 'warning').map((c) => c.message);
    expect(warnings.join('\n')).toMatch(
      /stopped listing the issues of acme\/app labelled 'secret-guard' after 100 pages.*a new one opened/,
    );
    expect(JSON.parse(run.outputs.issues ?? '[]')).toMatchObject([{ action: 'opened', number: 1 }]);
  });

  it('a missing token: a clear message, the scan still reported', async () => {
    const { origin, work, base } = remote();
    const key = liveKey();
    const leak = work.commit({ 'deploy/.env': envFile(key) }, 'leak');
    work.git('push', '-q', 'origin', 'main');
    const run = await runAction({
      workspace: checkout(origin, 'main').dir,
      eventName: 'push',
      payload: pushPayload('refs/heads/main', base, leak),
      apiUrl: github.url,
      env: awsEnv(),
      inputs: { 'github-token': '' },
    });
    expect(run.exitCode).toBe(1);
    const warnings = run.commands.filter((c) => c.command === 'warning').map((c) => c.message);
    expect(warnings.join('\n')).toMatch(/no GitHub token: set the `github-token` input/);
    expect(github.requests).toHaveLength(0);
    expect(run.outputs.findings).toBe('2');
  });

  it('a bad input value: exit 2 with the input named', async () => {
    const { origin } = remote();
    const run = await runAction({
      workspace: checkout(origin, 'main').dir,
      eventName: 'push',
      payload: {},
      inputs: { mode: 'everything' },
    });
    expect(run.exitCode).toBe(2);
    expect(run.annotations.map((a) => a.message).join('\n')).toMatch(/input 'mode' must be/);
  });
});
