// Red team of the GitHub Action: events and checkouts that could make it say "clean" wrongly, channels that
// could show a secret, and inputs or payloads that could make it guess. Run as the runner runs it (the bundled
// entry, a real shallow checkout of a real remote); no AWS credentials, so nothing is verified.
import { afterEach, describe, expect, it } from 'vitest';
import {
  ACTION_REPO as REPO,
  checkoutInto,
  prPayload,
  pushPayload,
  runAction,
  type ActionRun,
} from '../helpers/action.js';
import { git, makeRepo, type TempRepo } from '../helpers/git-repo.js';
import { makeKeyId, makeSecret } from '../helpers/keys.js';
import { startGitHubServer } from '../servers/github/index.js';

const QUIET = { verify: 'false', 'open-issue': 'false' };
const repos: TempRepo[] = [];

afterEach(() => {
  for (const r of repos.splice(0)) r.remove();
});

function repo(options: { bare?: boolean } = {}): TempRepo {
  const r = makeRepo(options);
  repos.push(r);
  return r;
}

function pair(): { keyId: string; secret: string; file: string } {
  const keyId = makeKeyId();
  const secret = makeSecret();
  return { keyId, secret, file: `AWS_ACCESS_KEY_ID=${keyId}\nAWS_SECRET_ACCESS_KEY=${secret}\n` };
}

/** A bare origin with main pushed, and a working clone of it. */
function remote(): { origin: TempRepo; work: TempRepo; base: string } {
  const origin = repo({ bare: true });
  const work = repo();
  work.git('remote', 'add', 'origin', origin.dir);
  const base = work.commit({ 'README.md': 'app\n' }, 'start');
  work.git('push', '-q', 'origin', 'main');
  return { origin, work, base };
}

/** actions/checkout's default: the one ref, one commit deep, detached. */
function checkout(origin: TempRepo, refspec: string): TempRepo {
  return checkoutInto(repo(), origin, refspec);
}

/** The Action on the pull request from `feature` (head) into main (base), checked out as the runner does. */
async function runPullRequest(
  origin: TempRepo,
  base: string,
  head: string,
  inputs: Record<string, string> = QUIET,
): Promise<ActionRun> {
  return runAction({
    workspace: checkout(origin, 'feature').dir,
    eventName: 'pull_request',
    payload: prPayload(base, head),
    inputs,
  });
}

function files(run: ActionRun): string[] {
  return run.annotations.filter((a) => a.properties.file).map((a) => a.properties.file!);
}

const ZERO = '0'.repeat(40);
const LONG = 240_000;

