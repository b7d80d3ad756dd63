// What `git commit` would add: the index against HEAD. On an unborn branch (no commit yet) git compares the
// index with the empty tree, so the first commit is scanned too.
import { DiffParser } from '../diff/diff-parser.js';
import { DIFF_ARGS, GIT_CONFIG_ARGS } from './git-flags.js';
import { parseGitOutput } from './git-diff-stream.js';
import { findRepoRoot } from './repo.js';
import type { SourceContext } from './source-context.js';

export async function readStaged(ctx: SourceContext): Promise<void> {
  // Fail with "not a git repository" rather than with git's own wording.
  await findRepoRoot(ctx.cwd);
  const parser = new DiffParser(ctx.createSink(), ctx.coverage);
  await parseGitOutput(ctx.cwd, [...GIT_CONFIG_ARGS, 'diff', '--cached', ...DIFF_ARGS], parser);
}
