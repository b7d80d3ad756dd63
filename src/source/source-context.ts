import type { Logger } from '../logger.js';
import type { Coverage, LineSink, MovedFile } from '../types.js';

/** What a source needs from the scan that runs it. */
export interface SourceContext {
  /** Where the command runs (inside the repository for git sources). */
  cwd: string;
  coverage: Coverage;
  logger: Logger;
  /** A fresh sink per independent stream: each parallel git worker gets its own. */
  createSink(): LineSink;
  stdin?: NodeJS.ReadableStream;
  /**
   * The sinks are detectors: history commits that the content prefilter proves clean from their blobs and message
   * may be counted instead of read (scan/commit-prefilter.ts). Sinks that want every line leave it out.
   */
  prefilter?: boolean;
  /** Parallel git workers for history; default min(os.availableParallelism(), 4). */
  workers?: number;
  /**
   * Parse a batch of commits somewhere else (a worker thread, so that parsing runs beside the git processes on
   * another core) instead of on this thread into `createSink()`; whatever runs it reports findings and coverage.
   */
  runBatch?(shas: string[]): BatchJob;
  /** The same for the history prefilter's blob checks (scan/commit-prefilter.ts). */
  checkBlobs?(ids: string[]): BlobCheckJob;
  /**
   * Each file a commit's diff (or the staged diff) shows renamed or copied: the git sources report them, so that
   * the scan can read the whole of a file moved out of an allowed path. Sources without commits leave them out.
   */
  onMoved?(moved: MovedFile): void;
  /** After each batch of commits; the total is null until the commit list is complete. */
  onProgress?(commitsDone: number, commitsTotal: number | null): void;
}

/** What a blob check says of each blob, in the order asked, and the bytes read. */
export interface BlobVerdicts {
  mayHold: boolean[];
  bytes: number;
}

/** A blob check under way: settles with the verdicts; kill() stops its git process. */
export interface BlobCheckJob {
  readonly done: Promise<BlobVerdicts>;
  kill(): void;
}

/** A batch of history being parsed: settles when it is done; kill() stops its git process. */
export interface BatchJob {
  readonly done: Promise<void>;
  kill(): void;
}

/** The diff parser's option that hands moved files to `ctx.onMoved`, if the scan wants them. */
export function movedOption(ctx: SourceContext): { onMoved?: (moved: MovedFile) => void } {
  return ctx.onMoved ? { onMoved: (moved) => ctx.onMoved?.(moved) } : {};
}
