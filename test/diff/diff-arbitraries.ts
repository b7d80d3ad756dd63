// fast-check generators of git-style diffs together with the added lines they must yield. The diff text is
// written the way git writes it (C-quoted names, the tab after names with a space, hunk counts), so that the
// parser is checked against an independent model rather than against itself.
import fc from 'fast-check';

interface ExpectedLine {
  path: string;
  lineNo: number;
  text: string;
  commit: string | null;
}

export interface GeneratedDiff {
  text: string;
  expected: ExpectedLine[];
}

/** Characters that stress the parser: diff markers, quoting, whitespace, CR, multi-byte and astral characters. */
const TEXT_UNITS = [
  '+',
  '-',
  '@',
  ' ',
  '\\',
  '"',
  '\t',
  '\r',
  'a',
  'Z',
  '0',
  '/',
  '=',
  'é',
  '日',
  '🔑',
  '+++ b/',
  '--- a/',
  '@@ ',
  'diff --git ',
];
const PATH_UNITS = [
  'a',
  'b',
  'Z',
  '.',
  '_',
  ' ',
  '\t',
  '"',
  '\\',
  '\n',
  '\r',
  'é',
  '日',
  '🔑',
  '\u0001',
  '\u007f',
  '#',
];

const lineText = fc.string({ unit: fc.constantFrom(...TEXT_UNITS), maxLength: 12 });
const pathPart = fc.string({ unit: fc.constantFrom(...PATH_UNITS), minLength: 1, maxLength: 6 });
export const pathArb = fc.array(pathPart, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('/'));

/** Quote a path the way git does; `quoteNonAscii` is core.quotepath=on (octal bytes above 0x7f). */
export function gitQuote(path: string, quoteNonAscii: boolean): string {
  const bytes = Buffer.from(path, 'utf8');
  const needs = [...bytes].some(
    (b) => b < 0x20 || b === 0x22 || b === 0x5c || b === 0x7f || (quoteNonAscii && b >= 0x80),
  );
  if (!needs) return path;
  const named: Record<number, string> = {
    7: 'a',
    8: 'b',
    9: 't',
    10: 'n',
    11: 'v',
    12: 'f',
    13: 'r',
    0x22: '"',
    0x5c: '\\',
  };
  let out = '"';
  let plain: number[] = [];
  const flush = (): void => {
    out += Buffer.from(plain).toString('utf8');
    plain = [];
  };
  for (const b of bytes) {
    const name = named[b];
    if (name !== undefined) {
      flush();
      out += '\\' + name;
    } else if (b < 0x20 || b === 0x7f || (quoteNonAscii && b >= 0x80)) {
      flush();
      out += '\\' + b.toString(8).padStart(3, '0');
    } else plain.push(b);
  }
  flush();
  return out + '"';
}

/** `prefix` + path, quoted as a whole when needed (git quotes `"b/name"`, prefix inside). */
function side(prefix: string, path: string, quoteNonAscii: boolean): string {
  return gitQuote(prefix + path, quoteNonAscii);
}

const stripOneCr = (s: string): string => (s.endsWith('\r') ? s.slice(0, -1) : s);

const hunkArb = fc.record({
  gap: fc.nat({ max: 5 }),
  context: fc.array(lineText, { maxLength: 2 }),
  removed: fc.array(lineText, { maxLength: 3 }),
  added: fc.array(lineText, { maxLength: 4 }),
  crlf: fc.boolean(),
  noNewline: fc.boolean(),
  shortCounts: fc.boolean(),
});

const fileArb = fc.record({
  path: pathArb,
  oldPath: fc.option(pathArb, { nil: undefined }),
  kind: fc.constantFrom('modified', 'new', 'renamed'),
  hunks: fc.array(hunkArb, { minLength: 1, maxLength: 4 }),
  quoteNonAscii: fc.boolean(),
});

const shaArb = fc.stringMatching(/^[0-9a-f]{40}$/);

const commitArb = fc.record({
  sha: shaArb,
  author: fc.string({ unit: fc.constantFrom('a', ' ', 'é', "'", '"', '<', '>'), maxLength: 8 }),
  files: fc.array(fileArb, { maxLength: 3 }),
});

/** A whole `git log -p -U0`-style stream (or a `git diff` when `withCommits` is false). */
export const gitDiffArb: fc.Arbitrary<GeneratedDiff> = fc
  .record({ withCommits: fc.boolean(), commits: fc.array(commitArb, { minLength: 1, maxLength: 3 }) })
  .map(({ withCommits, commits }) => {
    const out: string[] = [];
    const expected: ExpectedLine[] = [];
    for (const commit of withCommits ? commits : commits.slice(0, 1)) {
      const sha = withCommits ? commit.sha : null;
      if (withCommits)
        out.push(`\0${commit.sha}\0${commit.author}\0a@example.com\x002026-01-02T03:04:05+00:00`, '');
      for (const file of commit.files) writeFile(out, expected, file, sha);
    }
    return { text: out.map((l) => l + '\n').join(''), expected };
  });

