// The content prefilter is a proven superset of the detector: whenever the detector finds something in a file, the
// prefilter passes the file's text, in JavaScript (mayHoldFinding, for history blobs) and as grep runs it (the
// pre-commit hooks' pattern lists). The files are the detector's own positives in every form it finds, put into
// random text, and random text built from the pieces values are made of.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';

import { hasRoomForValue, mayHoldFinding, prefilterPatterns } from '../../src/detect/prefilter-content.js';
import { LITERAL_JUNCTIONS, LITERAL_QUOTES } from '../../src/detect/prefilter.js';
import { prefilterFiles, VALUES_FILE, WORDS_FILE } from '../../src/install/prefilter-script.js';
import { scanFiles } from './scan.js';
import { keyId, secret, seededBytes } from './test-keys.js';

/** The pattern lists as the hooks' grep runs them: words in any ASCII case, values as EREs, after tr's NUL → SOH. */
const files = prefilterFiles();
const words = files[WORDS_FILE]!.split('\n').filter(Boolean);
const values = files[VALUES_FILE]!.split('\n')
  .filter(Boolean)
  // The generated EREs (bracket expressions, intervals, escaped literals) read the same as JS regular expressions.
  .map((ere) => new RegExp(ere));

function grepPasses(content: Buffer): boolean {
  const text = Buffer.from(content.map((byte) => (byte === 0 ? 1 : byte))).toString('latin1');
  const lower = text.replace(/[A-Z]/g, (c) => c.toLowerCase());
  return words.some((word) => lower.includes(word.toLowerCase())) && values.some((ere) => ere.test(text));
}

/** Positives kept for one run of the real grep at the end. */
const positives: Buffer[] = [];

function checkFile(path: string, text: string): boolean {
  const found = scanFiles([{ path, text }]);
  if (found.length === 0) return false;
  const content = Buffer.from(text, 'utf8');
  expect(mayHoldFinding(content), `mayHoldFinding missed a finding in ${JSON.stringify(text)}`).toBe(true);
  expect(grepPasses(content), `the grep lists miss a finding in ${JSON.stringify(text)}`).toBe(true);
  if (positives.length < 400) positives.push(content);
  return true;
}

// --- the detector's positives, in every form it finds ---------------------------------------------------------
const ids = fc
  .record({ prefix: fc.constantFrom('AKIA', 'ASIA', 'ABIA', 'ACCA'), seed: fc.integer() })
  .map(({ prefix, seed }) => keyId('123456789012', prefix, seededBytes(seed)));
const secrets = fc.integer().map((seed) => secret(seededBytes(seed)));
/** An STS session token: a long run of base64 with the entropy of random bytes. */
const tokens = fc.integer().map((seed) => Buffer.from(seededBytes(seed)(240)).toString('base64'));

const quotes = fc.constantFrom(...LITERAL_QUOTES);
const junctions = fc.constantFrom(...LITERAL_JUNCTIONS);
const escapes = fc.constantFrom('\\n', '\\t', '\\r', '\\\\', '%20', '%0A', '%3D', '\\u0020', '\\x09', '\\/');
const secretNames = fc.constantFrom(
  'aws_secret_access_key = ',
  'AWS_SECRET_ACCESS_KEY=',
  'secretAccessKey: ',
  '"SecretAccessKey": "',
  'S3_SECRET_KEY=',
  'fs.s3a.secret.key=',
  'secret_key = "',
  'SECRET=',
  'amazon secret ',
  'AmznSecret: ',
);
const paths = fc.constantFrom(
  'app.js',
  'deploy/aws.env',
  '.s3cfg',
  'main.tf',
  'home/.aws/credentials',
  'x.py',
);

