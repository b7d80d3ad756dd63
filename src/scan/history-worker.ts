// A worker thread of a history scan: parses and detects one batch of commits at a time, beside the git
// processes, so that a 2-core machine runs git and our parsing at once instead of one Node thread doing the
// parsing of every git stream. Bundled as its own entry (dist/history-worker.js, beside cli.js); the main
// thread's side is history-worker-pool.ts.
import { parentPort } from 'node:worker_threads';
import { Detector } from '../detect/detector.js';
import { OperationalError, errorMessage } from '../errors.js';
import { parseBatch } from '../source/history.js';
import { emptyCoverage, type Detection } from '../types.js';

export interface BatchRequest {
  cwd: string;
  shas: string[];
}

/** A Detection as it crosses threads: its secret and session token as plain strings, wrapped again on arrival. */
type WireDetection = Omit<Detection, 'secret' | 'sessionToken'> & {
  secret: string | null;
  sessionToken: string | null;
};

export type BatchReply =
  | { ok: true; coverage: ReturnType<typeof emptyCoverage>; found: WireDetection[] }
  | { ok: false; message: string; operational: boolean };

const port = parentPort;
if (port) {
  port.on('message', ({ cwd, shas }: BatchRequest) => {
    const coverage = emptyCoverage();
    const found: WireDetection[] = [];
    const sink = new Detector((d) =>
      found.push({
        ...d,
        secret: d.secret ? d.secret.reveal() : null,
        sessionToken: d.sessionToken ? d.sessionToken.reveal() : null,
      }),
    );
    parseBatch(cwd, shas, sink, coverage).done.then(
      () => port.postMessage({ ok: true, coverage, found } satisfies BatchReply),
      (error: unknown) =>
        port.postMessage({
          ok: false,
          message: errorMessage(error),
          operational: error instanceof OperationalError,
        } satisfies BatchReply),
    );
  });
}
