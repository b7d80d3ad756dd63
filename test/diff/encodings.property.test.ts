// A key put into any line of a file, at any position, in any encoding or binary surrounding that git would not
// show as text (UTF-16 with or without a byte-order mark, either byte order; NULs and random bytes around it),
// is found at its line, whether the file arrives as a diff (`git diff --text`) or from disk.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Detector } from '../../src/detect/detector.js';
import { DiffParser } from '../../src/diff/diff-parser.js';
import { silentLogger } from '../../src/logger.js';
import { readSource } from '../../src/source/read-source.js';
import { emptyCoverage, type Detection } from '../../src/types.js';
import { makeKeyId } from '../helpers/keys.js';

const NUM_RUNS = 150;
const dir = mkdtempSync(join(tmpdir(), 'sg-encodings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Encoding = 'utf8' | 'utf16le' | 'utf16be' | 'utf16le-bom' | 'utf16be-bom' | 'binary';

function encode(lines: string[], encoding: Encoding, noise: Uint8Array): Buffer {
  const text = lines.join('\n') + '\n';
  switch (encoding) {
    case 'utf8':
      return Buffer.from(text);
    case 'utf16le':
    case 'utf16le-bom':
      return Buffer.concat([
        Buffer.from(encoding.endsWith('bom') ? [0xff, 0xfe] : []),
        Buffer.from(text, 'utf16le'),
      ]);
    case 'utf16be':
    case 'utf16be-bom': {
      const body = Buffer.from(text, 'utf16le').swap16();
      return Buffer.concat([Buffer.from(encoding.endsWith('bom') ? [0xfe, 0xff] : []), body]);
    }
    case 'binary':
      // Each line wrapped in NULs and random bytes (no newline among them, so lines stay lines).
      return Buffer.concat(
        lines.map((line) =>
          Buffer.concat([
            Buffer.from([0]),
            Buffer.from(noise.filter((b) => b !== 10)),
            Buffer.from(` ${line} `),
            Buffer.from([0, 1, 10]),
          ]),
        ),
      );
  }
}

const arb = fc.record({
  lines: fc.array(
    fc.string({ unit: fc.constantFrom('a', 'b', ' ', '=', '"', 'é', '日', '1'), maxLength: 30 }),
    {
      minLength: 1,
      maxLength: 12,
    },
  ),
  which: fc.nat(),
  at: fc.nat(),
  encoding: fc.constantFrom<Encoding>('utf8', 'utf16le', 'utf16be', 'utf16le-bom', 'utf16be-bom', 'binary'),
  noise: fc.uint8Array({ maxLength: 24 }),
  chunk: fc.integer({ min: 1, max: 4096 }),
});

function place(
  lines: string[],
  which: number,
  at: number,
  keyId: string,
): { lines: string[]; lineNo: number } {
  const n = which % lines.length;
  const line = lines[n]!;
  const column = at % (line.length + 1);
  const copy = [...lines];
  copy[n] = `${line.slice(0, column)} ${keyId} ${line.slice(column)}`;
  return { lines: copy, lineNo: n + 1 };
}

function ids(found: Detection[]): string[] {
  return found.filter((d) => d.rule === 'aws-access-key-id').map((d) => `${d.line}:${d.keyId}`);
}

describe('keys in any encoding', () => {
  it('are found in a diff of the file (git diff --text), fed in any chunks', () => {
    fc.assert(
      fc.property(arb, ({ lines, which, at, encoding, noise, chunk }) => {
        const keyId = makeKeyId();
        const placed = place(lines, which, at, keyId);
        const content = encode(placed.lines, encoding, noise);
        // git splits the file on 0x0A and prefixes each piece with `+`.
        const pieces = content.toString('latin1').split('\n');
        if (pieces[pieces.length - 1] === '') pieces.pop();
        const body = Buffer.concat(
          pieces.map((p) => Buffer.concat([Buffer.from('+'), Buffer.from(p, 'latin1'), Buffer.from('\n')])),
        );
        const input = Buffer.concat([
          Buffer.from(`diff --git a/f b/f\n--- /dev/null\n+++ b/f\n@@ -0,0 +1,${pieces.length} @@\n`),
          body,
        ]);
        const found: Detection[] = [];
        const parser = new DiffParser(new Detector((d) => found.push(d)), emptyCoverage());
        for (let i = 0; i < input.length; i += chunk) parser.write(input.subarray(i, i + chunk));
        parser.end();
        expect(ids(found)).toEqual([`${placed.lineNo}:${keyId}`]);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('are found in the file on disk', async () => {
    await fc.assert(
      fc.asyncProperty(arb, async ({ lines, which, at, encoding, noise }) => {
        const keyId = makeKeyId();
        const placed = place(lines, which, at, keyId);
        writeFileSync(join(dir, 'f'), encode(placed.lines, encoding, noise));
        const found: Detection[] = [];
        await readSource(
          { kind: 'paths', paths: ['f'] },
          {
            cwd: dir,
            coverage: emptyCoverage(),
            logger: silentLogger,
            createSink: () => new Detector((d) => found.push(d)),
          },
        );
        expect(ids(found)).toEqual([`${placed.lineNo}:${keyId}`]);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
