// The git module against real git: each way git can fail is named once, in the same words, whatever asked.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { OperationalError } from '../../src/errors.js';
import { GitError, gitFailure } from '../../src/git/git-error.js';
import { findRepoRoot, hasCommit, hooksDir, revisionExists } from '../../src/git/repository.js';
import { gitOutput, pipeGit } from '../../src/git/run-git.js';
import { gitEnv, tempRepos } from '../helpers/git-repo.js';

const repo = tempRepos();
const saved = { ...process.env };
// The module runs git with this process's environment: pin it as the helpers pin theirs (no user config).
beforeEach(() => {
  Object.assign(process.env, gitEnv);
  for (const key of Object.keys(process.env)) if (!(key in gitEnv)) delete process.env[key];
});
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

async function failure(promise: Promise<unknown>): Promise<GitError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GitError);
  expect(error).toBeInstanceOf(OperationalError);
  return error as GitError;
}

function outsideAnyRepository(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sg-norepo-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('git errors', () => {
  it('git missing from PATH: "git is not installed"', async () => {
    const r = repo();
    process.env.PATH = outsideAnyRepository();
    const error = await failure(gitOutput(r.dir, ['rev-parse', 'HEAD']));
    expect(error.kind).toBe('not-installed');
    expect(error.message).toBe('git is not installed or not on PATH: install git, then run again');
  });

  it('a working folder that does not exist is named as such, not as a missing git', async () => {
    const error = await failure(gitOutput(join(tmpdir(), 'sg-no-such-folder-here'), ['status']));
    expect(error.kind).toBe('no-such-folder');
    expect(error.message).toMatch(/^the folder .*sg-no-such-folder-here does not exist/);
  });

  it('outside a repository: "not a git repository: <folder>"', async () => {
    const dir = outsideAnyRepository();
    const error = await failure(gitOutput(dir, ['log']));
    expect(error.kind).toBe('not-a-repository');
    expect(error.message).toBe(`not a git repository: ${dir}`);
    expect(await findRepoRoot(dir, { optional: true })).toBeNull();
  });

  it("a repository owned by someone else: says so, with git's fix, even where a repository is optional", async () => {
    const r = repo();
    process.env.GIT_TEST_ASSUME_DIFFERENT_OWNER = '1';
    const error = await failure(findRepoRoot(r.dir, { optional: true }));
    expect(error.kind).toBe('dubious-ownership');
    expect(error.message).toContain('detected dubious ownership');
    expect(error.message).toContain(`git config --global --add safe.directory ${r.dir}`);
  });

  it('an unknown revision is named', async () => {
    const r = repo();
    r.commit({ 'a.txt': 'a\n' });
    const error = await failure(gitOutput(r.dir, ['rev-list', 'no-such-branch']));
    expect(error.kind).toBe('unknown-revision');
    expect(error.message).toBe(
      "unknown revision 'no-such-branch' (no such branch, tag or commit in this repository)",
    );
    expect(await revisionExists(r.dir, 'no-such-branch')).toBe(false);
    expect(await revisionExists(r.dir, 'HEAD')).toBe(true);
    expect(await hasCommit(r.dir, 'f'.repeat(40))).toBe(false);
  });

  it("any other failure keeps git's own message", async () => {
    const r = repo();
    const error = await failure(gitOutput(r.dir, ['frobnicate']));
    expect(error.kind).toBe('failed');
    expect(error.message).toBe(
      "git frobnicate failed (exit code 1): git: 'frobnicate' is not a git command. See 'git --help'.",
    );
  });

  it('missing objects point at the shallow-clone fix', () => {
    const error = gitFailure('/r', ['log', '-p'], 128, null, 'fatal: bad object 1234abcd\n');
    expect(error.kind).toBe('missing-history');
    expect(error.message).toContain('git fetch --unshallow');
  });
});

describe('git processes', () => {
  it('inherit GIT_DIR and GIT_WORK_TREE, as a hook runs with them', async () => {
    const r = repo();
    process.env.GIT_DIR = join(r.dir, '.git');
    process.env.GIT_WORK_TREE = r.dir;
    const elsewhere = outsideAnyRepository();
    expect(await gitOutput(elsewhere, ['rev-parse', '--show-toplevel'])).toBe(r.dir);
    expect(await hooksDir(elsewhere)).toBe(join(r.dir, '.git', 'hooks'));
  });

  it('a parser that throws stops git and fails with its own error', async () => {
    const r = repo();
    r.commit({ 'a.txt': 'a\n'.repeat(10_000) });
    const boom = new Error('parser failed');
    const job = pipeGit({ cwd: r.dir, args: ['log', '-p'] }, () => {
      throw boom;
    });
    await expect(job.done).rejects.toBe(boom);
  });
});
