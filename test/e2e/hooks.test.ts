// The hooks as developers meet them: `secret-guard install`, then real `git commit` and `git push` to a
// local bare remote, stopped or let through.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { gitEnv, tempRepos, type TempRepo } from '../helpers/git-repo.js';
import { makeKeyId } from '../helpers/keys.js';

const repo = tempRepos();

/** Run git and return its status and output instead of throwing: hooks are expected to fail it. */
function tryGit(cwd: string, ...args: string[]): { status: number; output: string } {
  const r = spawnSync('git', args, { cwd, env: gitEnv, encoding: 'utf8' });
  return { status: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
}

function withRemote(): { work: TempRepo; remote: TempRepo } {
  const remote = repo({ bare: true });
  const work = repo();
  work.git('remote', 'add', 'origin', remote.dir);
  return { work, remote };
}

describe('secret-guard install', () => {
  it('blocks a commit that adds a key, and lets a clean one through', async () => {
    const r = repo();
    expect((await runCli(['install'], { cwd: r.dir })).exitCode).toBe(0);
    r.write('clean.txt', 'nothing to see\n');
    r.git('add', '-A');
    expect(tryGit(r.dir, 'commit', '-qm', 'clean').status).toBe(0);

    const id = makeKeyId();
    r.write('deploy.sh', `export AWS_ACCESS_KEY_ID=${id}\n`);
    r.git('add', '-A');
    const blocked = tryGit(r.dir, 'commit', '-qm', 'leak');
    expect(blocked.status).not.toBe(0);
    expect(blocked.output).toContain('commit blocked');
    expect(blocked.output).toContain('deploy.sh:1:');
    expect(blocked.output).toContain(id);
    // How to skip it, and what skipping does not skip.
    expect(blocked.output).toContain('`git commit --no-verify`');
    expect(blocked.output).toContain('The pre-push hook and CI still scan what you push');
    expect(r.git('log', '--oneline').split('\n')).toHaveLength(1);
  });

  it('after `git commit -a`, says to fix the file and commit again, not to unstage', async () => {
    const r = repo();
    r.commit({ 'deploy.sh': 'echo deploy\n' });
    await runCli(['install', '--hook', 'pre-commit'], { cwd: r.dir });
    r.write('deploy.sh', `echo deploy\nexport AWS_ACCESS_KEY_ID=${makeKeyId()}\n`);
    const blocked = tryGit(r.dir, 'commit', '-qam', 'leak');
    expect(blocked.status).not.toBe(0);
    expect(blocked.output).toContain('deploy.sh:2:');
    expect(blocked.output).toContain('Remove the key from the file, then commit again');
    expect(blocked.output).not.toContain('git restore --staged');
    // Indeed nothing is left staged.
    expect(r.git('status', '--porcelain')).toBe(' M deploy.sh');
  });

  it('lets a commit that only deletes through, with no alarm and no advice', async () => {
    const r = repo();
    r.commit({ 'old.txt': 'old\n', 'keep.txt': 'keep\n' });
    await runCli(['install', '--hook', 'pre-commit'], { cwd: r.dir });
    r.git('rm', '-q', 'old.txt');
    const result = tryGit(r.dir, 'commit', '-m', 'remove old.txt');
    expect(result.status).toBe(0);
    // The prefilter finds nothing to search in a diff that adds no line: Node is not even started.
    expect(result.output).toContain('No AWS keys found');
    expect(result.output).not.toMatch(/not a clean result|git add|Nothing was scanned/);
  });

  it('refuses a bare repository (exit 3)', async () => {
    const bare = repo({ bare: true });
    const result = await runCli(['install'], { cwd: bare.dir });
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toMatch(/is a bare repository: .*install in a clone with a work tree/);
    expect(existsSync(join(bare.dir, 'hooks', 'pre-commit'))).toBe(false);
  });

  it('warns before writing into a core.hooksPath set for every repository', async () => {
    const r = repo();
    const shared = mkdtempSync(join(tmpdir(), 'sg-global-hooks-'));
    const globalConfig = join(shared, 'gitconfig');
    writeFileSync(globalConfig, `[core]\n\thooksPath = ${join(shared, 'hooks')}\n`);
    const result = await runCli(['install', '--hook', 'pre-commit'], {
      cwd: r.dir,
      env: { GIT_CONFIG_GLOBAL: globalConfig },
    });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain(
      `warning: core.hooksPath is set for all your repositories (in ${globalConfig}): the hooks written to ${join(shared, 'hooks')} run in every repository that uses it`,
    );
    expect(existsSync(join(shared, 'hooks', 'pre-commit'))).toBe(true);
    // A repository's own core.hooksPath is no such case.
    const local = repo();
    local.git('config', 'core.hooksPath', '.githooks');
    expect((await runCli(['install'], { cwd: local.dir })).stderr).toBe('');
  });

  it('is safe to run twice, keeps and chains an existing hook, and uninstall restores it', async () => {
    const r = repo();
    const hooks = join(r.dir, '.git', 'hooks');
    writeFileSync(join(hooks, 'pre-commit'), '#!/bin/sh\necho "original hook ran"\n');
    chmodSync(join(hooks, 'pre-commit'), 0o755);
    await runCli(['install'], { cwd: r.dir });
    await runCli(['install'], { cwd: r.dir });
    const names = readdirSync(hooks).filter((n) => n.startsWith('pre-commit') && !n.endsWith('.sample'));
    expect(names.sort()).toEqual(['pre-commit', 'pre-commit.secret-guard-chained']);
    expect(readFileSync(join(hooks, 'pre-commit.secret-guard-chained'), 'utf8')).toContain(
      'original hook ran',
    );

    r.write('a.txt', 'a\n');
    r.git('add', '-A');
    const ok = tryGit(r.dir, 'commit', '-m', 'a');
    expect(ok.status).toBe(0);
    expect(ok.output).toContain('original hook ran');

    expect((await runCli(['uninstall'], { cwd: r.dir })).exitCode).toBe(0);
    expect(readFileSync(join(hooks, 'pre-commit'), 'utf8')).toContain('original hook ran');
    expect(existsSync(join(hooks, 'pre-commit.secret-guard-chained'))).toBe(false);
    expect(existsSync(join(hooks, 'pre-push'))).toBe(false);
  });

  it('honours core.hooksPath', async () => {
    const r = repo();
    r.git('config', 'core.hooksPath', '.githooks');
    await runCli(['install', '--hook', 'pre-commit'], { cwd: r.dir });
    expect(existsSync(join(r.dir, '.githooks', 'pre-commit'))).toBe(true);
    expect(existsSync(join(r.dir, '.git', 'hooks', 'pre-commit'))).toBe(false);
    r.write('x.env', `AWS_ACCESS_KEY_ID=${makeKeyId()}\n`);
    r.git('add', 'x.env');
    expect(tryGit(r.dir, 'commit', '-qm', 'leak').status).not.toBe(0);
  });

  it('rejects an unknown --hook value (exit 2)', async () => {
    const r = repo();
    const result = await runCli(['install', '--hook', 'post-merge'], { cwd: r.dir });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('post-merge');
  });
});

describe('pre-push', () => {
  it('stops a push of a commit made with --no-verify, and lets a clean push through', async () => {
    const { work } = withRemote();
    await runCli(['install'], { cwd: work.dir });
    work.commit({ 'a.txt': 'a\n' }, 'clean');
    expect(tryGit(work.dir, 'push', '-q', 'origin', 'main').status).toBe(0);

    work.write('leak.env', `AWS_ACCESS_KEY_ID=${makeKeyId()}\n`);
    work.git('add', '-A');
    work.git('commit', '-q', '--no-verify', '-m', 'leak');
    const pushed = tryGit(work.dir, 'push', '-q', 'origin', 'main');
    expect(pushed.status).not.toBe(0);
    expect(pushed.output).toContain('push blocked');
    expect(pushed.output).toContain('leak.env:1:');
  });

  it('stops a push with how to skip the check and what that means', async () => {
    const { work } = withRemote();
    await runCli(['install', '--hook', 'pre-push'], { cwd: work.dir });
    work.commit({ 'leak.env': `AWS_ACCESS_KEY_ID=${makeKeyId()}\n` }, 'leak');
    const pushed = tryGit(work.dir, 'push', 'origin', 'main');
    expect(pushed.status).not.toBe(0);
    expect(pushed.output).toContain('`git push --no-verify`');
    expect(pushed.output).toContain('CI still scans what you push');
  });

  it('lets a push of tags only through, with no alarm', async () => {
    const { work } = withRemote();
    work.commit({ 'a.txt': 'a\n' }, 'clean');
    work.git('push', '-q', 'origin', 'main');
    await runCli(['install', '--hook', 'pre-push'], { cwd: work.dir });
    work.git('tag', 'v1');
    work.git('tag', '-a', 'v1-annotated', '-m', 'release one');
    const pushed = tryGit(work.dir, 'push', 'origin', 'v1', 'v1-annotated');
    expect(pushed.status).toBe(0);
    // No commit is new; the annotated tag's message is, and was scanned.
    expect(pushed.output).toContain('✔ No AWS keys found');
    expect(pushed.output).not.toMatch(/not a clean result|Nothing was scanned/);
  });

  it('scans only the new commits of a new branch, nothing for a deletion, and what a forced push sends', async () => {
    const { work, remote } = withRemote();
    // A key already on the remote (pushed before the hooks existed) does not block later pushes.
    work.commit({ 'old.env': `AWS_ACCESS_KEY_ID=${makeKeyId()}\n` }, 'old');
    work.git('push', '-q', 'origin', 'main');
    await runCli(['install', '--hook', 'pre-push'], { cwd: work.dir });

    work.git('checkout', '-q', '-b', 'feature');
    work.commit({ 'b.txt': 'b\n' }, 'feature work');
    expect(tryGit(work.dir, 'push', '-q', 'origin', 'feature').status).toBe(0);
    expect(tryGit(work.dir, 'push', '-q', 'origin', '--delete', 'feature').status).toBe(0);

    // Forced push of a rewritten history that adds a key.
    work.git('checkout', '-q', 'main');
    work.git('reset', '-q', '--hard', 'HEAD');
    work.write('old.env', `AWS_ACCESS_KEY_ID=${makeKeyId()}\n`);
    work.git('add', '-A');
    work.git('commit', '-q', '--no-verify', '--amend', '-m', 'rewritten');
    const forced = tryGit(work.dir, 'push', '-q', '--force', 'origin', 'main');
    expect(forced.status).not.toBe(0);
    expect(forced.output).toContain('push blocked');
    expect(
      execFileSync('git', ['log', '--oneline', 'main'], { cwd: remote.dir, env: gitEnv, encoding: 'utf8' }),
    ).toContain('old');
  });
});
