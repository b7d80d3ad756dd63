// Throughput of Detector.line(), the hot path of a history scan. Measured, never asserted:
//   npx vitest bench --run test/detect/detector.bench.ts
// MB/s = corpus size × hz; the task names carry the size.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import { bench, describe } from 'vitest';

import { Detector } from '../../src/detect/detector.js';

const require = createRequire(import.meta.url);

/** Lines of an installed package file: ordinary code that nobody wrote for this benchmark. */
function corpus(specifier: string, file: string): { lines: string[]; megabytes: number } {
  const text = readFileSync(join(dirname(require.resolve(specifier)), file), 'utf8');
  return { lines: text.split('\n'), megabytes: Buffer.byteLength(text) / 1e6 };
}

/** Feeds the lines as files of 500 lines each, as a diff of many files would. */
function scan(lines: string[]): number {
  let found = 0;
  const detector = new Detector(() => found++);
  for (let i = 0; i < lines.length; i++) {
    if (i % 500 === 0) detector.startFile({ path: `f${i}.js`, commit: null });
    detector.line(lines[i]!, (i % 500) + 1);
  }
  detector.end();
  return found;
}

const code = corpus('typescript', 'typescript.js');
const aws = corpus('@aws-sdk/client-iam', 'index.js');
const lockText = readFileSync(join(import.meta.dirname, '..', '..', 'package-lock.json'), 'utf8');
const lock = { lines: lockText.split('\n'), megabytes: Buffer.byteLength(lockText) / 1e6 };

describe('Detector.line()', () => {
  bench(`ordinary code: typescript.js (${code.megabytes.toFixed(1)} MB)`, () => {
    scan(code.lines);
  });
  bench(
    `AWS-heavy code: @aws-sdk/client-iam (${aws.megabytes.toFixed(2)} MB, many lines pass the prefilter)`,
    () => {
      scan(aws.lines);
    },
  );
  bench(
    `base64-heavy: package-lock.json (${lock.megabytes.toFixed(2)} MB of sha512 integrity strings)`,
    () => {
      scan(lock.lines);
    },
  );
});
