import type { Logger } from '../logger.js';
import type { Coverage, LineSink } from '../types.js';

/** What a source needs from the scan that runs it. */
export interface SourceContext {
  /** Where the command runs (inside the repository for git sources). */
  cwd: string;
  coverage: Coverage;
  logger: Logger;
  /** A fresh sink per independent stream: each parallel git worker gets its own. */
  createSink(): LineSink;
  stdin?: NodeJS.ReadableStream;
  /** Parallel git workers for history; default min(os.availableParallelism(), 4). */
  workers?: number;
  /** After each batch of commits; the total is null until the commit list is complete. */
  onProgress?(commitsDone: number, commitsTotal: number | null): void;
}
