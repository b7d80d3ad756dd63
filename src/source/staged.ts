// What `git commit` would add: the index against HEAD. On an unborn branch (no commit yet) git compares the
// index with the empty tree, so the first commit is scanned too.
import { DiffParser } from '../diff/diff-parser.js';
import { findRepoRoot } from '../git/repository.js';
import { pipeGit } from '../git/run-git.js';
import { DIFF_ARGS, GIT_CONFIG_ARGS } from './git-flags.js';
import type { SourceContext } from './source-context.js';

export async function readStaged(ctx: SourceContext): Promise<void> {
  // Both git processes run at once (this is the pre-commit hook's path); outside a repository the error is
  // "not a git repository", not git diff's own wording.
  const parser = new DiffParser(ctx.createSink(), ctx.coverage);
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
