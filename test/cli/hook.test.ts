// `secret-guard hook` in process: what it scans for the arguments and stdin each caller gives it.
import { describe, expect, it } from 'vitest';
import { gitEnv, tempRepos } from '../helpers/git-repo.js';
import { makeKeyId } from '../helpers/keys.js';
import { runInProcess } from './in-process.js';

const repo = tempRepos();

describe('hook pre-commit', () => {
  it('scans the staged changes when given no files (git) or the staged files (the framework at a commit)', async () => {
    const r = repo();
    r.commit({ 'old.env': `AWS_ACCESS_KEY_ID=${makeKeyId()}\n` });
    r.write('new.txt', 'fine\n');
    r.git('add', 'new.txt');
    const env = { ...gitEnv, GIT_INDEX_FILE: '.git/index' };
    for (const args of [[], ['new.txt']]) {
      const result = await runInProcess(['hook', 'pre-commit', ...args], { cwd: r.dir, io: { env } });
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toContain('No AWS keys found in the staged changes');
    }
  });

  it('at a commit (GIT_INDEX_FILE set) scans every staged change, whatever names the framework kept', async () => {
    const r = repo();
    r.commit({ 'a.txt': 'a\n' });
    r.write('clean.txt', 'fine\n');
    r.write('vendor/lib.env', `AWS_ACCESS_KEY_ID=${makeKeyId()}\n`);
    r.git('add', 'clean.txt', 'vendor/lib.env');
    const env = { ...gitEnv, GIT_INDEX_FILE: '.git/index' };
    const result = await runInProcess(['hook', 'pre-commit', '--', 'clean.txt'], { cwd: r.dir, io: { env } });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('commit blocked');
    expect(result.stdout).toContain('vendor/lib.env:1:');
  });

  it('scans other files whole (`pre-commit run --all-files`, `--files`), with no advice to skip a commit', async () => {
    const r = repo();
    r.commit({ 'old.env': `AWS_ACCESS_KEY_ID=${makeKeyId()}\n`, 'b.txt': 'b\n' });
    const result = await runInProcess(['hook', 'pre-commit', 'old.env', 'b.txt'], { cwd: r.dir });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('secret-guard: an AWS access key is in the files checked.');
    expect(result.stdout).toContain('old.env:1:');
    expect(result.stdout).not.toContain('--no-verify');
  });

  it('outside a commit scans the files named whole, even when they are just the staged ones', async () => {
    const r = repo();
    const line = `AWS_ACCESS_KEY_ID=${makeKeyId()}\n`;
    r.commit({ 'old.env': line });
    // Every tracked file has a staged change, as `pre-commit run --all-files` may then name exactly them.
    r.write('old.env', `${line}# reviewed\n`);
    r.git('add', 'old.env');
    const result = await runInProcess(['hook', 'pre-commit', '--', 'old.env'], { cwd: r.dir });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('old.env:1:');
  });
});

describe('hook pre-push', () => {
  it('with no ref lines on stdin (another command read them), scans all that the remote lacks', async () => {
    const remote = repo({ bare: true });
    const r = repo();
    r.git('remote', 'add', 'origin', remote.dir);
    r.commit({ 'a.txt': 'a\n' });
    r.git('push', '-q', 'origin', 'main');
    r.commit({ 'leak.env': `AWS_ACCESS_KEY_ID=${makeKeyId()}\n` });
    const result = await runInProcess(['hook', 'pre-push', 'origin', remote.dir], { cwd: r.dir, stdin: '' });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('push blocked');
    expect(result.stdout).toContain('leak.env:1:');
  });

  it('lets a push that only deletes through', async () => {
    const r = repo();
    r.commit({ 'leak.env': `AWS_ACCESS_KEY_ID=${makeKeyId()}\n` });
    const deletion = `(delete) ${'0'.repeat(40)} refs/heads/old ${r.git('rev-parse', 'HEAD')}\n`;
    const result = await runInProcess(['hook', 'pre-push', 'origin'], { cwd: r.dir, stdin: deletion });
    expect(result).toMatchObject({ exitCode: 0, stdout: '' });
  });
});
