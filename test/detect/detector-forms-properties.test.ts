// Property tests over the forms of issue 8: a key inserted into any line of any file, at any position, written plain,
// after an escape sequence, split across string literals or base64-encoded, is found where it was written; and every
// file the detector finds something in holds one of the exported prefilter literals (the contract a faster
// prefilter outside the detector relies on).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { isPlausibleKeyId } from '../../src/detect/patterns.js';
import { LITERAL_JUNCTIONS, LITERAL_QUOTES, prefilterLiterals } from '../../src/detect/prefilter.js';
import { makeKeyId } from '../helpers/keys.js';
import { scanText, valueOf } from './scan.js';
import { secret, seededBytes } from './test-keys.js';

/** A value written in some form: the text to insert, and where the value is reported within it (0-based). */
interface Written {
  text: string;
  at: number;
}

/** Text of any kind on a line, without line breaks. */
const lineText = fc
  .oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme-ascii', maxLength: 40 }))
  .map((text) => text.replace(/[\r\n]/g, ' '));
const lines = fc.array(lineText, { maxLength: 6 });
const printable = fc.string({
  unit: fc.integer({ min: 32, max: 126 }).map((c) => String.fromCharCode(c)),
  maxLength: 30,
});
/** Printable ASCII that may hold newlines, for the text around a value inside a base64 token. */
const decodedText = fc.array(printable, { maxLength: 3 }).map((parts) => parts.join('\n'));

const paths = fc.constantFrom(
  'src/app.js',
  'app.py',
  'config/settings.yml',
  '.env',
  'infra/main.tf',
  'home/me/.aws/credentials',
  'README.md',
  'data.json',
  'Dockerfile',
  'deploy/aws.env',
  'weird name/ü.txt',
);

const keyIds = fc
  .record({
    account: fc.integer({ min: 0, max: 999_999_999_999 }),
    prefix: fc.constantFrom('AKIA', 'ASIA', 'ABIA', 'ACCA'),
    seed: fc.integer(),
  })
  .map(({ account, prefix, seed }) => makeKeyId(String(account).padStart(12, '0'), prefix, seededBytes(seed)))
  .filter(isPlausibleKeyId);
const secrets = fc.integer().map((seed) => secret(seededBytes(seed)));

/** Characters that end a value without being part of it or of a literal junction. */
const separators = fc.constantFrom(' ', '"', "'", '\t', ',', '(', '<', '[', '=', ':', ';');
const escapes = fc.constantFrom('\\n', '\\t', '\\r', '\\\\', '%20', '%0A', '%3D', '\\u0020', '\\x09');
const quotes = fc.constantFrom(...LITERAL_QUOTES);
const junctions = fc.constantFrom(...LITERAL_JUNCTIONS);

/** The value between two separators. Not `=` after a secret: that makes it padded base64, refused on purpose. */
const plain = (value: string): fc.Arbitrary<Written> =>
  fc
    .tuple(separators, value.length === 40 ? separators.filter((c) => c !== '=') : separators)
    .map(([left, right]) => ({ text: left + value + right, at: 1 }));

/**
 * The value right after an escape sequence (`\n`, `%20`, …), and one after it too. Not `%3D` after a secret: a `=`
 * there makes it padded base64, which is refused on purpose.
 */
const escaped = (value: string): fc.Arbitrary<Written> =>
  fc
    .tuple(escapes, value.length === 40 ? escapes.filter((e) => e !== '%3D') : escapes)
    .map(([left, right]) => ({ text: left + value + right, at: left.length }));

/**
 * The value split across two or three string literals at any points, with any quotes and junctions. ` = ` and `;`
 * around it keep the text beside it from joining on (a literal right after would be part of the same string).
 */
const split = (value: string): fc.Arbitrary<Written> =>
  fc
    .tuple(
      fc.uniqueArray(fc.integer({ min: 1, max: value.length - 1 }), { minLength: 1, maxLength: 2 }),
      fc.array(quotes, { minLength: 3, maxLength: 3 }),
      fc.array(junctions, { minLength: 2, maxLength: 2 }),
    )
    .map(([cuts, q, j]) => {
      const points = [0, ...cuts.sort((a, b) => a - b), value.length];
      const pieces = points.slice(1).map((end, i) => q[i]! + value.slice(points[i], end) + q[i]!);
      const literals = pieces.reduce((text, piece, i) => (i === 0 ? piece : text + j[i - 1]! + piece), '');
      return { text: ` = ${literals}; `, at: 4 };
    });

/**
 * The value base64-encoded inside text (any byte alignment, even other lines), as a YAML value; reported at the
 * base64 character that holds the first bits of the value's character `at` (past a name encoded with it).
 */
const base64 = (value: string, at = 0): fc.Arbitrary<Written> =>
  fc.tuple(decodedText, decodedText).map(([before, after]) => {
    // The value must stand apart inside the decoded text too.
    const inner = `${before} ${value} ${after}`;
    const token = Buffer.from(inner).toString('base64');
    return { text: ` data: ${token} `, at: 7 + Math.floor(((before.length + 1 + at) * 4) / 3) };
  });

/**
 * A secret base64-encoded with its name: alone (a Kubernetes Secret's value, maybe with the newline `echo` adds)
 * under the name, or inside encoded text that names it. A bare secret inside other encoded text is not looked for.
 */
const base64Secret = (value: string, name: string): fc.Arbitrary<Written> =>
  fc.oneof(
    fc.constantFrom('', '\n').map((end) => {
      const text = ` ${name}${Buffer.from(value + end).toString('base64')} `;
      return { text, at: 1 + name.length };
    }),
    base64(name + value, name.length),
  );

