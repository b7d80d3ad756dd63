// The main thread's side of threaded history scans: one worker thread (history-worker.ts) per concurrent batch
// (history.ts runs at most `workers` at once, and as many blob checks), each reused for the next batch; replies
// are merged into the scan's coverage and findings.
import { Worker } from 'node:worker_threads';
import { OperationalError } from '../errors.js';
import type { BatchReply, BatchRequest } from './history-worker.js';
import { SecretValue } from '../secret-value.js';
import type { BatchJob, BlobCheckJob, BlobVerdicts } from '../source/source-context.js';
import { addCoverage, type Coverage, type Detection, type MovedFile } from '../types.js';

export class HistoryWorkerPool {
  readonly #script: string;
  readonly #coverage: Coverage;
  readonly #emit: (d: Detection) => void;
  readonly #onMoved: (moved: MovedFile) => void;
  readonly #size: number;
  readonly #idle: Worker[] = [];
  readonly #all: Worker[] = [];
  /** Requests waiting for a thread: at most `size` threads, whatever asks (diff batches, blob checks). */
  readonly #waiting: Array<(worker: Worker) => void> = [];

  constructor(
    script: string,
    coverage: Coverage,
    emit: (d: Detection) => void,
    onMoved: (moved: MovedFile) => void,
    size = Number.POSITIVE_INFINITY,
  ) {
    this.#script = script;
    this.#coverage = coverage;
    this.#emit = emit;
    this.#onMoved = onMoved;
    this.#size = Math.max(1, size);
  }

  /**
   * Starts the threads now, so that they load while git starts: a history scan wants them all. Each also starts
   * the `git cat-file` it checks blobs of `cwd` with.
   */
  warm(cwd: string): void {
    while (Number.isFinite(this.#size) && this.#all.length < this.#size) {
      const worker = this.#spawn();
      worker.postMessage({ kind: 'prepare', cwd } satisfies BatchRequest);
      this.#idle.push(worker);
    }
  }

  run(cwd: string, shas: string[]): BatchJob {
    const { done, kill } = this.#ask({ kind: 'diff', cwd, shas });
    return {
      done: done.then((reply) => {
        if (!('coverage' in reply))
          throw new Error('a history worker answered a diff batch with something else');
        addCoverage(this.#coverage, reply.coverage);
        for (const d of reply.found)
          this.#emit({
            ...d,
            secret: d.secret === null ? null : new SecretValue(d.secret),
            sessionToken: d.sessionToken === null ? null : new SecretValue(d.sessionToken),
          });
        for (const moved of reply.moved) this.#onMoved(moved);
      }),
      kill,
    };
  }

  checkBlobs(cwd: string, ids: string[]): BlobCheckJob {
    const { done, kill } = this.#ask({ kind: 'blobs', cwd, ids });
    return {
      done: done.then((reply): BlobVerdicts => {
        if (!('verdicts' in reply))
          throw new Error('a history worker answered a blob check with something else');
        return reply.verdicts;
      }),
      kill,
    };
  }

  /** Hands `request` to a free thread (a new one while under `size`), or waits for one; settles with its reply. */
  #ask(request: BatchRequest): { done: Promise<Exclude<BatchReply, { ok: false }>>; kill: () => void } {
    let assigned: Worker | null = null;
    let killed = false;
    const done = new Promise<Exclude<BatchReply, { ok: false }>>((resolve, reject) => {
      const start = (worker: Worker): void => {
        assigned = worker;
        if (killed) {
          void worker.terminate();
          reject(new Error('stopped'));
          return;
        }
        const onError = (error: Error): void => {
          worker.off('message', onMessage);
          reject(error);
        };
        const onMessage = (reply: BatchReply): void => {
          worker.off('error', onError);
          this.#release(worker);
          if (!reply.ok) {
            reject(reply.operational ? new OperationalError(reply.message) : new Error(reply.message));
            return;
          }
          resolve(reply);
        };
        worker.once('message', onMessage);
        worker.once('error', onError);
        worker.postMessage(request);
      };
      const free = this.#idle.pop() ?? (this.#all.length < this.#size ? this.#spawn() : null);
      if (free) start(free);
      else this.#waiting.push(start);
    });
    // A stopped scan ends its threads (and with them their git processes' readers) in close().
    return {
      done,
      kill: () => {
        killed = true;
        if (assigned) void assigned.terminate();
      },
    };
  }

  /** A thread is free again: the next waiting request gets it. */
  #release(worker: Worker): void {
    const next = this.#waiting.shift();
    if (next) next(worker);
    else this.#idle.push(worker);
  }

  /** Ends the threads, once each has ended its blob readers (or at once, if it does not answer). */
  async close(): Promise<void> {
    await Promise.all(
      this.#all.map(async (worker) => {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 1000);
          worker.once('message', () => {
            clearTimeout(timer);
            resolve();
          });
          worker.once('error', () => resolve());
          worker.postMessage({ kind: 'close' } satisfies BatchRequest);
        });
        await worker.terminate();
      }),
    );
  }

  #spawn(): Worker {
    // A small young generation: a thread keeps little between checks, and with a large one the peak memory grew
    // with the length of the history (the young generation grows over a long run), not with what is kept.
    const worker = new Worker(this.#script, { resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    this.#all.push(worker);
    return worker;
  }
}
