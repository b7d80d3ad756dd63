// What `git commit` would add: the index against HEAD. On an unborn branch (no commit yet) git compares the
// index with the empty tree, so the first commit is scanned too.
import { DiffParser } from '../diff/diff-parser.js';
import { DIFF_ARGS, GIT_CONFIG_ARGS } from './git-flags.js';
import { spawnGit } from './git-process.js';
import { parseGitOutput } from './git-diff-stream.js';
import { findRepoRoot } from './repo-root.js';
import type { SourceContext } from './source-context.js';

export async function readStaged(ctx: SourceContext): Promise<void> {
  // Both git processes run at once (this is the pre-commit hook's path); outside a repository the error is
  // "not a git repository", not git diff's own wording.
  const parser = new DiffParser(ctx.createSink(), ctx.coverage);
  const [root, diff] = await Promise.allSettled([
    findRepoRoot(ctx.cwd),
    parseGitOutput(ctx.cwd, [...GIT_CONFIG_ARGS, 'diff', '--cached', ...DIFF_ARGS], parser),
  ]);
  if (root.status === 'rejected') throw root.reason;
  if (diff.status === 'rejected') throw diff.reason;
}

/**
 * Whether the index differs from HEAD at all: asked only when the staged diff added no line, to tell a commit
 * that only deletes, renames or changes modes from one with nothing staged.
 */
export async function hasStagedChanges(cwd: string): Promise<boolean> {
  let seen = false;
  const names = spawnGit({
    cwd,
    args: ['diff', '--cached', '--name-only', '--no-renames', '-z'],
    onStdout: (chunk) => (seen ||= chunk.length > 0),
  });
  await names.done;
  return seen;
}
