// Attacks found by the red team, each through the bundled CLI on a real repository: a key that passed as clean,
// or a hook that installed and then never ran. Each test failed before its fix.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  cpSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliBundle, runCli } from '../helpers/cli.js';
import { gitEnv, tempRepos, type TempRepo } from '../helpers/git-repo.js';
import { makeKeyId, makeSecret } from '../helpers/keys.js';
import { ACCOUNT, setUp } from '../verify/aws-fixture.js';

const repo = tempRepos();

function run(cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(command, args, { cwd, env: { ...gitEnv, ...env }, encoding: 'utf8' });
  return { status: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
}

describe("husky 9: the user's own script (ending early, empty)", () => {
  /** A husky 9 repository whose node_modules holds secret-guard (a wrapper around the bundle under test). */
  function huskyProject(): TempRepo {
    const r = repo();
    r.commit({ '.gitignore': 'node_modules/\n' }, 'start');
    run(r.dir, process.execPath, [resolve('node_modules/husky/bin.js')]);
    r.write(
      'node_modules/.bin/secret-guard',
      `#!/bin/sh\nexec '${process.execPath}' '${cliBundle()}' "$@"\n`,
    );
    chmodSync(join(r.dir, 'node_modules/.bin/secret-guard'), 0o755);
    return r;
  }

  // Also after `;` or `&&` on a line, and `return`, which ends a script run by dash (Debian's sh) as `exit` does.
  for (const ending of ['exit 0', 'exec echo "own hook ran"', 'true; exit 0', 'true && exit', 'return 0']) {
    it(`still blocks a key when .husky/pre-commit ends with \`${ending}\``, async () => {
      const r = huskyProject();
      const own = `#!/usr/bin/env sh\necho "own hook ran"\n${ending}\n`;
      r.write('.husky/pre-commit', own);

      const installed = await runCli(['install', '--hook', 'pre-commit'], { cwd: r.dir });
      expect(installed.exitCode).toBe(0);

      r.write('leak.env', `AWS_ACCESS_KEY_ID=${makeKeyId()}\n`);
      r.git('add', 'leak.env');
      const blocked = run(r.dir, 'git', ['commit', '-m', 'leak']);
      expect(blocked.status).not.toBe(0);
      expect(blocked.output).toContain('commit blocked');

      const removed = await runCli(['uninstall', '--hook', 'pre-commit'], { cwd: r.dir });
      expect(removed.exitCode).toBe(0);
      expect(readFileSync(join(r.dir, '.husky', 'pre-commit'), 'utf8')).toBe(own);
    });
  }

  it("runs from the root when .husky/pre-commit changes folder first (husky's way for a package below it)", async () => {
    const r = huskyProject();
    r.commit({ 'web/package.json': '{}\n' }, 'web');
    const own = 'cd web\necho "own hook ran in $(basename "$PWD")"\n';
    r.write('.husky/pre-commit', own);
    expect((await runCli(['install', '--hook', 'pre-commit'], { cwd: r.dir })).exitCode).toBe(0);

    r.write('clean.txt', 'fine\n');
    r.git('add', 'clean.txt');
    const clean = run(r.dir, 'git', ['commit', '-m', 'clean']);
    expect(clean.output).toContain('own hook ran in web');
    expect(clean.status).toBe(0);
    r.write('leak.env', `AWS_ACCESS_KEY_ID=${makeKeyId()}\n`);
    r.git('add', 'leak.env');
    const blocked = run(r.dir, 'git', ['commit', '-m', 'leak']);
    expect(blocked.status).not.toBe(0);
    expect(blocked.output).toContain('commit blocked');

    expect((await runCli(['uninstall', '--hook', 'pre-commit'], { cwd: r.dir })).exitCode).toBe(0);
    expect(readFileSync(join(r.dir, '.husky', 'pre-commit'), 'utf8')).toBe(own);
  });

  it("leaves the pushed refs to git-lfs's own pre-push script, whose `exit 2` only stops a push without git-lfs", async () => {
    const r = huskyProject();
    const remote = repo({ bare: true });
    r.git('remote', 'add', 'origin', remote.dir);
    // What `git lfs install` writes, with `git lfs pre-push` standing in as a command that reads the refs.
    const own =
      '#!/bin/sh\n' +
      'command -v git >/dev/null 2>&1 || { printf >&2 "\\n%s\\n\\n" "git-lfs was not found"; exit 2; }\n' +
      'cat >"$(git rev-parse --git-dir)/lfs-refs"\n';
    r.write('.husky/pre-push', own);
    expect((await runCli(['install', '--hook', 'pre-push'], { cwd: r.dir })).exitCode).toBe(0);
    const pushed = run(r.dir, 'git', ['push', '-q', 'origin', 'main']);
    expect(pushed.status).toBe(0);
    expect(readFileSync(join(r.dir, '.git', 'lfs-refs'), 'utf8')).toContain('refs/heads/main');
  });

  it('sees the pushed refs after a command of the script that reads them (git-lfs) and leaves them to it', async () => {
    const r = huskyProject();
    const remote = repo({ bare: true });
    r.git('remote', 'add', 'origin', remote.dir);
    r.git('push', '-q', 'origin', 'main');
    // The refs are read by the user's command first; a key goes out on a branch other than the one checked out.
    const own = '#!/bin/sh\ncat >"$(git rev-parse --git-dir)/lfs-refs"\necho "own pre-push ran"\n';
    r.write('.husky/pre-push', own);
    expect((await runCli(['install', '--hook', 'pre-push'], { cwd: r.dir })).exitCode).toBe(0);
    r.git('checkout', '-q', '-b', 'feature');
    r.write('deploy.sh', `export AWS_ACCESS_KEY_ID=${makeKeyId()}\n`);
    r.git('add', 'deploy.sh');
    r.git('commit', '-q', '--no-verify', '-m', 'leak');
    r.git('checkout', '-q', 'main');
    const pushed = run(r.dir, 'git', ['push', 'origin', 'feature']);
    expect(pushed.status).not.toBe(0);
    expect(pushed.output).toContain('push blocked');
    expect(pushed.output).toContain('deploy.sh:1:');
    // A clean push: the user's command still gets every ref line, and runs.
    r.git('checkout', '-q', '-b', 'clean');
    r.commit({ 'notes.txt': 'nothing to see\n' }, 'clean');
    const clean = run(r.dir, 'git', ['push', 'origin', 'clean']);
    expect(clean.status).toBe(0);
    expect(clean.output).toContain('own pre-push ran');
    expect(readFileSync(join(r.dir, '.git', 'lfs-refs'), 'utf8')).toContain('refs/heads/clean');
    expect((await runCli(['uninstall', '--hook', 'pre-push'], { cwd: r.dir })).exitCode).toBe(0);
    expect(readFileSync(join(r.dir, '.husky', 'pre-push'), 'utf8')).toBe(own);
  });

  it("moves an earlier version's pre-push line, left after a command that reads the refs, first", async () => {
    const r = huskyProject();
    const own = '#!/bin/sh\ncat >"$(git rev-parse --git-dir)/lfs-refs"\n';
    r.write(
      '.husky/pre-push',
      `${own}node_modules/.bin/secret-guard hook pre-push "$@" # added by secret-guard install\n`,
    );
    expect((await runCli(['install', '--hook', 'pre-push'], { cwd: r.dir })).exitCode).toBe(0);
    const lines = readFileSync(join(r.dir, '.husky', 'pre-push'), 'utf8').split('\n');
    expect(lines[0]).toBe('#!/bin/sh');
    expect(lines[1]).toMatch(/^sg_refs=.* # added by secret-guard install$/);
    expect((await runCli(['uninstall', '--hook', 'pre-push'], { cwd: r.dir })).exitCode).toBe(0);
    expect(readFileSync(join(r.dir, '.husky', 'pre-push'), 'utf8')).toBe(own);
  });

  it('uninstall gives back an empty .husky/pre-push, not deletes it', async () => {
    const r = huskyProject();
    r.write('.husky/pre-push', '');
    expect((await runCli(['install', '--hook', 'pre-push'], { cwd: r.dir })).exitCode).toBe(0);
    expect((await runCli(['uninstall', '--hook', 'pre-push'], { cwd: r.dir })).exitCode).toBe(0);
    expect(readFileSync(join(r.dir, '.husky', 'pre-push'), 'utf8')).toBe('');
  });

  it.each([
    ['empty', ''],
    ['a blank line', '\n'],
  ])('uninstall gives back an existing .husky/pre-commit that was %s, not deletes it', async (_what, own) => {
    const r = huskyProject();
    r.write('.husky/pre-commit', own);
    expect((await runCli(['install', '--hook', 'pre-commit'], { cwd: r.dir })).exitCode).toBe(0);
    expect(readFileSync(join(r.dir, '.husky', 'pre-commit'), 'utf8')).toContain('secret-guard');
    expect((await runCli(['uninstall', '--hook', 'pre-commit'], { cwd: r.dir })).exitCode).toBe(0);
    expect(existsSync(join(r.dir, '.husky', 'pre-commit'))).toBe(true);
    expect(readFileSync(join(r.dir, '.husky', 'pre-commit'), 'utf8')).toBe(own);
  });

  it('uninstall removes a .husky/pre-commit that install made', async () => {
    const r = huskyProject();
    expect((await runCli(['install', '--hook', 'pre-commit'], { cwd: r.dir })).exitCode).toBe(0);
    expect((await runCli(['uninstall', '--hook', 'pre-commit'], { cwd: r.dir })).exitCode).toBe(0);
    expect(existsSync(join(r.dir, '.husky', 'pre-commit'))).toBe(false);
  });
});

describe('lefthook: a configuration that runs secret-guard for another hook, or in a comment', () => {
  it.each([
    [
      'only at pre-push',
      'pre-push:\n  commands:\n    secret-guard:\n      run: node_modules/.bin/secret-guard hook pre-push {1}\n',
    ],
    [
      'in a comment',
      'pre-commit:\n  commands:\n    # secret-guard:\n    #   run: sh node_modules/secret-guard/hooks/pre-commit\n',
    ],
  ])('is not taken for one that runs it at pre-commit (%s)', async (_what, config) => {
    const r = repo();
    r.write('lefthook.yml', config);
    const result = await runCli(['install', '--hook', 'pre-commit'], { cwd: r.dir });
    expect(result.stderr + result.stdout).not.toContain('runs secret-guard already');
    expect(result.stderr).toContain('secret-guard hook pre-commit');
  });
});

describe('the pre-commit framework: file names that look like options', () => {
  /** This project's hook files as the framework fetches them, and a repository that uses them. */
  function withFramework(): { r: TempRepo; env: NodeJS.ProcessEnv } {
    const hookRepo = repo();
    cpSync(resolve('.pre-commit-hooks.yaml'), join(hookRepo.dir, '.pre-commit-hooks.yaml'));
    cpSync(resolve('hooks'), join(hookRepo.dir, 'hooks'), { recursive: true });
    cpSync(dirname(cliBundle()), join(hookRepo.dir, 'dist'), { recursive: true });
    const rev = hookRepo.commit({}, 'hooks');
    const r = repo();
    r.write(
      '.pre-commit-config.yaml',
      `repos:\n  - repo: ${hookRepo.dir}\n    rev: ${rev}\n    hooks:\n      - id: secret-guard\n`,
    );
    r.commit({ 'a.txt': 'a\n' });
    return { r, env: { PRE_COMMIT_HOME: mkdtempSync(join(tmpdir(), 'sg-pre-commit-')) } };
  }

  it('a tracked file named --help does not turn the scan into the help text', () => {
    const { r, env } = withFramework();
    r.commit({ '--help': 'x\n', '-h': 'y\n', 'leak.env': `AWS_ACCESS_KEY_ID=${makeKeyId()}\n` });

    const all = run(r.dir, 'pre-commit', ['run', '--all-files'], env);
    expect(all.status).not.toBe(0);
    expect(all.output).toContain('leak.env:1:');

    // At a commit the staged names are passed the same way.
    run(r.dir, 'pre-commit', ['install'], env);
    r.write('--help', 'changed\n');
    r.write('leak2.env', `AWS_ACCESS_KEY_ID=${makeKeyId()}\n`);
    r.git('add', '--', '--help', 'leak2.env');
    const commit = run(r.dir, 'git', ['commit', '-m', 'leak'], env);
    expect(commit.status).not.toBe(0);
    expect(commit.output).toContain('leak2.env:1:');
    expect(commit.output).toContain('commit blocked');
  });
});

describe('--range with an empty end', () => {
  // In CI, `--range "$BASE_SHA..$HEAD_SHA"` with BASE_SHA unset is `..<sha>`: git reads HEAD..<sha>, which in a
  // checkout of that very sha is nothing at all, and the scan passed.
  for (const range of ['..HEAD', '...HEAD', '..', '...']) {
    it(`refuses '${range}' instead of scanning nothing and passing`, async () => {
      const r = repo();
      r.commit({ 'a.txt': 'a\n' });
      r.commit({ 'leak.env': `AWS_ACCESS_KEY_ID=${makeKeyId()}\n` });
      const result = await runCli(['scan', '--range', range], { cwd: r.dir, env: { CI: 'true' } });
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toMatch(/--range needs a start/);
    });
  }
});

describe('--respond: a working pair next to the mention of another key id', () => {
  // Pairing joins a secret to the nearest id. With a colleague's old id mentioned between a working pair's id and
  // its secret, the secret went with the mention: neither pair worked, and the leak was left Active.
  it('proves the secret with the other ids near it, and contains the leak', async () => {
    const fixture = await setUp('respond');
    try {
      fixture.server.addUser(ACCOUNT, 'app');
      fixture.server.addUser(ACCOUNT, 'old');
      const leaked = fixture.server.addKey(ACCOUNT, 'app');
      const mentioned = fixture.server.addKey(ACCOUNT, 'old');
      const r = repo();
      const base = r.commit({ 'README.md': 'app\n' });
      r.commit({
        'deploy/.env': [
          `AWS_ACCESS_KEY_ID=${leaked.accessKeyId}`,
          `# replaces AWS_ACCESS_KEY_ID=${mentioned.accessKeyId}`,
          `AWS_SECRET_ACCESS_KEY=${leaked.secretAccessKey}`,
          '',
        ].join('\n'),
      });
      const credentials = fixture.aws.credentials as { accessKeyId: string; secretAccessKey: string };
      const settings = join(mkdtempSync(join(tmpdir(), 'sg-settings-')), 'secret-guard.yml');
      writeFileSync(settings, `accounts: ["${ACCOUNT}"]\nresponse:\n  tagUser: false\n`);
      const result = await runCli(
        ['scan', '--range', `${base}..HEAD`, '--respond', '--config', settings, '--format', 'json'],
        {
          cwd: r.dir,
          env: {
            CI: 'true',
            AWS_ENDPOINT_URL_IAM: fixture.server.url,
            AWS_ENDPOINT_URL_STS: fixture.server.url,
            AWS_ENDPOINT_URL_CLOUDTRAIL: fixture.server.url,
            AWS_ACCESS_KEY_ID: credentials.accessKeyId,
            AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
            AWS_REGION: 'us-east-1',
            AWS_CONFIG_FILE: '/nonexistent',
            AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
          },
        },
      );
      expect(result.exitCode).toBe(1);
      expect(fixture.server.keyStatus(leaked.accessKeyId)).toBe('Inactive');
      expect(fixture.server.keyStatus(mentioned.accessKeyId)).toBe('Active');
      const mutating = fixture.server.calls.filter((c) => !/^(Get|List|Lookup)/.test(c.action));
      expect(mutating.map((c) => [c.action, c.params['UserName']])).toEqual([
        ['UpdateAccessKey', 'app'],
        ['PutUserPolicy', 'app'],
      ]);
      expect(result.stdout + result.stderr).not.toContain(leaked.secretAccessKey);
    } finally {
      await fixture.close();
    }
  });
});

describe('a reader that stops early', () => {
  // `secret-guard scan --all | head` closes the pipe: that printed a stack trace (EPIPE) instead of ending quietly.
  it('ends without a stack trace, with the exit code of the scan', async () => {
    const r = repo();
    const lines = Array.from({ length: 2000 }, (_, i) => `key${i}=${makeKeyId()}`);
    r.write('many.env', lines.join('\n') + '\n');
    r.git('add', 'many.env');
    const child = spawn(process.execPath, [cliBundle(), 'scan', '--staged', '--format', 'json'], {
      cwd: r.dir,
      env: gitEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exitCode = await new Promise<number>((done) => child.on('close', (code) => done(code ?? -1)));
    expect(stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(exitCode).toBe(1);
  });
});

describe('a report that cannot be written', () => {
  // `secret-guard scan > report.txt` on a full disk: a stack trace, and exit 1 as if keys were found.
  it('says so in one line and exits 3', async () => {
    const r = repo();
    r.commit({ 'a.txt': 'a\n' });
    r.write('b.txt', 'b\n');
    r.git('add', 'b.txt');
    const full = openSync('/dev/full', 'w');
    const child = spawn(process.execPath, [cliBundle(), 'scan', '--staged'], {
      cwd: r.dir,
      env: gitEnv,
      stdio: ['ignore', full, 'pipe'],
    });
    closeSync(full);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exitCode = await new Promise<number>((done) => child.on('close', (code) => done(code ?? -1)));
    expect(stderr).toBe('secret-guard: cannot write the report: ENOSPC: no space left on device, write\n');
    expect(exitCode).toBe(3);
  });
});

describe('a secret pasted into .secret-guard.yml as a key', () => {
  // The "unknown key" error quoted the key whole: a secret written where a key goes ended up in the CI log.
  it('is not quoted whole in the error', async () => {
    const r = repo();
    r.commit({ 'a.txt': 'a\n' });
    const secret = makeSecret();
    r.write('.secret-guard.yml', `allow:\n  "${secret}": true\n`);
    const result = await runCli(['scan', '--staged'], { cwd: r.dir });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/\.secret-guard\.yml: allow\.\S+…: unknown key/);
    expect(result.stdout + result.stderr).not.toContain(secret);
  });
});

describe('--all: a ref that points at a blob or a tree', () => {
  // `git tag t <blob>` (or an annotated tag of a tree) puts content in every clone without any commit: --all read
  // commits only, and said "No AWS keys found" (exit 0).
  it('is not a clean result', async () => {
    const r = repo();
    r.commit({ 'a.txt': 'a\n' });
    const blob = execFileSync('git', ['hash-object', '-w', '--stdin'], {
      cwd: r.dir,
      env: gitEnv,
      input: `AWS_ACCESS_KEY_ID=${makeKeyId()}\n`,
    })
      .toString()
      .trim();
    r.git('tag', 'blob-tag', blob);
    r.git('tag', '-a', 'tree-tag', '-m', 'a tree', `${r.git('rev-parse', 'HEAD')}^{tree}`);
    const result = await runCli(['scan', '--all', '--format', 'json'], { cwd: r.dir });
    expect(result.exitCode).toBe(3);
    const report = JSON.parse(result.stdout) as { partial: boolean; partialReasons: string[] };
    expect(report.partial).toBe(true);
    expect(report.partialReasons.join('\n')).toMatch(/refs\/tags\/blob-tag points to a blob/);
    expect(report.partialReasons.join('\n')).toMatch(/refs\/tags\/tree-tag points to a tree/);
  });
});
