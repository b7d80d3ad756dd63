// A unified diff on standard input (`git diff`, `git log -p`, `diff -u`): parsed as it arrives. A diff saved by
// Windows PowerShell 5 (`git diff > x.diff`) is UTF-16: it is decoded. Input that is empty or holds no diff at
// all (the command before the pipe failed) is an error of the scan, never a clean result.
import { TextDecoder } from 'node:util';
import { DiffParser } from '../diff/diff-parser.js';
import { errorMessage, OperationalError } from '../errors.js';
import { noteError } from '../types.js';
import type { SourceContext } from './source-context.js';

export async function readStdin(ctx: SourceContext): Promise<void> {
  const stream = ctx.stdin;
  if (!stream) throw new OperationalError('no standard input to read a diff from');
  const parser = new DiffParser(ctx.createSink(), ctx.coverage);
  const input = new DiffInput((bytes) => parser.write(bytes));
  const chunks = stream[Symbol.asyncIterator]();
  let finished = false;
  try {
    for (;;) {
      let next: IteratorResult<string | Buffer>;
      try {
        next = await chunks.next();
      } catch (error) {
        throw new OperationalError(`cannot read standard input: ${errorMessage(error)}`);
      }
      if (next.done) break;
      input.write(typeof next.value === 'string' ? Buffer.from(next.value, 'utf8') : next.value);
    }
    finished = true;
  } finally {
    // Stop reading when the sink failed part-way.
    if (!finished) {
      try {
        await chunks.return?.();
      } catch {
        // The stream already failed; its error is the one being thrown.
      }
    }
  }
  input.end();
  parser.end();
  if (input.bytes === 0) {
    noteError(
      ctx.coverage,
      'standard input was empty: there was no diff to scan (did the command before the pipe fail?)',
    );
  } else if (!parser.sawDiff) {
    noteError(ctx.coverage, 'standard input is not a unified diff: no diff, file or hunk header was found');
  }
}

/** Hands the parser UTF-8, whatever the input's encoding: UTF-8 (a byte-order mark dropped) or UTF-16. */
class DiffInput {
  readonly #out: (bytes: Buffer) => void;
  #head: Buffer | null = Buffer.alloc(0);
  #utf16: TextDecoder | null = null;
  bytes = 0;

  constructor(out: (bytes: Buffer) => void) {
    this.#out = out;
  }

  write(chunk: Buffer): void {
    this.bytes += chunk.length;
    if (this.#head !== null) {
      // Enough bytes to tell the encoding: a byte-order mark, or the first two characters.
      this.#head = Buffer.concat([this.#head, chunk]);
      if (this.#head.length < 4) return;
      chunk = this.#start(this.#head);
      this.#head = null;
    }
    this.#pass(chunk);
  }

  end(): void {
    if (this.#head !== null && this.#head.length > 0) this.#pass(this.#start(this.#head));
    this.#head = null;
    if (this.#utf16) this.#out(Buffer.from(this.#utf16.decode(), 'utf8'));
  }

  #start(head: Buffer): Buffer {
    const [b0, b1, b2, b3] = head;
    if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return head.subarray(3);
    let encoding: 'utf-16le' | 'utf-16be' | null = null;
    if ((b0 === 0xff && b1 === 0xfe) || (b0 !== 0 && b1 === 0 && b2 !== 0 && b3 === 0)) encoding = 'utf-16le';
    else if ((b0 === 0xfe && b1 === 0xff) || (b0 === 0 && b1 !== 0 && b2 === 0 && b3 !== 0))
      encoding = 'utf-16be';
    if (encoding !== null) this.#utf16 = new TextDecoder(encoding); // drops the byte-order mark itself
    return head;
  }

  #pass(chunk: Buffer): void {
    if (this.#utf16) this.#out(Buffer.from(this.#utf16.decode(chunk, { stream: true }), 'utf8'));
    else this.#out(chunk);
  }
}
