// A unified diff on standard input (`git diff`, `git log -p`, `diff -u`): parsed as it arrives.
import { DiffParser } from '../diff/diff-parser.js';
import { errorMessage, OperationalError } from '../errors.js';
import type { SourceContext } from './source-context.js';

export async function readStdin(ctx: SourceContext): Promise<void> {
  const stream = ctx.stdin;
  if (!stream) throw new OperationalError('no standard input to read a diff from');
  const parser = new DiffParser(ctx.createSink(), ctx.coverage);
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
      parser.write(typeof next.value === 'string' ? Buffer.from(next.value, 'utf8') : next.value);
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
  parser.end();
}