describe('events that must not pass clean', () => {
  it(
    'an annotated tag pushed on a commit main already has, its message holding a key: found (`after` is the tag object)',
    async () => {
      const { origin, work, base } = remote();
      const keyId = makeKeyId();
      work.git('tag', '-a', 'v1.0', '-m', `release\n\nused ${keyId} for the upload\n`);
      work.git('push', '-q', 'origin', 'v1.0');
      const tagObject = work.git('rev-parse', 'v1.0');
      expect(tagObject).not.toBe(base);
      const run = await runAction({
        workspace: checkout(origin, '+refs/tags/v1.0:refs/tags/v1.0').dir,
        eventName: 'push',
        payload: pushPayload('refs/tags/v1.0', ZERO, tagObject),
        inputs: QUIET,
      });
      expect(run.exitCode).toBe(1);
      expect(files(run)).toEqual(['(tag v1.0 message)']);
    },
    LONG,
  );

  it(
    'an annotated tag on commits no branch has, three deep in a one-commit checkout: the key in the first is found',
    async () => {
      const { origin, work } = remote();
      const k = pair();
      work.git('checkout', '-q', '--detach');
      work.commit({ 'deploy/.env': k.file }, 'settings');
      work.commit({ 'a.txt': 'a\n' }, 'a');
      work.commit({ 'b.txt': 'b\n' }, 'b');
      work.git('tag', '-a', 'v3.0', '-m', 'release 3.0\n');
      work.git('push', '-q', 'origin', 'v3.0');
      const run = await runAction({
        workspace: checkout(origin, '+refs/tags/v3.0:refs/tags/v3.0').dir,
        eventName: 'push',
        payload: pushPayload('refs/tags/v3.0', ZERO, work.git('rev-parse', 'v3.0')),
        inputs: QUIET,
      });
      expect(run.exitCode).toBe(1);
      expect(files(run)).toEqual(['deploy/.env', 'deploy/.env']);
    },
    LONG,
  );

  it.each([
    ['a push of the outer tag', 'push'],
    ['the whole history', 'schedule'],
  ])(
    'a key in the message of a tag that only another tag points to (a nested tag): found in %s',
    async (_, eventName) => {
      const { origin, work } = remote();
      const keyId = makeKeyId();
      work.git('tag', '-a', 'inner', '-m', `used ${keyId} for the upload\n`);
      const inner = work.git('rev-parse', 'inner');
      work.git('-c', 'advice.nestedTag=false', 'tag', '-a', 'v2.0', inner, '-m', 'release 2.0\n');
      work.git('tag', '-d', 'inner');
      work.git('push', '-q', 'origin', 'v2.0');
      expect(origin.git('tag', '--list')).toBe('v2.0');
      const outer = work.git('rev-parse', 'v2.0');
      const run = await runAction({
        workspace: checkout(origin, '+refs/tags/v2.0:refs/tags/v2.0').dir,
        eventName,
        payload: eventName === 'push' ? pushPayload('refs/tags/v2.0', ZERO, outer) : {},
        inputs: QUIET,
      });
      expect(run.exitCode).toBe(1);
      expect(files(run)).toEqual(['(tag inner message)']);
    },
    LONG,
  );

  it(
    'two new branches pushed at once with the same commits: each run still finds the key (neither hides behind the other)',
    async () => {
      const { origin, work } = remote();
      const k = pair();
      work.git('checkout', '-q', '-b', 'one');
      const head = work.commit({ 'deploy/.env': k.file }, 'settings');
      work.git('push', '-q', 'origin', 'one', 'one:two');
      for (const branch of ['one', 'two']) {
        const run = await runAction({
          workspace: checkout(origin, branch).dir,
          eventName: 'push',
          payload: pushPayload(`refs/heads/${branch}`, ZERO, head),
          inputs: QUIET,
        });
        expect(run.exitCode, branch).toBe(1);
        expect(files(run)).toEqual(['deploy/.env', 'deploy/.env']);
      }
    },
    LONG,
  );

  it(
    'a new branch made from another new one before the first one’s run: the first run finds the key, not excused by the second branch',
    async () => {
      const { origin, work } = remote();
      const k = pair();
      work.git('checkout', '-q', '-b', 'one');
      const one = work.commit({ 'deploy/.env': k.file }, 'settings');
      work.git('push', '-q', 'origin', 'one');
      work.git('checkout', '-q', '-b', 'two');
      const two = work.commit({ 'x.txt': 'x\n' }, 'more');
      work.git('push', '-q', 'origin', 'two');
      const first = await runAction({
        workspace: checkout(origin, 'one').dir,
        eventName: 'push',
        payload: pushPayload('refs/heads/one', ZERO, one),
        inputs: QUIET,
      });
      expect(first.exitCode).toBe(1);
      expect(files(first)).toEqual(['deploy/.env', 'deploy/.env']);
      const notices = first.commands.filter((c) => c.command === 'notice').map((c) => c.message);
      expect(notices.join('\n')).toContain('the branch two already holds the pushed commit');
      // The second branch's own run is compared with the first, whose run holds the key.
      const second = await runAction({
        workspace: checkout(origin, 'two').dir,
        eventName: 'push',
        payload: pushPayload('refs/heads/two', ZERO, two),
        inputs: QUIET,
      });
      expect(second.exitCode).toBe(0);
    },
    LONG,
  );

  it(
    'a new branch made from main: still only its own commits (main counts as scanned)',
    async () => {
      const { origin, work } = remote();
      const old = pair();
      work.commit({ 'legacy/.env': old.file }, 'old');
      work.git('push', '-q', 'origin', 'main');
      work.git('checkout', '-q', '-b', 'empty');
      const head = work.git('rev-parse', 'HEAD');
      work.git('push', '-q', 'origin', 'empty');
      const run = await runAction({
        workspace: checkout(origin, 'empty').dir,
        eventName: 'push',
        payload: pushPayload('refs/heads/empty', ZERO, head),
        inputs: QUIET,
      });
      expect(run.exitCode).toBe(0);
      expect(run.outputs.findings).toBe('0');
    },
    LONG,
  );

  it(
    'a merge queue group: the queued commits are scanned',
    async () => {
      const { origin, work, base } = remote();
      const k = pair();
      work.git('checkout', '-q', '-b', 'feature');
      work.commit({ 'deploy/.env': k.file }, 'settings');
      work.git('checkout', '-q', 'main');
      work.git('merge', '-q', '--no-ff', '-m', 'Merge pull request #12', 'feature');
      const head = work.git('rev-parse', 'HEAD');
      const queueRef = 'refs/heads/gh-readonly-queue/main/pr-7-' + base;
      work.git('push', '-q', 'origin', `HEAD:${queueRef}`);
      const run = await runAction({
        workspace: checkout(origin, queueRef).dir,
        eventName: 'merge_group',
        payload: {
          action: 'checks_requested',
          merge_group: { head_sha: head, head_ref: queueRef, base_sha: base, base_ref: 'refs/heads/main' },
          repository: { full_name: REPO, default_branch: 'main' },
        },
        inputs: QUIET,
      });
      expect(run.exitCode).toBe(1);
      expect(files(run)).toEqual(['deploy/.env', 'deploy/.env']);
    },
    LONG,
  );

  it(
    'a pull request that merged its base in: the key it adds is found, the key that came from the base is not blamed on it',
    async () => {
      const { origin, work, base } = remote();
      const own = pair();
      const fromBase = pair();
      work.git('checkout', '-q', '-b', 'feature');
      work.commit({ 'feature/.env': own.file }, 'feature settings');
      work.git('checkout', '-q', 'main');
      const mainTip = work.commit({ 'main/.env': fromBase.file }, 'main settings');
      work.git('push', '-q', 'origin', 'main');
      work.git('checkout', '-q', 'feature');
      work.git('merge', '-q', '--no-ff', '-m', 'Merge main', 'main');
      const head = work.git('rev-parse', 'HEAD');
      work.git('push', '-q', 'origin', 'feature');
      expect(base).not.toBe(mainTip);
      const run = await runPullRequest(origin, mainTip, head);
      expect(run.exitCode).toBe(1);
      expect(files(run)).toEqual(['feature/.env', 'feature/.env']);
    },
    LONG,
  );

  it(
    'a pull request whose head deletes the key an earlier commit of it added: found',
    async () => {
      const { origin, work, base } = remote();
      const k = pair();
      work.git('checkout', '-q', '-b', 'feature');
      work.commit({ 'deploy/.env': k.file }, 'settings');
      const head = work.commit({ 'deploy/.env': 'REGION=eu-west-1\n' }, 'oops, remove it');
      work.git('push', '-q', 'origin', 'feature');
      const run = await runPullRequest(origin, base, head);
      expect(run.exitCode).toBe(1);
      expect(files(run)).toEqual(['deploy/.env', 'deploy/.env']);
    },
    LONG,
  );

  it(
    'a pull request whose only key is in a commit message: found, and the secret is masked everywhere',
    async () => {
      const { origin, work, base } = remote();
      const k = pair();
      work.git('checkout', '-q', '-b', 'feature');
      const head = work.commit({ 'a.txt': 'a\n' }, `fix deploy\n\n${k.file}`);
      work.git('push', '-q', 'origin', 'feature');
      const run = await runPullRequest(origin, base, head);
      expect(run.exitCode).toBe(1);
      expect(run.outputs.findings).toBe('2');
      expect(run.masked).toContain(k.secret);
      const unmasked = run.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::'));
      expect([...unmasked, run.stderr, run.summary, run.sarif ?? ''].join('\n')).not.toContain(k.secret);
    },
    LONG,
  );

  it(
    'a pull request of 300 commits in a one-commit-deep checkout: the key in its first commit is found',
    async () => {
      const { origin, work, base } = remote();
      const k = pair();
      work.git('checkout', '-q', '-b', 'feature');
      work.commit({ 'deploy/.env': k.file }, 'settings');
      // 299 more commits, made by fast-import (one process, not 299 commits' worth).
      let stream = '';
      for (let i = 0; i < 299; i++) {
        const body = `n${i}\n`;
        stream +=
          `commit refs/heads/feature\ncommitter Dev <dev@example.com> ${1_700_000_000 + i} +0000\n` +
          `data 3\nc${String(i % 10)}\n${i === 0 ? 'from refs/heads/feature^0\n' : ''}` +
          `M 100644 inline n.txt\ndata ${Buffer.byteLength(body)}\n${body}\n`;
      }
      git(work.dir, ['fast-import', '--quiet'], { input: stream });
      const head = work.git('rev-parse', 'feature');
      expect(work.git('rev-list', '--count', `${base}..${head}`)).toBe('300');
      work.git('push', '-q', 'origin', 'feature');
      const run = await runPullRequest(origin, base, head);
      expect(run.exitCode).toBe(1);
      expect(files(run)).toEqual(['deploy/.env', 'deploy/.env']);
    },
    LONG,
  );
});

