// Real repositories in temporary folders, with a pinned identity and an empty HOME so that the
// developer's own git configuration never leaks into a test.
import { execFileSync, type ExecFileSyncOptions } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';

const home = mkdtempSync(join(tmpdir(), 'sg-home-'));

export const gitEnv: NodeJS.ProcessEnv = {
  ...process.env,
  HOME: home,
  XDG_CONFIG_HOME: home,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'author@example.com',
  GIT_AUTHOR_DATE: '2026-01-02T03:04:05Z',
  GIT_COMMITTER_NAME: 'Test Committer',
  GIT_COMMITTER_EMAIL: 'committer@example.com',
  GIT_COMMITTER_DATE: '2026-01-02T03:04:05Z',
  NO_COLOR: '1',
};
for (const key of [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'PRE_COMMIT_FROM_REF',
  'PRE_COMMIT_TO_REF',
  'CI',
]) {
  delete gitEnv[key];
}

export interface TempRepo {
  dir: string;
  git(...args: string[]): string;
  write(path: string, content: string | Buffer): void;
  /** Write files, stage everything and commit; returns the new commit's sha. */
  commit(files: Record<string, string | Buffer>, message?: string): string;
  remove(): void;
}

export function git(cwd: string, args: string[], options: ExecFileSyncOptions = {}): string {
  return execFileSync('git', args, {
    cwd,
    env: gitEnv,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
    ...options,
  })
    .toString()
    .trimEnd();
}

export function makeRepo(options: { bare?: boolean; branch?: string } = {}): TempRepo {
  const dir = mkdtempSync(join(tmpdir(), 'sg-repo-'));
  git(dir, [
    'init',
    '-q',
    `--initial-branch=${options.branch ?? 'main'}`,
    ...(options.bare ? ['--bare'] : []),
  ]);
  const repo: TempRepo = {
    dir,
    git: (...args) => git(dir, args),
    write(path, content) {
      const full = join(dir, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
    },
    commit(files, message = 'change') {
      for (const [path, content] of Object.entries(files)) repo.write(path, content);
      repo.git('add', '-A');
      repo.git('commit', '-q', '--allow-empty', '-m', message);
      return repo.git('rev-parse', 'HEAD');
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
  return repo;
}

/** Call once at the top of a test file: returns a `makeRepo` whose repositories are removed after each test. */
export function tempRepos(): (options?: { bare?: boolean; branch?: string }) => TempRepo {
  const made: TempRepo[] = [];
  afterEach(() => {
    for (const r of made.splice(0)) r.remove();
  });
  return (options) => {
    const r = makeRepo(options);
    made.push(r);
    return r;
  };
}
