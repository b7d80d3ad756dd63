// The staged diff handed over by the pre-commit hooks' prefilter (see src/install/prefilter-script.ts): the very
// bytes of `git diff --cached` that the prefilter searched, in a file. Reading it needs no git process, so Node
// starts no child process (nor loads the modules for one) on the hook path.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { DiffParser } from '../diff/diff-parser.js';
import { OperationalError } from '../errors.js';
import { movedOption, type SourceContext } from './source-context.js';

const CHUNK = 1 << 20;

export function readStagedDiffFile(file: string, ctx: SourceContext): void {
  const parser = new DiffParser(ctx.createSink(), ctx.coverage, movedOption(ctx));
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw new OperationalError(`cannot read the staged diff ${file}: ${(error as Error).message}`);
  }
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    for (let n = readSync(fd, buffer, 0, CHUNK, null); n > 0; n = readSync(fd, buffer, 0, CHUNK, null)) {
      // The parser keeps what it needs of a chunk (a partial line) as a copy: the buffer can be reused.
      parser.write(buffer.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  parser.end();
}

/** `git diff --cached` prints nothing when the index matches HEAD, and a header for any change at all. */
export function diffFileHasChanges(file: string): boolean {
  return statSync(file).size > 0;
}
