import { describe, expect, it } from 'vitest';
import { emptyHunkRanges, parseHunkHeader } from '../../src/diff/hunk-header.js';
import { parseGitHeaderNewPath, parseQuoted } from '../../src/diff/quoted-path.js';

describe('parseGitHeaderNewPath', () => {
  it.each([
    ['same plain name', 'a/src/x.ts b/src/x.ts', 'src/x.ts'],
    ['same name with spaces', 'a/my dir/b/file b/my dir/b/file', 'my dir/b/file'],
    ['a rename without spaces', 'a/old.txt b/new.txt', 'new.txt'],
    ['both quoted', '"a/t\\tb" "b/t\\tb"', 't\tb'],
    ['quoted old, plain new', '"a/t\\tb" b/plain name', 'plain name'],
    ['plain old, quoted new', 'a/plain "b/q\\"x"', 'q"x'],
    ['octal UTF-8', '"a/\\303\\251" "b/\\303\\251"', 'é'],
  ])('%s', (_name, header, expected) => {
    expect(parseGitHeaderNewPath(header)).toBe(expected);
  });

  it('returns null for a header it cannot read', () => {
    expect(parseGitHeaderNewPath('"a/unterminated')).toBeNull();
    expect(parseGitHeaderNewPath('nospace')).toBeNull();
  });
});

describe('quoted and header paths', () => {
  it.each([
    ['"simple"', 'simple'],
    ['"\\a\\b\\t\\n\\v\\f\\r\\"\\\\"', '\x07\b\t\n\v\f\r"\\'],
    ['"\\360\\237\\224\\221 key"', '🔑 key'],
    ['"naïve \\303\\251"', 'naïve é'],
    ['"unknown \\q escape"', 'unknown \\q escape'],
  ])('decodes %s', (quoted, expected) => {
    expect(parseQuoted(quoted, 0)?.value).toBe(expected);
  });

  it('decodes invalid UTF-8 octal bytes with replacement characters', () => {
    expect(parseQuoted('"\\377x"', 0)?.value).toBe('\uFFFDx');
  });
});

describe('parseHunkHeader', () => {
  const parse = (line: string) => {
    const out = emptyHunkRanges();
    return parseHunkHeader(line, 0, line.length, out)
      ? { ...out, oldCounts: out.oldCounts.slice(0, out.parents) }
      : null;
  };

  it.each([
    ['@@ -1,2 +3,4 @@', { parents: 1, oldCounts: [2], newStart: 3, newCount: 4 }],
    ['@@ -1 +3 @@ function name()', { parents: 1, oldCounts: [1], newStart: 3, newCount: 1 }],
    ['@@ -0,0 +1,3 @@', { parents: 1, oldCounts: [0], newStart: 1, newCount: 3 }],
    ['@@@ -5,0 -4,1 +5,2 @@@', { parents: 2, oldCounts: [0, 1], newStart: 5, newCount: 2 }],
    ['@@@@ -1 -2,3 -4,0 +7,8 @@@@', { parents: 3, oldCounts: [1, 3, 0], newStart: 7, newCount: 8 }],
    // git's combined diff of a file a merge deletes: the new-side count is -1 printed unsigned.
    [
      '@@@ -1,2 -1,2 +1,18446744073709551615 @@@',
      { parents: 2, oldCounts: [2, 2], newStart: 1, newCount: 0 },
    ],
  ])('reads %s', (line, expected) => {
    expect(parse(line)).toEqual(expected);
  });

  it.each([
    '@@ -1,x +1 @@',
    '@@ -1 +1',
    '@@ -1 +1 @',
    '@ -1 +1 @',
    '@@@ -1 +1 @@@',
    '@@ +1 -1 @@',
    '@@ -1 +1 @@x',
    '@@ -99999999999999999 +1 @@',
  ])('rejects %s', (line) => {
    expect(parse(line)).toBeNull();
  });
});
