// The source stage's one entry: turns a SourceSpec into added lines pushed to the sinks that `ctx` makes.
import { assertNever } from '../errors.js';
import type { SourceSpec } from '../types.js';
import { readHistory } from './history.js';
import { readPaths } from './paths.js';
import { findRepoRoot } from './repo.js';
import { assertHistoryComplete, assertRevisionsExist, namedRevisions, rangeRevisions } from './revisions.js';
import type { SourceContext } from './source-context.js';
import { readStaged } from './staged.js';
import { readStdin } from './stdin.js';

export type { SourceContext } from './source-context.js';

/**
 * Read what `spec` names and push its added lines to sinks from `ctx.createSink()`, counting what was seen in
 * `ctx.coverage`. Throws OperationalError when the input cannot be read as asked (not a repository, unknown
 * revision, missing shallow history, git failing, a named path that does not exist).
 */
export async function readSource(spec: SourceSpec, ctx: SourceContext): Promise<void> {
  switch (spec.kind) {
    case 'staged':
      return readStaged(ctx);
    case 'range':
      // A range is one revision expression, never an option: `--end-of-options` keeps it so.
      return readCommits(
        ['--end-of-options', spec.range],
        rangeRevisions(spec.range),
        `the range ${spec.range}`,
        ctx,
      );
    case 'all':
      return readCommits(['--all'], [], 'the whole history (--all)', ctx);
    case 'push':
      return readCommits(spec.revs, namedRevisions(spec.revs), 'the pushed commits', ctx);
    case 'stdin':
      return readStdin(ctx);
    case 'paths':
      return readPaths(spec.paths, ctx);
    default:
      return assertNever(spec);
  }
}

async function readCommits(
  revListArgs: readonly string[],
  revisions: readonly string[],
  what: string,
  ctx: SourceContext,
): Promise<void> {
  await findRepoRoot(ctx.cwd);
  await assertRevisionsExist(ctx.cwd, revisions);
  await assertHistoryComplete(ctx.cwd, revListArgs, what);
  await readHistory(revListArgs, ctx);
}
