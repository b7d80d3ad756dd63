// A LineSink that keeps everything it is given, so that tests can assert exactly which lines arrived.
import { DiffParser } from '../../src/diff/diff-parser.js';
import {
  emptyCoverage,
  type CommitInfo,
  type Coverage,
  type FileContext,
  type LineSink,
} from '../../src/types.js';

export interface CollectedLine {
  path: string;
  lineNo: number;
  text: string;
  /** The commit's sha, or null. */
  commit: string | null;
  /** Where a window of a long line starts in the line; absent for whole lines and first windows. */
  offset?: number;
}

export class CollectingSink implements LineSink {
  readonly lines: CollectedLine[] = [];
  readonly files: FileContext[] = [];
  readonly commits = new Map<string, CommitInfo>();
  ended = 0;
  #file: FileContext | null = null;

  startFile(file: FileContext): void {
    this.#file = file;
    this.files.push(file);
    if (file.commit) this.commits.set(file.commit.sha, file.commit);
  }

  line(text: string, lineNo: number, offset?: number): void {
    if (this.#file === null) throw new Error('line() before startFile()');
    if (this.ended > 0) throw new Error('line() after end()');
    const line: CollectedLine = {
      path: this.#file.path,
      lineNo,
      text,
      commit: this.#file.commit?.sha ?? null,
    };
    if (offset !== undefined) line.offset = offset;
    this.lines.push(line);
  }

  end(): void {
    this.ended++;
  }
}

/** Parse `input`, fed to `write` in pieces of the given sizes (cycled), or whole when none are given. */
export function parseDiff(
  input: string | Buffer,
  chunkSizes: number[] = [],
): { sink: CollectingSink; coverage: Coverage } {
  const sink = new CollectingSink();
  const coverage = emptyCoverage();
  const parser = new DiffParser(sink, coverage);
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  if (chunkSizes.length === 0) parser.write(bytes);
  else {
    let at = 0;
    for (let k = 0; at < bytes.length; k++) {
      const size = Math.max(1, chunkSizes[k % chunkSizes.length]!);
      parser.write(bytes.subarray(at, at + size));
      at += size;
    }
  }
  parser.end();
  return { sink, coverage };
}

/** Added lines as compact `path:lineNo:text` strings, for readable assertions. */
export function summary(lines: CollectedLine[]): string[] {
  return lines.map((l) => `${l.path}:${l.lineNo}:${l.text}`);
}
