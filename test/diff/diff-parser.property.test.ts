import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeKeyId, makeSecret, type RandomBytes } from '../helpers/keys.js';
import { parseDiff } from './collecting-sink.js';
import { chunkSizesArb, combinedArb, gitDiffArb, gitQuote, pathArb } from './diff-arbitraries.js';
import { parseQuoted } from '../../src/diff/quoted-path.js';

const NUM_RUNS = 300;

/** Deterministic bytes for the key helpers, so that a failing case replays from fast-check's seed. */
function seededBytes(seed: number): RandomBytes {
  let s = seed >>> 0 || 1;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      out[i] = s & 0xff;
    }
    return out;
  };
}

describe('DiffParser properties', () => {
  it('reports exactly the added lines of a generated diff, at their new-file line numbers', () => {
    fc.assert(
      fc.property(gitDiffArb, chunkSizesArb, (generated, sizes) => {
        const { sink, coverage } = parseDiff(generated.text, sizes);
        expect(sink.lines).toEqual(generated.expected);
        expect(coverage.skipped).toEqual({});
        expect(coverage.addedLines).toBe(generated.expected.length);
        expect(coverage.bytes).toBe(generated.expected.reduce((n, l) => n + Buffer.byteLength(l.text), 0));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('reports a key placed at a random position of a random added line, at that line and column', () => {
    const arb = gitDiffArb
      .filter((g) => g.expected.length > 0)
      .chain((g) =>
        fc.record({
          generated: fc.constant(g),
          which: fc.nat({ max: g.expected.length - 1 }),
          at: fc.nat(),
          secret: fc.boolean(),
          seed: fc.integer(),
          sizes: chunkSizesArb,
        }),
      );
    fc.assert(
      fc.property(arb, ({ generated, which, at, secret, seed, sizes }) => {
        const key = secret
          ? makeSecret(seededBytes(seed))
          : makeKeyId('123456789012', 'AKIA', seededBytes(seed));
        // Put the key into the diff text of the chosen added line: find that line by counting `+` body lines.
        const target = generated.expected[which]!;
        const column = Math.min(at, [...target.text].length);
        const before = [...target.text].slice(0, column).join('');
        const after = [...target.text].slice(column).join('');
        const text = replaceAddedLine(generated.text, which, before + key + after);
        const { sink } = parseDiff(text, sizes);
        const reported = sink.lines[which]!;
        expect(reported).toMatchObject({ path: target.path, lineNo: target.lineNo, commit: target.commit });
        expect(reported.text.indexOf(key)).toBe(before.length);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('gives identical results for one chunk and for any split into chunks', () => {
    // Raw bytes, invalid UTF-8 included, around a valid diff: the decoder must not depend on chunk boundaries.
    const noise = fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a.map((b) => (b === 0 ? 1 : b))));
    fc.assert(
      fc.property(gitDiffArb, noise, chunkSizesArb, (generated, junk, sizes) => {
        const input = Buffer.concat([Buffer.from(generated.text), junk, Buffer.from('\n' + generated.text)]);
        const whole = parseDiff(input);
        const split = parseDiff(input, sizes);
        expect(split.sink.lines).toEqual(whole.sink.lines);
        expect(split.sink.files).toEqual(whole.sink.files);
        expect(split.coverage).toEqual(whole.coverage);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('reports only the lines of a combined diff that are new to every parent', () => {
    fc.assert(
      fc.property(combinedArb, chunkSizesArb, (generated, sizes) => {
        const { sink, coverage } = parseDiff(generated.text, sizes);
        expect(sink.lines.map((l) => ({ lineNo: l.lineNo, text: l.text }))).toEqual(generated.expected);
        expect(coverage.skipped).toEqual({});
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('decodes every path git can quote back to the original', () => {
    fc.assert(
      fc.property(pathArb, fc.boolean(), (path, quoteNonAscii) => {
        const quoted = gitQuote(path, quoteNonAscii);
        const decoded = quoted.startsWith('"') ? parseQuoted(quoted, 0)?.value : quoted;
        expect(decoded).toBe(path);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

/** Replace the text of the n-th added line in a diff made by gitDiffArb (hunk bodies are the only `+` lines). */
function replaceAddedLine(diff: string, n: number, text: string): string {
  const lines = diff.split('\n');
  let seen = -1;
  let inHunk = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('@@ ')) inHunk = true;
    else if (line.startsWith('diff --git ') || line.startsWith('\0')) inHunk = false;
    else if (inHunk && line.startsWith('+') && ++seen === n) {
      const cr = line.endsWith('\r') ? '\r' : '';
      lines[i] = '+' + text + cr;
      break;
    }
  }
  return lines.join('\n');
}