/** A value split across two or three literals with any quotes and junctions: `'AK' + 'IA…'`. */
function splitLiterals(value: string): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.uniqueArray(fc.integer({ min: 1, max: value.length - 1 }), { minLength: 1, maxLength: 2 }),
      fc.array(quotes, { minLength: 3, maxLength: 3 }),
      fc.array(junctions, { minLength: 2, maxLength: 2 }),
    )
    .map(([cuts, q, j]) => {
      const points = [0, ...cuts.sort((a, b) => a - b), value.length];
      const pieces = points.slice(1).map((end, i) => q[i]! + value.slice(points[i], end) + q[i]!);
      return pieces.reduce((text, piece, i) => (i === 0 ? piece : text + j[i - 1]! + piece), '');
    });
}

const b64 = (text: string): string => Buffer.from(text).toString('base64');
const urlEncoded = (value: string): string =>
  value.replace(/[+/=]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** One finding's lines, in one of the forms the detector finds. */
const forms: fc.Arbitrary<string[]> = fc.oneof(
  fc.tuple(ids, fc.constantFrom(' ', '=', '"', ':', '\t')).map(([id, sep]) => [`key${sep}${id}${sep}`]),
  fc
    .tuple(ids, secrets)
    .map(([id, s]) => ['[default]', `aws_access_key_id = ${id}`, `aws_secret_access_key = ${s}`]),
  fc.tuple(ids, secrets).map(([id, s]) => [`id ${id}`, 'other', `the value ${s} here`]),
  fc.tuple(secretNames, secrets).map(([name, s]) => [`${name}${s}`]),
  secrets.map((s) => ['<name>fs.s3a.secret.key</name>', `<value>${s}</value>`]),
  fc.tuple(escapes, ids, secrets).map(([e, id, s]) => [`"deploy${e}${id}${e}aws${e}${s}"`]),
  fc.tuple(ids, secrets).map(([id, s]) => [`awsathena+rest://${id}:${urlEncoded(s)}@athena.us-east-1`]),
  secrets.map((s) => [`{"aws_secret_access_key": "${s.replace(/\//g, '\\/')}"}`]),
  ids.chain((id) => splitLiterals(id).map((joined) => [`x = ${joined};`])),
  fc
    .tuple(ids, secrets)
    .chain(([id, s]) => splitLiterals(s).map((joined) => [`k = '${id}'`, `s = ${joined};`])),
  ids.map((id) => [`data: ${b64(`some text ${id} more`)}`]),
  secrets.map((s) => [`AWS_SECRET_ACCESS_KEY: ${b64(s)}`]),
  fc
    .tuple(ids, secrets)
    .map(([id, s]) => [
      `credentials: ${b64(`[default]\naws_access_key_id = ${id}\naws_secret_access_key = ${s}\n`)}`,
    ]),
  fc.tuple(ids, secrets, tokens).map(([id, s, t]) => [`${id}\t${s}\t${t}`]),
  fc.tuple(ids, tokens).map(([id, t]) => [`aws_access_key_id=${id}`, `aws_session_token=${t}`]),
);

/** Lines of any text around it. */
const noise = fc.array(
  fc
    .oneof(fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ unit: 'grapheme-ascii', maxLength: 60 }))
    .map((line) => line.replace(/[\r\n]/g, ' ')),
  { maxLength: 8 },
);

// --- random text from the pieces values are made of ----------------------------------------------------------
const pieces = fc.oneof(
  fc.constantFrom('AKIA', 'ASIA', 'aws', 'AWS_', 'secret', 'Secret', '_key', 's3', 'token', 'session_token'),
  fc.constantFrom('"', "'", '`', ' + ', '.', ' ', '=', ':', '\\', '%2F', '%2B', '\\/', '\n', '\t', '\0'),
  fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'), minLength: 4, maxLength: 24 }),
  fc.string({
    unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'),
    minLength: 8,
    maxLength: 48,
  }),
  fc.tuple(ids, secrets).map(([id, s]) => `${id} ${s}`),
  ids.map((id) => b64(id)),
);
const pieceText = fc.array(pieces, { maxLength: 30 }).map((parts) => parts.join(''));