describe('history mode', () => {
  it(
    'on a pull request, an allow comment the pull request adds silences nothing: the change does not judge itself',
    async () => {
      const { origin, work, base } = remote();
      const k = pair();
      work.git('checkout', '-q', '-b', 'feature');
      const head = work.commit(
        {
          'deploy/.env': `AWS_ACCESS_KEY_ID=${k.keyId} # secret-guard:allow\nAWS_SECRET_ACCESS_KEY=${k.secret} # secret-guard:allow\n`,
        },
        'allowed, says the pull request',
      );
      work.git('push', '-q', 'origin', 'feature');
      const run = await runPullRequest(origin, base, head, { ...QUIET, mode: 'history' });
      expect(run.summary).toContain('whole history');
      expect(run.exitCode).toBe(1);
      expect(files(run)).toEqual(['deploy/.env', 'deploy/.env']);
    },
    LONG,
  );

  it(
    'on pull_request_target from a fork, with the base checked out: the fork’s commits are scanned too',
    async () => {
      const { origin, work, base } = remote();
      const k = pair();
      work.git('checkout', '-q', '-b', 'fork-work');
      const head = work.commit({ 'deploy/.env': k.file }, 'from a fork');
      work.git('push', '-q', 'origin', 'HEAD:refs/pull/12/head');
      const payload = prPayload(base, head);
      payload.pull_request.head.repo.full_name = 'stranger/app';
      const run = await runAction({
        workspace: checkout(origin, 'main').dir,
        eventName: 'pull_request_target',
        payload,
        inputs: { ...QUIET, mode: 'history' },
      });
      expect(run.exitCode).toBe(1);
      expect(files(run)).toEqual(['deploy/.env', 'deploy/.env']);
    },
    LONG,
  );

  it(
    'on a pull request whose head cannot be fetched: exit 3, not a clean whole history',
    async () => {
      const { origin, base } = remote();
      const run = await runAction({
        workspace: checkout(origin, 'main').dir,
        eventName: 'pull_request_target',
        payload: prPayload(base, 'c'.repeat(40)),
        inputs: { ...QUIET, mode: 'history' },
      });
      expect(run.exitCode).toBe(3);
    },
    LONG,
  );

  it(
    'a complete clone of one branch (fetch-depth: 0 by hand): every branch of the remote is still scanned',
    async () => {
      const { origin, work } = remote();
      const k = pair();
      work.git('checkout', '-q', '-b', 'other');
      work.commit({ 'deploy/.env': k.file }, 'settings');
      work.git('push', '-q', 'origin', 'other');
      const workspace = repo();
      workspace.git('remote', 'add', 'origin', `file://${origin.dir}`);
      workspace.git('fetch', '-q', '--no-tags', 'origin', '+refs/heads/main:refs/remotes/origin/main');
      workspace.git('checkout', '-q', '--detach', 'origin/main');
      expect(workspace.git('rev-parse', '--is-shallow-repository')).toBe('false');
      const run = await runAction({
        workspace: workspace.dir,
        eventName: 'schedule',
        payload: { schedule: '0 3 * * *' },
        inputs: QUIET,
      });
      expect(run.exitCode).toBe(1);
      expect(files(run)).toEqual(['deploy/.env', 'deploy/.env']);
    },
    LONG,
  );
});