type FileSpec = typeof fileArb extends fc.Arbitrary<infer T> ? T : never;

function writeFile(out: string[], expected: ExpectedLine[], file: FileSpec, sha: string | null): void {
  const q = file.quoteNonAscii;
  const oldPath = file.kind === 'renamed' && file.oldPath !== undefined ? file.oldPath : file.path;
  out.push(`diff --git ${side('a/', oldPath, q)} ${side('b/', file.path, q)}`);
  if (file.kind === 'new') out.push('new file mode 100644');
  if (file.kind === 'renamed') {
    out.push(
      'similarity index 90%',
      `rename from ${gitQuote(oldPath, q)}`,
      `rename to ${gitQuote(file.path, q)}`,
    );
  }
  out.push('index 1234567..89abcde 100644');
  // git appends a tab to an unquoted name that contains a space.
  const header = (marker: string, prefix: string, path: string): string => {
    const name = side(prefix, path, q);
    return `${marker} ${name}${!name.startsWith('"') && name.includes(' ') ? '\t' : ''}`;
  };
  out.push(
    file.kind === 'new' ? '--- /dev/null' : header('---', 'a/', oldPath),
    header('+++', 'b/', file.path),
  );
  let cursor = 0;
  for (const h of file.hunks) {
    const start = cursor + h.gap + 1;
    const oldCount = h.context.length + h.removed.length;
    const newCount = h.context.length + h.added.length;
    if (oldCount === 0 && newCount === 0) continue;
    const range = (s: number, n: number): string => (n === 1 && h.shortCounts ? `${s}` : `${s},${n}`);
    out.push(`@@ -${range(start, oldCount)} +${range(newCount === 0 ? start - 1 : start, newCount)} @@ ctx`);
    for (const c of h.context) out.push(' ' + c);
    for (const r of h.removed) out.push('-' + r);
    if (h.noNewline && h.removed.length > 0) out.push('\\ No newline at end of file');
    h.added.forEach((a, i) => {
      const text = a + (h.crlf ? '\r' : '');
      out.push('+' + text);
      expected.push({
        path: file.path,
        lineNo: start + h.context.length + i,
        text: stripOneCr(text),
        commit: sha,
      });
    });
    if (h.noNewline && h.added.length > 0) out.push('\\ No newline at end of file');
    cursor = start + newCount - 1;
  }
}

export interface CombinedCase {
  text: string;
  expected: Array<{ lineNo: number; text: string }>;
}

/**
 * One combined (`--cc`) file section for a merge of 2 or 3 parents. Each result line has a column per parent,
 * `+` where the line is new to that parent; lost lines have `-` for the parents that had them. The hunk counts
 * are computed from the columns, as git does.
 */
export const combinedArb: fc.Arbitrary<CombinedCase> = fc
  .record({
    parents: fc.integer({ min: 2, max: 3 }),
    hunks: fc.array(
      fc.array(
        fc.record({
          lost: fc.boolean(),
          columns: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
          text: lineText,
        }),
        { minLength: 1, maxLength: 6 },
      ),
      { minLength: 1, maxLength: 3 },
    ),
  })
  .map(({ parents, hunks }) => {
    const out = [
      'diff --cc merged.txt',
      'index 1111111,2222222..3333333',
      '--- a/merged.txt',
      '+++ b/merged.txt',
    ];
    const expected: Array<{ lineNo: number; text: string }> = [];
    let cursor = 0;
    for (const lines of hunks) {
      const counts = new Array<number>(parents).fill(0);
      let newCount = 0;
      const body: string[] = [];
      const start = cursor + 3;
      for (const line of lines) {
        const cols = line.columns.slice(0, parents);
        if (line.lost) {
          if (!cols.some(Boolean)) cols[0] = true;
          cols.forEach((c, i) => (counts[i] = counts[i]! + (c ? 1 : 0)));
          body.push(cols.map((c) => (c ? '-' : ' ')).join('') + line.text);
        } else {
          cols.forEach((c, i) => (counts[i] = counts[i]! + (c ? 0 : 1)));
          if (cols.every(Boolean))
            expected.push({ lineNo: start + newCount, text: line.text.replace(/\r$/, '') });
          newCount++;
          body.push(cols.map((c) => (c ? '+' : ' ')).join('') + line.text);
        }
      }
      const ats = '@'.repeat(parents + 1);
      out.push(
        `${ats} ${counts.map((n) => `-${start},${n}`).join(' ')} +${start},${newCount} ${ats}`,
        ...body,
      );
      cursor = start + newCount;
    }
    return { text: out.map((l) => l + '\n').join(''), expected };
  });

/** Sizes to cut an input into before feeding it to `write`. */
export const chunkSizesArb = fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 8 });
