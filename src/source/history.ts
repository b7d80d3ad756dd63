// Commit history (`range`, `all`, `push`): each commit's own diff against its parents.
//
// One `git log -p` over a whole history makes git's own memory grow with the history (trufflehog PR #5257), and
// keeps one core busy. Instead the commit list streams in (through a prefilter that proves most commits clean from
// their blobs, when the sinks are detectors: scan/commit-prefilter.ts), and batches of it go to up to `workers` concurrent
// `git log --no-walk=unsorted --stdin -p` processes, each parsed by its own DiffParser into its own sink. Root commits are diffed against the empty tree (`--root`), merges as combined diffs (`--cc`), so a line
// that only a merge resolution adds is seen, and a line a side branch brought is not reported twice.
import { availableParallelism } from 'node:os';
import { COMMIT_WITH_MESSAGE_FORMAT } from '../diff/commit-header.js';
import { DiffParser } from '../diff/diff-parser.js';
import { pipeGit, spawnGit } from '../git/run-git.js';
import { DIFF_ARGS, GIT_CONFIG_ARGS, LOG_ARGS } from './git-flags.js';
import { movedOption, type BatchJob, type SourceContext } from './source-context.js';
import type { Coverage, LineSink, MovedFile } from '../types.js';
import { ShaLines } from './sha-lines.js';

/** Commits per `git log` process: large enough to amortise a spawn, small enough to spread over the workers. */
const MAX_BATCH = 256;
/**
 * After the prefilter, commits to diff are few and far between: a batch starts with fewer of them, so that they are
 * diffed beside the blob checks rather than all after them.
 */
const MIN_PREFILTERED_BATCH = 32;

/** Parallel git processes (and worker threads) for a history scan when `--workers` says nothing. */
export function defaultWorkers(): number {
  return Math.min(availableParallelism(), 4);
}

const LOG_BATCH_ARGS = [
  ...GIT_CONFIG_ARGS,
  'log',
  '--no-walk=unsorted',
  '--stdin',
  '-p',
  `--format=${COMMIT_WITH_MESSAGE_FORMAT}`,
  ...LOG_ARGS,
  ...DIFF_ARGS,
];

/** One batch of commits: one `git log` process, parsed into one sink. Also what a history worker runs. */
export function parseBatch(
  cwd: string,
  shas: readonly string[],
  sink: LineSink,
  coverage: Coverage,
  onMoved?: (moved: MovedFile) => void,
): BatchJob {
  const seen = new Set<string>();
  const parser = new DiffParser(sink, coverage, {
    commitMessages: true,
    onCommit: (sha) => seen.add(sha),
    ...(onMoved ? { onMoved } : {}),
  });
  const run = (args: readonly string[], revs: readonly string[]): BatchJob =>
    pipeGit({ cwd, args: [...LOG_BATCH_ARGS, ...args], input: revs.join('\n') + '\n' }, (chunk) =>
      parser.write(chunk),
    );
  // Merges without rename detection: a combined diff that follows renames hides a file one side moved out of an
  // allowed path while the other gave it a key there; without, the key's line is new against every parent. The
  // second git runs only for what the first left out (the merges): most batches hold none.
  let job = run(['--no-merges'], shas);
  let killed = false;
  const done = job.done.then(async () => {
    const merges = shas.filter((sha) => !seen.has(sha));
    if (merges.length > 0) {
      job = run(['--merges', '--no-renames'], merges);
      if (killed) job.kill();
      await job.done;
    }
    parser.end();
  });
  return {
    done,
    kill: () => {
      killed = true;
      job.kill();
    },
  };
}

/** What a listing of commits reports as it goes (`git rev-list`, or the prefilter's). */
export interface ListingHandlers {
  /** A commit to diff and scan. */
  commit(sha: string): void;
  /** Commits proven to hold no finding without a diff (counted in coverage already). */
  cleared(count: number): void;
  /** Nothing more is listed; only what checks under way decide is still to come (the prefilter's). */
  ending?(): void;
  done(): void;
  fail(error: unknown): void;
}