describe('hostile payloads and inputs', () => {
  it.each([
    ['a payload that is null', 'null'],
    ['a payload that is an array', '[]'],
  ])(
    '%s: whole history scanned, the key still found, no crash',
    async (_, payload) => {
      const { origin, work } = remote();
      const k = pair();
      work.commit({ 'deploy/.env': k.file }, 'settings');
      work.git('push', '-q', 'origin', 'main');
      const run = await runAction({
        workspace: checkout(origin, 'main').dir,
        eventName: 'pull_request',
        payload,
        inputs: QUIET,
      });
      expect(run.stderr).not.toMatch(/at .*\.js:\d+/);
      expect(run.exitCode).toBe(1);
      expect(files(run)).toEqual(['deploy/.env', 'deploy/.env']);
    },
    LONG,
  );

  it(
    'a push whose `after` the remote does not have: not clean',
    async () => {
      const { origin, base } = remote();
      const run = await runAction({
        workspace: checkout(origin, 'main').dir,
        eventName: 'push',
        payload: pushPayload('refs/heads/main', base, 'b'.repeat(40)),
        inputs: QUIET,
      });
      expect(run.exitCode).toBe(3);
    },
    LONG,
  );

  it(
    'config: a path with spaces and unicode is read from the base revision',
    async () => {
      const { origin, work } = remote();
      const k = pair();
      const base = work.commit({ '.github/secret guard ü.yml': `allow:\n  keyIds: ["${k.keyId}"]\n` }, 'cfg');
      work.git('push', '-q', 'origin', 'main');
      work.git('checkout', '-q', '-b', 'feature');
      const other = pair();
      const head = work.commit({ 'a/.env': k.file, 'b/.env': other.file }, 'two keys');
      work.git('push', '-q', 'origin', 'feature');
      const run = await runPullRequest(origin, base, head, {
        ...QUIET,
        config: '.github/secret guard ü.yml',
      });
      expect(run.exitCode).toBe(1);
      expect(files(run).sort()).toEqual(['a/.env', 'b/.env', 'b/.env']);
    },
    LONG,
  );

  it.each([
    ['YAML syntax', (secret: string) => `note: ${secret}: [\n`],
    ['unknown key', (secret: string) => `${secret}: 1\n`],
    ['wrong type', (secret: string) => `accounts: ${secret}\n`],
    ['not a key id', (secret: string) => `allow:\n  keyIds: ["${secret}"]\n`],
  ])(
    'a configuration error (%s) about a value that is a secret: the message does not print it',
    async (_, content) => {
      const { origin, work } = remote();
      const secret = makeSecret();
      const base = work.commit({ '.secret-guard.yml': content(secret) }, 'cfg');
      work.git('push', '-q', 'origin', 'main');
      const run = await runAction({
        workspace: checkout(origin, 'main').dir,
        eventName: 'push',
        payload: pushPayload('refs/heads/main', base, base),
        inputs: QUIET,
      });
      expect(run.exitCode).toBe(2);
      expect(run.annotations.map((a) => a.message).join('\n')).toContain('.secret-guard.yml');
      expect(run.stdout + run.stderr + run.summary).not.toContain(secret);
    },
    LONG,
  );
});

