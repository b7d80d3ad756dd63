// Property tests: a key anywhere in any text is found exactly where it is; text without keys gives nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { isPlausibleKeyId } from '../../src/detect/patterns.js';
import { makeKeyId } from '../helpers/keys.js';
import { scanText, valueOf } from './scan.js';
import { secret, seededBytes } from './test-keys.js';

/** Text of any kind on a line: any Unicode (astral planes included), or printable ASCII that looks like code. */
const lineText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 60 }),
);
/** Lines without their ends; a line never holds a LF (that would make two lines). */
const lines = fc.array(
  lineText.map((text) => text.replaceAll('\n', ' ')),
  { maxLength: 8 },
);
const lineEnd = fc.constantFrom('\n', '\r\n');

/** Joins lines with the given ends, cycling through them. */
function join(parts: string[], ends: string[]): string {
  return parts.map((part, i) => (i === 0 ? part : ends[i % ends.length]! + part)).join('');
}

/** 1-based line and UTF-16 column of `index` in `text`, as a diff would number it. */
function position(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, index);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: index - lineStart + 1 };
}

const keyIds = fc
  .record({
    account: fc.integer({ min: 0, max: 999_999_999_999 }),
    prefix: fc.constantFrom('AKIA', 'ASIA', 'ABIA', 'ACCA'),
    seed: fc.integer(),
  })
  .map(({ account, prefix, seed }) => makeKeyId(String(account).padStart(12, '0'), prefix, seededBytes(seed)))
  // The few accounts whose own bits spell a placeholder (000000000001 → QAAAAAAA…) are tested elsewhere.
  .filter(isPlausibleKeyId);

const secrets = fc.integer().map((seed) => secret(seededBytes(seed)));

/** Where to put the value: a separator on each side, so that it is not glued to random text. */
const separators = fc.constantFrom(' ', '"', "'", '\t', ',', '(', '<', '[');

describe('detector properties', () => {
  it('finds an access key id anywhere in random text, at its line and column', () => {
    fc.assert(
      fc.property(
        lines,
        lines,
        lineText,
        lineText,
        lineEnd,
        lineEnd,
        keyIds,
        separators,
        (above, below, left, right, end1, end2, id, sep) => {
          const keyLine = `${left.replaceAll('\n', ' ')}${sep}${id}${sep}${right.replaceAll('\n', ' ')}`;
          const text = join([...above, keyLine, ...below], [end1, end2]);
          const found = scanText(text).filter((d) => d.rule === 'aws-access-key-id');
          expect(found.map((d) => [d.keyId, d.line, d.column])).toEqual([
            [id, ...Object.values(position(text, text.indexOf(id)))],
          ]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds a secret access key with its keyword anywhere in random text, at its line and column', () => {
    fc.assert(
      fc.property(
        lines,
        lines,
        lineText,
        lineEnd,
        secrets,
        fc.constantFrom('aws_secret_access_key=', 'SecretAccessKey: "', "secretAccessKey: '", 'AWS '),
        (above, below, left, end, value, keyword) => {
          const keyLine = `${left.replaceAll('\n', ' ')} ${keyword}${value} `;
          const text = join([...above, keyLine, ...below], [end]);
          const found = scanText(text);
          expect(found.map((d) => [valueOf(d) === value, d.line, d.column])).toEqual([
            [true, ...Object.values(position(text, text.indexOf(value)))],
          ]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('pairs an id with a secret up to 5 lines away, in either order, through random lines', () => {
    fc.assert(
      fc.property(
        keyIds,
        secrets,
        fc.integer({ min: 0, max: 4 }),
        fc.boolean(),
        lines,
        (id, value, gap, idFirst, noise) => {
          const filler = Array.from({ length: gap }, (_, i) => noise[i] ?? '');
          const parts = idFirst
            ? [`id ${id}`, ...filler, `key ${value}`]
            : [`key ${value}`, ...filler, `id ${id}`];
          const found = scanText(parts.join('\n'));
          expect(found).toHaveLength(2);
          const [first, second] = found;
          expect(first!.pairFingerprint).toBe(second!.fingerprint);
          expect(second!.pairFingerprint).toBe(first!.fingerprint);
          expect(found.every((d) => d.keyId === id && d.secret?.reveal() === value)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('finds nothing in random text', () => {
    fc.assert(
      fc.property(fc.array(lineText, { maxLength: 20 }), lineEnd, (parts, end) => {
        expect(scanText(join(parts, [end]))).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });

  it('finds nothing in random text full of AWS words and base64', () => {
    // Chunks are kept apart by characters outside the key alphabets, so that no run reaches 20 or 40 by accident.
    const word = fc.constantFrom(
      'aws',
      'AWS_',
      'aws_secret_access_key',
      'secret',
      'AKIA',
      'ASIA',
      'amazon',
      '=',
    );
    const chunk = fc.oneof(
      word,
      fc.base64String({ maxLength: 39 }),
      fc.string({ unit: 'grapheme-ascii', maxLength: 8 }),
    );
    const separator = fc.constantFrom(' ', '\n', ' = ', '"', ': ', '\t');
    fc.assert(
      fc.property(fc.array(fc.tuple(chunk, separator), { maxLength: 60 }), (chunks) => {
        expect(scanText(chunks.map(([text, sep]) => text + sep).join(''))).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });
});
