// One file on disk, streamed: every line is an "added line". A file with a NUL in its first 8000 bytes is
// binary (git's own test) and skipped; text is decoded as UTF-8, invalid bytes becoming U+FFFD.
import { isAscii } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { MAX_LINE_CHARS } from '../diff/diff-parser.js';
import type { Coverage, LineSink } from '../types.js';

const BINARY_SNIFF_BYTES = 8000;
const CHUNK_BYTES = 64 * 1024;

/**
 * Send the lines of `file` to `sink` under `path`. Returns false for a binary file (counted). Throws the file
 * system's error when the file cannot be read; lines read before the error have been sent.
 */
export async function readFileLines(
  file: string,
  path: string,
  sink: LineSink,
  coverage: Coverage,
): Promise<boolean> {
  const stream = createReadStream(file, { highWaterMark: CHUNK_BYTES });
  const lines = new FileLines(path, sink, coverage);
  // Hold the start of the file until the binary test has seen enough of it.
  let head: Buffer[] | null = [];
  let headBytes = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (head === null) {
        lines.write(chunk);
        continue;
      }
      head.push(chunk);
      headBytes += chunk.length;
      if (headBytes < BINARY_SNIFF_BYTES) continue;
      const start = Buffer.concat(head);
      head = null;
      if (isBinary(start)) {
        coverage.binaryFiles++;
        return false;
      }
      lines.write(start);
    }
    if (head !== null) {
      const start = Buffer.concat(head);
      if (isBinary(start)) {
        coverage.binaryFiles++;
        return false;
      }
      if (start.length > 0) lines.write(start);
    }
    lines.end();
    return true;
  } finally {
    stream.destroy();
  }
}

function isBinary(start: Buffer): boolean {
  return start.subarray(0, BINARY_SNIFF_BYTES).includes(0);
}

/** Splits decoded text into lines and numbers them; a trailing CR is stripped, as for diffs. */
class FileLines {
  readonly #path: string;
  readonly #sink: LineSink;
  readonly #coverage: Coverage;
  readonly #decoder = new StringDecoder('utf8');
  #partial = '';
  #tooLong = false;
  #lineNo = 0;
  #started = false;

  constructor(path: string, sink: LineSink, coverage: Coverage) {
    this.#path = path;
    this.#sink = sink;
    this.#coverage = coverage;
  }

  write(chunk: Buffer): void {
    this.#start();
    this.#feed(this.#decoder.write(chunk), isAscii(chunk));
  }

  end(): void {
    this.#feed(this.#decoder.end(), false);
    if (this.#partial.length > 0 || this.#tooLong) this.#emit(this.#takePartial(), false);
  }

  #start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#coverage.files++;
    this.#sink.startFile({ path: this.#path, commit: null });
  }

  #feed(text: string, ascii: boolean): void {
    let start = 0;
    let nl = text.indexOf('\n');
    if ((this.#partial.length > 0 || this.#tooLong) && nl !== -1) {
      this.#append(text.slice(0, nl));
      this.#emit(this.#takePartial(), false);
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    while (nl !== -1) {
      this.#emit(text.slice(start, nl), ascii);
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    if (start < text.length) this.#append(start === 0 ? text : text.slice(start));
  }

  #append(piece: string): void {
    if (this.#tooLong) return;
    const room = MAX_LINE_CHARS - this.#partial.length;
    if (piece.length > room) {
      this.#partial += piece.slice(0, room);
      this.#tooLong = true;
    } else this.#partial += piece;
  }

  #takePartial(): string {
    const line = this.#partial;
    if (this.#tooLong) {
      const skipped = this.#coverage.skipped;
      skipped['line-too-long'] = (skipped['line-too-long'] ?? 0) + 1;
    }
    this.#partial = '';
    this.#tooLong = false;
    return line;
  }

  #emit(line: string, ascii: boolean): void {
    if (line.endsWith('\r')) line = line.slice(0, -1);
    this.#coverage.addedLines++;
    this.#coverage.bytes += ascii ? line.length : Buffer.byteLength(line, 'utf8');
    this.#sink.line(line, ++this.#lineNo);
  }
}