describe('the rotation issue', () => {
  it(
    'a key copied into 300 files and 300 lines of one more: the issue still opens (under GitHub’s 65,536-character body limit), naming how many places it leaves out',
    async () => {
      const github = await startGitHubServer();
      try {
        github.addRepo(REPO);
        github.addToken('test-token');
        const { origin, work, base } = remote();
        const k = pair();
        const copies: Record<string, string> = {};
        for (let i = 0; i < 300; i++) copies[`fixtures/case-${i}/.env`] = k.file;
        copies['fixtures/all.env'] = k.file.repeat(300);
        const head = work.commit(copies, 'fixtures');
        work.git('push', '-q', 'origin', 'main');
        const run = await runAction({
          workspace: checkout(origin, 'main').dir,
          eventName: 'push',
          payload: pushPayload('refs/heads/main', base, head),
          apiUrl: github.url,
          inputs: { verify: 'false', 'issue-for': 'unverified' },
        });
        expect(run.exitCode).toBe(1);
        expect(run.outputs.findings).toBe('1200');
        expect(JSON.parse(run.outputs.issues ?? '[]')).toMatchObject([{ keyId: k.keyId, action: 'opened' }]);
        const body = github.issue(REPO, 1)?.body ?? '';
        expect(body).toContain('fixtures/case-0/.env');
        expect(body).toMatch(/and \d+ more/);
        expect(body).not.toContain(k.secret);
      } finally {
        await github.close();
      }
    },
    LONG,
  );
});
