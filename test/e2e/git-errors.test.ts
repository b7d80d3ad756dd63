// How the bundled CLI meets git: every failure in one vocabulary with its fix (exit 3), and hooks that read
// the repository and index git hands them through GIT_DIR / GIT_INDEX_FILE.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { gitEnv, tempRepos } from '../helpers/git-repo.js';
import { makeKeyId } from '../helpers/keys.js';

const repo = tempRepos();
const folders: string[] = [];
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function emptyFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sg-empty-'));
  folders.push(dir);
  return dir;
}

describe('git failures through the CLI', () => {
  it("a repository git refuses (dubious ownership): exit 3, one line with git's fix", async () => {
    const r = repo();
    r.commit({ 'a.txt': 'a\n' });
    for (const args of [['scan', '--staged'], ['scan', '--all'], ['scan', '.'], ['install']]) {
      const result = await runCli(args, { cwd: r.dir, env: { GIT_TEST_ASSUME_DIFFERENT_OWNER: '1' } });
      expect(result.exitCode, args.join(' ')).toBe(3);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toEqual([
        expect.stringContaining(`git config --global --add safe.directory ${r.dir}`),
      ]);
      expect(result.stderr).toContain('dubious ownership');
    }
  });

  it('git not installed: exit 3, says so', async () => {
    const r = repo();
    for (const args of [['scan', '--staged'], ['scan', '--range', 'HEAD~1..HEAD'], ['install']]) {
      const result = await runCli(args, { cwd: r.dir, env: { PATH: emptyFolder() } });
      expect(result.exitCode, args.join(' ')).toBe(3);
      expect(result.stderr, args.join(' ')).toBe(
        'secret-guard: git is not installed or not on PATH: install git, then run again\n',
      );
    }
  });

  it('install outside a repository: exit 3, "not a git repository"', async () => {
    const dir = emptyFolder();
    const result = await runCli(['install'], { cwd: dir });
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toBe(`secret-guard: not a git repository: ${dir}\n`);
  });
});

describe('hooks read what git hands them', () => {
  function tryGit(cwd: string, ...args: string[]): { status: number; output: string } {
    const r = spawnSync('git', args, { cwd, env: gitEnv, encoding: 'utf8' });
    return { status: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
  }

  it('`git commit <path>` and `git commit -a` (a temporary index) are blocked', async () => {
    const r = repo();
    r.commit({ 'leak.env': 'EMPTY=\n', 'other.txt': 'x\n' });
    expect((await runCli(['install'], { cwd: r.dir })).exitCode).toBe(0);
    // Only the working tree has the key: the real index is clean, the commit's temporary index is not.
    r.write('leak.env', `AWS_ACCESS_KEY_ID=${makeKeyId()}\n`);
    const partial = tryGit(r.dir, 'commit', '-q', '-m', 'partial', 'leak.env');
    expect(partial.status).not.toBe(0);
    expect(partial.output).toContain('leak.env:1:');
    const all = tryGit(r.dir, 'commit', '-q', '-a', '-m', 'all');
    expect(all.status).not.toBe(0);
    expect(all.output).toContain('leak.env:1:');
    expect(r.git('rev-list', '--count', 'HEAD')).toBe('1');
  });

  it('a commit in a linked worktree is blocked', async () => {
    const r = repo();
    r.commit({ 'a.txt': 'a\n' });
    expect((await runCli(['install'], { cwd: r.dir })).exitCode).toBe(0);
    const tree = join(emptyFolder(), 'wt');
    r.git('worktree', 'add', '-q', '-b', 'side', tree);
    const w = { git: (...args: string[]) => tryGit(tree, ...args) };
    spawnSync('sh', ['-c', `printf 'AWS_ACCESS_KEY_ID=${makeKeyId()}\\n' > leak.env`], { cwd: tree });
    w.git('add', 'leak.env');
    const blocked = w.git('commit', '-q', '-m', 'leak');
    expect(blocked.status).not.toBe(0);
    expect(blocked.output).toContain('leak.env:1:');
  });
});
