// Files renamed or copied out of an allowed path (`allow.paths`): the diff adds none of their unchanged lines
// (moved content is not new), yet that content now sits where nothing allows it. Each is read whole from its
// commit (from the index for staged changes) and every line handed on as if added at its new path, decoded as a
// file on disk is (file-lines.ts: UTF-16 with a byte-order mark, binary content as its printable runs).
import { readRevisionFiles } from '../git/revision-files.js';
import { noteError, type Coverage, type LineSink, type MovedFile } from '../types.js';
import { FileLines } from './file-lines.js';

/** Larger moved files are not read into memory: named in the coverage's errors (the scan is partial). */
const MAX_MOVED_FILE_BYTES = 64 * 1024 * 1024;

/**
 * Send every line of each moved file, at its new path and commit, to `sink`, then end it. Returns the files read:
 * one that could not be (named in the coverage's errors) has only its diff's added lines scanned.
 */
export async function readMovedFiles(
  cwd: string,
  moved: readonly MovedFile[],
  sink: LineSink,
  coverage: Coverage,
): Promise<MovedFile[]> {
  const skip = (file: MovedFile, reason: string, why: string): void => {
    coverage.skipped[reason] = (coverage.skipped[reason] ?? 0) + 1;
    const where = file.commit === null ? file.to : `${file.to} in commit ${file.commit.sha.slice(0, 12)}`;
    noteError(coverage, `${where}: moved out of an allowed path, but ${why}, so it was not scanned`);
  };
  // `git cat-file --batch` reads one name a line, and drops a carriage return that ends it.
  const readable = moved.filter((file) => {
    if (file.to.includes('\n'))
      skip(file, 'unreadable', 'git cannot be asked for a file whose name holds a line break');
    else if (file.to.endsWith('\r'))
      skip(file, 'unreadable', 'git cannot be asked for a file whose name ends in a carriage return');
    else return true;
    return false;
  });
  const contents = await readRevisionFiles(
    cwd,
    readable.map((file) => ({ commit: file.commit?.sha ?? '', path: file.to })),
    MAX_MOVED_FILE_BYTES,
  );
  const read: MovedFile[] = [];
  readable.forEach((file, i) => {
    const content = contents[i];
    // Not a file there (a submodule's commit): nothing of its own to scan.
    if (!content) return;
    if (content.content === null) {
      skip(file, 'too-large', `it is larger than ${MAX_MOVED_FILE_BYTES / (1024 * 1024)} MiB`);
      return;
    }
    const lines = new FileLines({ path: file.to, commit: file.commit }, sink, coverage);
    lines.write(content.content);
    lines.end();
    read.push(file);
  });
  sink.end();
  return read;
}