describe('the content prefilter', () => {
  afterAll(() => positives.splice(0));

  it('passes every file the detector finds a key in, in every form, wherever it is put', () => {
    let found = 0;
    fc.assert(
      fc.property(paths, noise, forms, fc.nat(), noise, (path, before, form, at, after) => {
        const lines = [...before, ...after];
        lines.splice(at % (lines.length + 1), 0, ...form);
        if (checkFile(path, lines.join('\n'))) found++;
      }),
      { numRuns: 1500 },
    );
    // The forms are findings, so the property was tested on findings, not vacuously.
    expect(found).toBeGreaterThan(1300);
  });

  it('passes every text of key pieces the detector finds something in', () => {
    fc.assert(
      fc.property(paths, pieceText, (path, text) => {
        checkFile(path, text);
      }),
      { numRuns: 3000 },
    );
  });

  it('and so does the real grep, with the pattern files the build writes', () => {
    expect(positives.length).toBeGreaterThan(300);
    const dir = mkdtempSync(join(tmpdir(), 'sg-prefilter-'));
    try {
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
      const names = positives.map((content, i) => {
        const name = join(dir, `positive-${i}.txt`);
        // What tr does in the hook before grep reads the diff.
        writeFileSync(
          name,
          content.map((byte) => (byte === 0 ? 1 : byte)),
        );
        return name;
      });
      const missed = (args: string[]): string =>
        execFileSync('grep', ['-L', ...args, ...names], {
          env: { ...process.env, LC_ALL: 'C' },
          encoding: 'utf8',
        });
      expect(missed(['-F', '-i', '-f', join(dir, WORDS_FILE)])).toBe('');
      expect(missed(['-E', '-f', join(dir, VALUES_FILE)])).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sends content with a NUL byte on (UTF-16, binary): the scan decodes what a byte search cannot see', () => {
    const utf16 = Buffer.from(`\ufeffaws_access_key_id = ${keyId()}\n`, 'utf16le');
    expect(mayHoldFinding(utf16)).toBe(true);
    expect(grepPasses(utf16)).toBe(true);
  });

  it('rules out text without the words, or without room for a value', () => {
    const code = Buffer.from(
      'const region = "aws-region-1";\nexport function handler(event) { return 42; }\n',
    );
    expect(mayHoldFinding(code)).toBe(false);
    expect(grepPasses(code)).toBe(false);
    const noWords = Buffer.from(`const digest = "${'ab12'.repeat(16)}";\n`);
    expect(mayHoldFinding(noWords)).toBe(false);
    expect(grepPasses(noWords)).toBe(false);
  });
});

describe('room for a value', () => {
  it('is a run of the alphabet as long as a key id, an escape, or a junction of literals', () => {
    const reference = (text: string): boolean =>
      /[A-Za-z0-9+/]{20}|[%\\]/.test(text) || /["'`] ?[+.]? ?["'`]/.test(text);
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'Ab9+/ .-_"\'`%\\\n'), maxLength: 200 }), (text) => {
        const content = Buffer.from(text, 'latin1');
        expect(hasRoomForValue(content)).toBe(reference(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('finds a run of the alphabet wherever it starts and ends, among runs a little shorter', () => {
    const run = fc
      .tuple(fc.integer({ min: 0, max: 24 }), fc.constantFrom(...'Ab9+/'))
      .map(([length, char]) => char.repeat(length));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(run, fc.constantFrom(' ', '.', '-', '\n', '\u00e9')), { maxLength: 12 }),
        (parts) => {
          const text = parts.map(([letters, separator]) => letters + separator).join('');
          const content = Buffer.from(text, 'latin1');
          expect(hasRoomForValue(content)).toBe(/[A-Za-z0-9+/]{20}/.test(text));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('is written for grep as the detector defines it', () => {
    const { values: eres } = prefilterPatterns();
    expect(eres[0]).toBe('[A-Za-z0-9+/]{20}');
    expect(eres).toContain('%');
    expect(eres).toContain('\\\\');
    expect(eres).toContain('"\\+"');
  });
});
