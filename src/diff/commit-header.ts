// The line the history source asks git to print before each commit's diff. It starts with a NUL and separates
// its fields with NULs: diff text never contains a NUL (git shows such files as binary), so the line cannot be
// confused with a diff line, and no author name or email can break the split.
import type { CommitInfo } from '../types.js';

/** For `git log --format=...`: NUL, sha, author name, author email, ISO 8601 author date. */
export const COMMIT_FORMAT = '%x00%H%x00%an%x00%ae%x00%aI';

/**
 * COMMIT_FORMAT followed by the raw commit message on the next lines, ended by a line holding a lone NUL. A
 * message cannot contain a NUL (git reads it as a C string), so the end cannot be forged from inside it.
 */
export const COMMIT_WITH_MESSAGE_FORMAT = `${COMMIT_FORMAT}%n%B%x00`;

/**
 * Parse the commit line `text[start..end)` (a trailing CR already excluded); null when it is not one.
 * Read in place with indexOf: in a history of small commits this runs for a good share of all lines.
 */
export function parseCommitLine(text: string, start = 0, end = text.length): CommitInfo | null {
  if (text.charCodeAt(start) !== 0) return null;
  const a = start + 1;
  const b = text.indexOf('\0', a);
  if (b === -1 || b >= end || !isObjectName(text, a, b)) return null;
  const c = text.indexOf('\0', b + 1);
  if (c === -1 || c >= end) return null;
  const d = text.indexOf('\0', c + 1);
  if (d === -1 || d >= end) return null;
  const extra = text.indexOf('\0', d + 1);
  if (extra !== -1 && extra < end) return null;
  return {
    sha: text.slice(a, b),
    author: text.slice(b + 1, c),
    email: text.slice(c + 1, d),
    date: text.slice(d + 1, end),
  };
}

/** 40 (SHA-1) or 64 (SHA-256) lowercase hex digits. */
function isObjectName(text: string, start: number, end: number): boolean {
  const length = end - start;
  if (length !== 40 && length !== 64) return false;
  for (let i = start; i < end; i++) {
    const ch = text.charCodeAt(i);
    if (!((ch >= 48 && ch <= 57) || (ch >= 97 && ch <= 102))) return false;
  }
  return true;
}
