// One file on disk, streamed: every line is an "added line". Nothing is skipped for being binary: a file that
// starts with a UTF-16 byte-order mark is decoded as UTF-16, anything else as UTF-8 (invalid bytes becoming
// U+FFFD), and a line holding NULs (binary data, UTF-16 without a mark) is searched as binary-text.ts makes it.
// A line too long to hold goes to the sink in overlapping windows.
import { isAscii } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { TextDecoder } from 'node:util';
import { searchableText } from '../diff/binary-text.js';
import { PartialLine } from '../diff/line-windows.js';
import type { Coverage, FileContext, LineSink } from '../types.js';

const CHUNK_BYTES = 64 * 1024;

/**
 * Send the lines of `file` to `sink` under `path`. Throws the file system's error when the file cannot be
 * read; lines read before the error have been sent.
 */
export async function readFileLines(
  file: string,
  path: string,
  sink: LineSink,
  coverage: Coverage,
): Promise<void> {
  const stream = createReadStream(file, { highWaterMark: CHUNK_BYTES });
  const lines = new FileLines({ path, commit: null }, sink, coverage);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) lines.write(chunk);
    lines.end();
  } finally {
    stream.destroy();
  }
}

/** A streaming decoder for the file's encoding, chosen from its first bytes. */
type Decoder = { write(bytes: Buffer): string; end(): string };

function decoderFor(start: Buffer): { decoder: Decoder; skip: number; utf8: boolean } {
  const utf16 =
    start[0] === 0xff && start[1] === 0xfe
      ? 'utf-16le'
      : start[0] === 0xfe && start[1] === 0xff
        ? 'utf-16be'
        : null;
  if (utf16 === null) return { decoder: new StringDecoder('utf8'), skip: 0, utf8: true };
  const text = new TextDecoder(utf16);
  return {
    decoder: {
      write: (bytes) => text.decode(bytes, { stream: true }),
      end: () => text.decode(),
    },
    skip: 2,
    utf8: false,
  };
}

/**
 * Splits decoded text into lines and numbers them; a trailing CR is stripped, as for diffs. Also what reads a file
 * moved out of an allowed path (moved-files.ts) from git.
 */
export class FileLines {
  readonly #file: FileContext;
  readonly #sink: LineSink;
  readonly #coverage: Coverage;
  #decoder: Decoder | null = null;
  /** UTF-8, where an ASCII chunk's byte count is its length. */
  #utf8 = true;
  /** The first bytes, held until there are enough to recognise a byte-order mark. */
  #head: Buffer | null = null;
  readonly #partial = new PartialLine();
  readonly #onWindow = (text: string, offset: number): boolean => {
    if (offset === 0) this.#lineNo++;
    this.#coverage.bytes += Buffer.byteLength(text, 'utf8');
    this.#send(text, offset);
    return true;
  };
  #lineNo = 0;
  #started = false;

  constructor(file: FileContext, sink: LineSink, coverage: Coverage) {
    this.#file = file;
    this.#sink = sink;
    this.#coverage = coverage;
  }

  write(chunk: Buffer): void {
    this.#start();
    if (this.#decoder === null) {
      const head = this.#head === null ? chunk : Buffer.concat([this.#head, chunk]);
      if (head.length < 2) {
        this.#head = head;
        return;
      }
      this.#head = null;
      const { decoder, skip, utf8 } = decoderFor(head);
      this.#decoder = decoder;
      this.#utf8 = utf8;
      chunk = head.subarray(skip);
    }
    this.#feed(this.#decoder.write(chunk), this.#utf8 && isAscii(chunk));
  }

  end(): void {
    if (this.#head !== null) {
      this.#decoder = decoderFor(this.#head).decoder;
      this.#feed(this.#decoder.write(this.#head), false);
    }
    if (this.#decoder !== null) this.#feed(this.#decoder.end(), false);
    if (!this.#partial.empty) this.#finishPartial();
  }

  #start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#coverage.files++;
    this.#sink.startFile(this.#file);
  }

  #feed(text: string, ascii: boolean): void {
    let start = 0;
    let nl = text.indexOf('\n');
    if (!this.#partial.empty && nl !== -1) {
      this.#partial.append(text.slice(0, nl), this.#onWindow);
      this.#finishPartial();
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    while (nl !== -1) {
      this.#emit(text.slice(start, nl), ascii);
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    if (start < text.length) this.#partial.append(start === 0 ? text : text.slice(start), this.#onWindow);
  }

  #finishPartial(): void {
    const line = this.#partial.finish(this.#onWindow);
    if (line !== null) this.#emit(line, false);
    // A windowed line was counted by its windows; only the line itself is left to count.
    else this.#coverage.addedLines++;
  }

  #emit(line: string, ascii: boolean): void {
    if (line.endsWith('\r')) line = line.slice(0, -1);
    this.#coverage.addedLines++;
    this.#coverage.bytes += ascii ? line.length : Buffer.byteLength(line, 'utf8');
    this.#lineNo++;
    this.#send(line, 0);
  }

  #send(line: string, offset: number): void {
    const text = line.includes('\0') ? searchableText(line) : line;
    if (offset === 0) this.#sink.line(text, this.#lineNo);
    else this.#sink.line(text, this.#lineNo, offset);
  }
}
