// A worker thread of a history scan: parses and detects one batch of commits at a time, or checks one batch of
// blobs for the history prefilter, beside the git processes, so that a 2-core machine runs git and our parsing at
// once instead of one Node thread doing the parsing of every git stream. Bundled as its own entry (dist/history-worker.js, beside cli.js); the main
// thread's side is history-worker-pool.ts.
import { parentPort } from 'node:worker_threads';
import { OperationalError, errorMessage } from '../errors.js';
import type { BlobVerdicts } from '../source/source-context.js';
import { emptyCoverage, type Detection, type MovedFile } from '../types.js';
import { type BlobChecker, openBlobChecker } from './commit-prefilter.js';

export type BatchRequest =
  | { kind: 'diff'; cwd: string; shas: string[] }
  | { kind: 'blobs'; cwd: string; ids: string[] }
  /** Start the blob reader of `cwd` now, before the first check needs it; no reply. */
  | { kind: 'prepare'; cwd: string }
  /** The scan is over: end the blob readers (the pool terminates the thread after the reply). */
  | { kind: 'close' };

/** A Detection as it crosses threads: its secret and session token as plain strings, wrapped again on arrival. */
type WireDetection = Omit<Detection, 'secret' | 'sessionToken'> & {
  secret: string | null;
  sessionToken: string | null;
};

export type BatchReply =
  | { ok: true; coverage: ReturnType<typeof emptyCoverage>; found: WireDetection[]; moved: MovedFile[] }
  | { ok: true; verdicts: BlobVerdicts }
  | { ok: true; closed: true }
  | { ok: false; message: string; operational: boolean };

const port = parentPort;
if (port) {
  const failed = (error: unknown): BatchReply => ({
    ok: false,
    message: errorMessage(error),
    operational: error instanceof OperationalError,
  });
  // One running `git cat-file --batch` per repository, for every blob check this thread is given.
  const readers = new Map<string, BlobChecker>();
  port.on('message', (request: BatchRequest) => {
    if (request.kind === 'close') {
      // Once git has exited: a process never waited for is not counted in the scan's CPU time.
      void Promise.all([...readers.values()].map(async (reader) => reader.close())).then(() =>
        port.postMessage({ ok: true, closed: true } satisfies BatchReply),
      );
      return;
    }
    if (request.kind === 'prepare') {
      if (!readers.has(request.cwd)) readers.set(request.cwd, openBlobChecker(request.cwd));
      return;
    }
    if (request.kind === 'blobs') {
      let reader = readers.get(request.cwd);
      if (!reader) readers.set(request.cwd, (reader = openBlobChecker(request.cwd)));
      reader.check(request.ids).then(
        (verdicts) => port.postMessage({ ok: true, verdicts } satisfies BatchReply),
        (error: unknown) => {
          readers.delete(request.cwd);
          port.postMessage(failed(error));
        },
      );
      return;
    }
    diffBatch(request.cwd, request.shas).then(
      (reply) => port.postMessage(reply),
      (error: unknown) => port.postMessage(failed(error)),
    );
  });
}

/**
 * Parses and detects one batch of commits. The detector and the diff parser load on the first batch, not with the
 * thread: blob checks, which come first, do not need them.
 */
async function diffBatch(cwd: string, shas: string[]): Promise<BatchReply> {
  const [{ Detector }, { parseBatch }] = await Promise.all([
    import('../detect/detector.js'),
    import('../source/history.js'),
  ]);
  const coverage = emptyCoverage();
  const found: WireDetection[] = [];
  const moved: MovedFile[] = [];
  const sink = new Detector((d) =>
    found.push({
      ...d,
      secret: d.secret ? d.secret.reveal() : null,
      sessionToken: d.sessionToken ? d.sessionToken.reveal() : null,
    }),
  );
  await parseBatch(cwd, shas, sink, coverage, (file) => moved.push(file)).done;
  return { ok: true, coverage, found, moved };
}
