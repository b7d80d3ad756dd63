// Hunk headers: `@@ -a,b +c,d @@` and, for a merge with n parents, `@@@ -a,b -c,d +e,f @@@` (n+1 `@`).
// With -U0 nearly every other line can be a hunk header, so this parses by hand into a reused object.

interface HunkRanges {
  /** Number of parents: 1 for a plain diff, n for a combined diff. */
  parents: number;
  /** Line counts on each parent's side (only the first `parents` entries are meaningful). */
  oldCounts: number[];
  newStart: number;
  newCount: number;
}

export function emptyHunkRanges(): HunkRanges {
  return { parents: 1, oldCounts: [0], newStart: 0, newCount: 0 };
}

/**
 * Fill `out` from the hunk header `line[start..end)` (read in place, so that the line is never copied);
 * false when it is not a well-formed hunk header.
 */
export function parseHunkHeader(line: string, start: number, end: number, out: HunkRanges): boolean {
  let i = start;
  while (i < end && line.charCodeAt(i) === 64 /* @ */) i++;
  const ats = i - start;
  if (ats < 2) return false;
  const parents = ats - 1;
  out.parents = parents;
  for (let p = 0; p < parents; p++) {
    if (line.charCodeAt(i) !== 32 || line.charCodeAt(i + 1) !== 45 /* - */) return false;
    i = readRange(line, i + 2);
    if (i < 0) return false;
    out.oldCounts[p] = rangeCount;
  }
  if (line.charCodeAt(i) !== 32 || line.charCodeAt(i + 1) !== 43 /* + */) return false;
  i = readRange(line, i + 2);
  if (i < 0) return false;
  out.newStart = rangeStart;
  out.newCount = rangeCount;
  if (line.charCodeAt(i) !== 32 || i + ats >= end) return false;
  for (let k = 1; k <= ats; k++) if (line.charCodeAt(i + k) !== 64) return false;
  // What follows is a space and the function context, or nothing.
  return i + ats + 1 === end || line.charCodeAt(i + ats + 1) === 32;
}

// Results of readRange, kept module-level so that parsing a range allocates nothing.
let rangeStart = 0;
let rangeCount = 0;

/** Read `start[,count]` at `i`; returns the index after it, or -1. A missing count means 1. */
function readRange(line: string, i: number): number {
  const afterStart = readNumber(line, i);
  if (afterStart < 0) return -1;
  rangeStart = numberValue;
  if (line.charCodeAt(afterStart) !== 44 /* , */) {
    rangeCount = 1;
    return afterStart;
  }
  const afterCount = readNumber(line, afterStart + 1);
  if (afterCount < 0) return -1;
  rangeCount = numberValue;
  return afterCount;
}

let numberValue = 0;

/**
 * git's combined diff of a file deleted by a merge writes its new-side count as -1 printed unsigned
 * (`+1,18446744073709551615`): read as 0 lines, which is what the new side holds.
 */
const UNSIGNED_MINUS_ONE = '18446744073709551615';

function readNumber(line: string, i: number): number {
  let value = 0;
  const begin = i;
  for (;;) {
    const c = line.charCodeAt(i);
    if (c < 48 || c > 57 || Number.isNaN(c)) break;
    value = value * 10 + (c - 48);
    i++;
  }
  if (i - begin === UNSIGNED_MINUS_ONE.length && line.startsWith(UNSIGNED_MINUS_ONE, begin)) value = 0;
  else if (i === begin || i - begin > 15) return -1;
  numberValue = value;
  return i;
}
