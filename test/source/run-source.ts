// Runs the real source stage and collects what every sink it made received.
import { RecordingLogger } from '../../src/logger.js';
import { readSource } from '../../src/source/read-source.js';
import { emptyCoverage, type Coverage, type SourceSpec } from '../../src/types.js';
import { CollectingSink, type CollectedLine } from '../diff/collecting-sink.js';

export interface SourceRun {
  /** Lines of files. */
  lines: CollectedLine[];
  /** Lines of commit and tag messages: their "file" is `(commit message)` or `(tag <name> message)`. */
  messages: CollectedLine[];
  sinks: CollectingSink[];
  coverage: Coverage;
  logger: RecordingLogger;
  progress: Array<[number, number | null]>;
}

export async function runSource(
  spec: SourceSpec,
  cwd: string,
  options: { workers?: number; stdin?: NodeJS.ReadableStream } = {},
): Promise<SourceRun> {
  const sinks: CollectingSink[] = [];
  const coverage = emptyCoverage();
  const logger = new RecordingLogger();
  const progress: Array<[number, number | null]> = [];
  await readSource(spec, {
    cwd,
    coverage,
    logger,
    createSink: () => {
      const sink = new CollectingSink();
      sinks.push(sink);
      return sink;
    },
    onProgress: (done, total) => progress.push([done, total]),
    ...options,
  });
  const all = sinks.flatMap((s) => s.lines);
  const isMessage = (l: CollectedLine): boolean => /^\((commit|tag .*) message\)$/.test(l.path);
  return {
    lines: all.filter((l) => !isMessage(l)),
    messages: all.filter(isMessage),
    sinks,
    coverage,
    logger,
    progress,
  };
}

/** `path:lineNo:text@sha7` strings sorted, to compare scans whose workers finish in any order. */
export function sorted(lines: CollectedLine[]): string[] {
  return lines.map((l) => `${l.path}:${l.lineNo}:${l.text}@${l.commit?.slice(0, 7) ?? '-'}`).sort();
}