export interface Listing {
  pause(): void;
  resume(): void;
  kill(): void;
}

/** Every commit `git rev-list <revListArgs>` lists, as it streams in. */
function revList(revListArgs: readonly string[], cwd: string, on: ListingHandlers): Listing {
  const proc = spawnGit({ cwd, args: ['rev-list', ...revListArgs] });
  const shas = new ShaLines((sha) => on.commit(sha));
  proc.stdout.on('data', (chunk: Buffer) => shas.write(chunk));
  proc.done.then(
    () => {
      shas.end();
      on.done();
    },
    (error: unknown) => on.fail(error),
  );
  return {
    pause: () => proc.stdout.pause(),
    resume: () => proc.stdout.resume(),
    kill: () => proc.kill(),
  };
}

/**
 * Scan the commits that `git rev-list <revListArgs>` lists. Revisions must have been validated already. With
 * `ctx.prefilter` (the sinks are detectors), the commits scan/commit-prefilter.ts proves clean from their blobs and
 * message are counted, not diffed.
 */
export async function readHistory(revListArgs: readonly string[], ctx: SourceContext): Promise<void> {
  const workers = Math.max(1, Math.floor(ctx.workers ?? defaultWorkers()));
  // Enough queued commits to keep every worker fed; the listing is paused above this.
  const highWater = workers * MAX_BATCH * 2;
  const prefilter = ctx.prefilter ? await import('../scan/commit-prefilter.js') : null;

  return new Promise<void>((resolve, reject) => {
    const queue: string[] = [];
    const running = new Set<BatchJob>();
    let listed = 0;
    let listingDone = false;
    let ending = false;
    let done = 0;
    let failed = false;

    const fail = (error: unknown): void => {
      if (failed) return;
      failed = true;
      listing.kill();
      for (const proc of running) proc.kill();
      reject(error instanceof Error ? error : new Error(String(error)));
    };

    const handlers: ListingHandlers = {
      commit(sha) {
        queue.push(sha);
        listed++;
        if (queue.length >= highWater) listing.pause();
        pump();
      },
      cleared(count) {
        listed += count;
        done += count;
        ctx.onProgress?.(done, null);
      },
      ending() {
        // The commits queued so far are diffed beside the last checks, not after them.
        ending = true;
        pump();
      },
      done() {
        listingDone = true;
        ctx.onProgress?.(done, listed);
        pump();
      },
      fail,
    };
    const listing: Listing = prefilter
      ? new prefilter.CommitPrefilter(
          revListArgs,
          {
            cwd: ctx.cwd,
            coverage: ctx.coverage,
            parallel: workers,
            check: (ids) => ctx.checkBlobs?.(ids) ?? prefilter.checkBlobsHere(ctx.cwd, ids),
          },
          handlers,
        )
      : revList(revListArgs, ctx.cwd, handlers);

    function pump(): void {
      if (failed) return;
      while (running.size < workers) {
        let size: number;
        if (listingDone) {
          if (queue.length === 0) break;
          // The list is complete: share what is left evenly between the free workers.
          size = Math.min(MAX_BATCH, Math.ceil(queue.length / (workers - running.size)));
        } else if (queue.length >= (ending ? 1 : prefilter ? MIN_PREFILTERED_BATCH : MAX_BATCH)) {
          size = Math.min(MAX_BATCH, queue.length);
        } else break;
        start(queue.splice(0, size));
        if (!listingDone && queue.length < highWater / 2) listing.resume();
      }
      if (listingDone && queue.length === 0 && running.size === 0) resolve();
    }

    function start(batch: string[]): void {
      const job = ctx.runBatch
        ? ctx.runBatch(batch)
        : parseBatch(ctx.cwd, batch, ctx.createSink(), ctx.coverage, movedOption(ctx).onMoved);
      running.add(job);
      job.done.then(() => {
        running.delete(job);
        if (failed) return;
        done += batch.length;
        ctx.onProgress?.(done, listingDone ? listed : null);
        pump();
      }, fail);
    }
  });
}
