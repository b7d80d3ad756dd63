// The source stage's one entry: turns a SourceSpec into added lines pushed to the sinks that `ctx` makes.
import { assertNever } from '../errors.js';
import type { SourceSpec } from '../types.js';
import type { SourceContext } from './source-context.js';
import { namedRevisions, positiveRevisions, rangeRevisions } from './revision-names.js';
import { readStagedDiffFile } from './staged-diff-file.js';

export type { SourceContext } from './source-context.js';

/**
 * Read what `spec` names and push its added lines to sinks from `ctx.createSink()`, counting what was seen in
 * `ctx.coverage`. Throws OperationalError when the input cannot be read as asked (not a repository, unknown
 * revision, missing shallow history, git failing, a named path that does not exist).
 */
export async function readSource(spec: SourceSpec, ctx: SourceContext): Promise<void> {
  // Only the staged diff the hooks hand over is read by code loaded up front: it is the hook's path, and every
  // millisecond there counts (running git means loading Node's child-process modules as well).
  switch (spec.kind) {
    case 'staged':
      if (spec.diffFile !== undefined) return readStagedDiffFile(spec.diffFile, ctx);
      return (await import('./staged.js')).readStaged(ctx);
    case 'range': {
      // A range is one revision expression, never an option: `--end-of-options` keeps it so.
      return readCommits(
        ['--end-of-options', spec.range],
        rangeRevisions(spec.range),
        `the range ${spec.range}`,
        ctx,
      );
    }
    case 'all':
      return readCommits(
        ['--all', ...(spec.include ?? [])],
        spec.include ?? [],
        'the whole history (--all)',
        ctx,
        'all',
      );
    case 'push':
      return readCommits(spec.revs, namedRevisions(spec.revs), 'the pushed commits', ctx);
    case 'stdin': {
      const { readStdin } = await import('./stdin.js');
      return readStdin(ctx);
    }
    case 'paths': {
      const { readPaths } = await import('./paths.js');
      return readPaths(spec.paths, ctx);
    }
    default:
      return assertNever(spec);
  }
}

/**
 * The commits `revListArgs` select, each with its message, and the messages of annotated tags: every one a ref
 * points to for `tags` 'all', else the tags among the revisions the arguments add (a pushed tag, `..v1.0`).
 */
async function readCommits(
  revListArgs: readonly string[],
  revisions: readonly string[],
  what: string,
  ctx: SourceContext,
  tags?: 'all',
): Promise<void> {
  // The checks start while the history's modules load (the listing's too): a history scan's start-up is time
  // during which one of the two cores is idle.
  const checks = (async () => {
    const [{ findRepoRoot }, { assertHistoryComplete, assertRevisionsExist }] = await Promise.all([
      import('../git/repository.js'),
      import('./revisions.js'),
    ]);
    await findRepoRoot(ctx.cwd);
    await assertRevisionsExist(ctx.cwd, revisions);
    await assertHistoryComplete(ctx.cwd, revListArgs, what);
  })();
  // Awaited below, after the modules: a failure meanwhile is not an unhandled rejection.
  checks.catch(() => {});
  const [{ readHistory }, { readTagMessages }] = await Promise.all([
    import('./history.js'),
    import('./tag-messages.js'),
    ctx.prefilter ? import('../scan/commit-prefilter.js') : null,
  ]);
  // The listing starts beside the checks, not after them: git's start is time during which one core is idle. A
  // failed check still fails the scan, and its message (the revision, the shallow cut) wins over git's own.
  const reading = Promise.all([
    readHistory(revListArgs, ctx),
    readTagMessages(tags ?? positiveRevisions(revListArgs), ctx),
  ]);
  reading.catch(() => {});
  await checks;
  await reading;
}
