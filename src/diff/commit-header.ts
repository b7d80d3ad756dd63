// The line the history source asks git to print before each commit's diff. It starts with a NUL and separates
// its fields with NULs: diff text never contains a NUL (git shows such files as binary), so the line cannot be
// confused with a diff line, and no author name or email can break the split.
import type { CommitInfo } from '../types.js';

/** For `git log --format=...`: NUL, sha, author name, author email, ISO 8601 author date. */
export const COMMIT_FORMAT = '%x00%H%x00%an%x00%ae%x00%aI';

const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/** Parse a line printed with COMMIT_FORMAT (a trailing CR already removed); null when it is not one. */
export function parseCommitLine(line: string): CommitInfo | null {
  const fields = line.split('\0');
  if (fields.length !== 5 || fields[0] !== '') return null;
  const [, sha = '', author = '', email = '', date = ''] = fields;
  if (!SHA.test(sha)) return null;
  return { sha, author, email, date };
}
