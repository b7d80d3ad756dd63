// What `git commit` would add: the index against HEAD. On an unborn branch (no commit yet) git compares the
// index with the empty tree, so the first commit is scanned too.
import { DiffParser } from '../diff/diff-parser.js';
import { findRepoRoot } from '../git/repository.js';
import { gitOutput, pipeGit } from '../git/run-git.js';
import { DIFF_ARGS, GIT_CONFIG_ARGS } from './git-flags.js';
import { movedOption, type SourceContext } from './source-context.js';

export async function readStaged(ctx: SourceContext): Promise<void> {
  // Both git processes run at once (this is the pre-commit hook's path); outside a repository the error is
  // "not a git repository", not git diff's own wording.
  const parser = new DiffParser(ctx.createSink(), ctx.coverage, movedOption(ctx));
  const [root, diff] = await Promise.allSettled([
    findRepoRoot(ctx.cwd),
    pipeGit({ cwd: ctx.cwd, args: [...GIT_CONFIG_ARGS, 'diff', '--cached', ...DIFF_ARGS] }, (chunk) =>
      parser.write(chunk),
    ).done,
  ]);
  if (root.status === 'rejected') throw root.reason;
  if (diff.status === 'rejected') throw diff.reason;
  parser.end();
}

/** One path the index changes against HEAD (renames as a deletion and an addition). */
export interface StagedPath {
  path: string;
  deleted: boolean;
}

/** What the index changes against HEAD, by path: names only, no content. */
export async function stagedPaths(cwd: string): Promise<StagedPath[]> {
  const output = await gitOutput(cwd, [
    ...GIT_CONFIG_ARGS,
    'diff',
    '--cached',
    '--name-status',
    '--no-renames',
    '-z',
  ]);
  // `M\0path\0D\0path\0…`
  const fields = output.split('\0');
  const paths: StagedPath[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    paths.push({ path: fields[i + 1]!, deleted: fields[i] === 'D' });
  }
  return paths;
}

/**
 * Whether the index differs from HEAD at all: asked only when the staged diff added no line, to tell a commit
 * that only deletes, renames or changes modes from one with nothing staged.
 */
export async function hasStagedChanges(cwd: string): Promise<boolean> {
  return (await stagedPaths(cwd)).length > 0;
}
