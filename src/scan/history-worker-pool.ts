// The main thread's side of threaded history scans: one worker thread (history-worker.ts) per concurrent batch
// (history.ts runs at most `workers` at once), each reused for the next batch; replies are merged into the
// scan's coverage and findings.
import { Worker } from 'node:worker_threads';
import { OperationalError } from '../errors.js';
import type { BatchReply, BatchRequest } from './history-worker.js';
import { SecretValue } from '../secret-value.js';
import type { BatchJob } from '../source/source-context.js';
import { addCoverage, type Coverage, type Detection } from '../types.js';

export class HistoryWorkerPool {
  readonly #script: string;
  readonly #coverage: Coverage;
  readonly #emit: (d: Detection) => void;
  readonly #idle: Worker[] = [];
  readonly #all: Worker[] = [];

  constructor(script: string, coverage: Coverage, emit: (d: Detection) => void) {
    this.#script = script;
    this.#coverage = coverage;
    this.#emit = emit;
  }

  run(cwd: string, shas: string[]): BatchJob {
    const worker = this.#idle.pop() ?? this.#spawn();
    const done = new Promise<void>((resolve, reject) => {
      const onError = (error: Error): void => {
        worker.off('message', onMessage);
        reject(error);
      };
      const onMessage = (reply: BatchReply): void => {
        worker.off('error', onError);
        if (!reply.ok) {
          this.#idle.push(worker);
          reject(reply.operational ? new OperationalError(reply.message) : new Error(reply.message));
          return;
        }
        addCoverage(this.#coverage, reply.coverage);
        for (const d of reply.found)
          this.#emit({
            ...d,
            secret: d.secret === null ? null : new SecretValue(d.secret),
            sessionToken: d.sessionToken === null ? null : new SecretValue(d.sessionToken),
          });
        this.#idle.push(worker);
        resolve();
      };
      worker.once('message', onMessage);
      worker.once('error', onError);
      worker.postMessage({ cwd, shas } satisfies BatchRequest);
    });
    // A stopped scan ends its threads (and with them their git processes' readers) in close().
    return { done, kill: () => void worker.terminate() };
  }

  async close(): Promise<void> {
    await Promise.all(this.#all.map(async (w) => w.terminate()));
  }

  #spawn(): Worker {
    // A larger young generation: parsing makes many short-lived line strings, and fewer scavenges help.
    const worker = new Worker(this.#script, { resourceLimits: { maxYoungGenerationSizeMb: 64 } });
    this.#all.push(worker);
    return worker;
  }
}