/** Inserts `written` at `position` (wrapped to the line's length) of line `index` of the file. */
function insert(
  fileLines: string[],
  index: number,
  position: number,
  written: Written,
): { text: string; line: number; column: number } {
  const all = fileLines.length === 0 ? [''] : [...fileLines];
  const row = index % all.length;
  const host = all[row]!;
  const cut = position % (host.length + 1);
  all[row] = host.slice(0, cut) + written.text + host.slice(cut);
  return { text: all.join('\n'), line: row + 1, column: cut + written.at + 1 };
}

function holdsPrefilterLiteral(text: string): boolean {
  const lower = text.toLowerCase();
  return prefilterLiterals().some(({ text: literal, ignoreCase }) =>
    ignoreCase ? lower.includes(literal.toLowerCase()) : text.includes(literal),
  );
}

describe('forms of issue 8, as properties', () => {
  it('finds an access key id in any form, anywhere in any file, at its line and column', () => {
    fc.assert(
      fc.property(
        keyIds.chain((id) =>
          fc.record({
            id: fc.constant(id),
            written: fc.oneof(plain(id), escaped(id), split(id), base64(id)),
          }),
        ),
        lines,
        fc.nat(),
        fc.nat(),
        paths,
        ({ id, written }, fileLines, index, position, path) => {
          const { text, line, column } = insert(fileLines, index, position, written);
          const found = scanText(text, path).filter((d) => d.rule === 'aws-access-key-id');
          expect(found.map((d) => [d.keyId, d.line, d.column])).toEqual([[id, line, column]]);
          expect(holdsPrefilterLiteral(text)).toBe(true);
        },
      ),
      { numRuns: 600 },
    );
  });

  it('finds a secret access key in any form under its name, anywhere in any file', () => {
    const names = fc.constantFrom(
      'aws_secret_access_key=',
      'AWS_SECRET_ACCESS_KEY: ',
      '"SecretAccessKey": ',
      'S3_SECRET_KEY=',
      'fs.s3a.secret.key ',
    );
    // The name goes before the value, as a word of its own after whatever the line held up to there.
    const named = (s: string, name: string): fc.Arbitrary<Written> =>
      fc.oneof(
        fc
          .oneof(plain(s), escaped(s), split(s))
          .map((w) => ({ text: ` ${name}${w.text}`, at: 1 + name.length + w.at })),
        base64Secret(s, name),
      );
    fc.assert(
      fc.property(
        fc
          .tuple(secrets, names)
          .chain(([s, name]) => fc.record({ s: fc.constant(s), written: named(s, name) })),
        lines,
        fc.nat(),
        fc.nat(),
        paths,
        ({ s, written }, fileLines, index, position, path) => {
          const { text, line, column } = insert(fileLines, index, position, written);
          const found = scanText(text, path).filter((d) => valueOf(d) === s);
          expect(found.map((d) => [d.line, d.column])).toEqual([[line, column]]);
          expect(holdsPrefilterLiteral(text)).toBe(true);
        },
      ),
      { numRuns: 600 },
    );
  });

  it('finds a secret named only by the file it is in, in any form', () => {
    const named = fc.constantFrom(
      ['deploy/aws.env', 'SECRET='],
      ['.s3cfg', 'secret_key = '],
      ['infra/main.tf', '  secret_key = '],
      ['env/prod.tfvars', 'secret_key='],
    );
    fc.assert(
      fc.property(
        secrets.chain((s) =>
          fc.record({ s: fc.constant(s), written: fc.oneof(plain(s), escaped(s), split(s)) }),
        ),
        named,
        lines,
        fc.nat(),
        ({ s, written }, [path, name], fileLines, index) => {
          const { text, line } = insert(fileLines, index, 0, { text: name + written.text, at: 0 });
          const found = scanText(text, path).filter((d) => valueOf(d) === s);
          expect(found.map((d) => d.line)).toEqual([line]);
          expect(holdsPrefilterLiteral(text)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds a base64-encoded credentials file anywhere, its id and secret paired', () => {
    fc.assert(
      fc.property(keyIds, secrets, lines, fc.nat(), fc.nat(), (id, s, fileLines, index, position) => {
        const file = `[default]\r\naws_access_key_id = ${id}\r\naws_secret_access_key = ${s}\r\n`;
        const token = Buffer.from(file).toString('base64');
        const { text, line } = insert(fileLines, index, position, { text: ` ${token} `, at: 1 });
        const found = scanText(text).filter((d) => d.keyId === id);
        expect(found.map((d) => [d.rule, d.line, d.secret?.reveal() === s])).toEqual([
          ['aws-access-key-id', line, true],
          ['aws-secret-access-key', line, true],
        ]);
      }),
      { numRuns: 200 },
    );
  });

  it('holds a prefilter literal in every file it finds something in', () => {
    // Random text built from pieces of every form, with keys in some of them.
    const piece = fc.oneof(
      lineText,
      keyIds.chain((id) => fc.oneof(plain(id), escaped(id), split(id), base64(id))).map((w) => w.text),
      secrets
        .chain((s) => fc.oneof(plain(s), escaped(s), split(s), base64(s), base64Secret(s, 'AWS ')))
        .map((w) => w.text),
      fc.constantFrom('\n', ' = ', 'secret', 'S3_SECRET_KEY=', 'AWS_SESSION_TOKEN='),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), paths, (pieces, path) => {
        const text = pieces.join('');
        if (scanText(text, path).length > 0) expect(holdsPrefilterLiteral(text)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
