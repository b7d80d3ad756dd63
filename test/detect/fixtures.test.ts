// Fixture files in test/fixtures/detect/: `ng-*` folders hold keys, `ok-*` folders hold none. Each folder has one
// input file, named as such files are in real repositories, and `expected.json`. Keys are written as tokens
// (`{{AKIA:1}}`, `{{SECRET:1}}`, …) and made at run time, so the fixtures never hold a key; `{{B64AKIA:1}}` is the
// base64 of `{{AKIA:1}}`. Regenerate the expected files with
// `UPDATE_SNAPSHOT=1 npx vitest run test/detect/fixtures.test.ts`.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { scanText, valueOf } from './scan.js';
import { keyId, secret } from './test-keys.js';

const ROOT = join(import.meta.dirname, '..', 'fixtures', 'detect');
const ACCOUNT = '123456789012';

interface Expected {
  rule: string;
  line: number;
  column: number;
  /** The token the value was made from. */
  value: string;
  pairedWith: string | null;
  account: string | null;
  /** The session token carried, when there is one. */
  sessionToken?: string;
}

/** Replaces each token with a value made for it; the same token gets the same value. */
function render(template: string): { text: string; tokenOf: Map<string, string> } {
  const values = new Map<string, string>();
  const tokenOf = new Map<string, string>();
  const valueOf = (token: string, kind: string, n: string): string => {
    let value = values.get(token);
    if (value === undefined) {
      value = kind.startsWith('B64')
        ? Buffer.from(valueOf(`{{${kind.slice(3)}:${n}}}`, kind.slice(3), n)).toString('base64')
        : make(kind, values, tokenOf);
      values.set(token, value);
      tokenOf.set(value, token);
    }
    return value;
  };
  const text = template.replace(/\{\{([A-Za-z0-9]+):(\d+)\}\}/g, valueOf);
  return { text, tokenOf };
}

function make(kind: string, values: Map<string, string>, tokenOf: Map<string, string>): string {
  switch (kind) {
    case 'SECRET':
      return secret();
    case 'TOKEN':
      // An STS session token: a long base64 run, which is not a secret access key.
      return randomBytes(300).toString('base64').replace(/=+$/, '');
    case 'HALF1':
    case 'HALF2': {
      const whole = values.get('{{SECRET:halves}}') ?? secret();
      values.set('{{SECRET:halves}}', whole);
      tokenOf.set(whole, '{{SECRET:halves}}');
      return kind === 'HALF1' ? whole.slice(0, 20) : whole.slice(20);
    }
    case 'IDHEAD':
    case 'IDTAIL': {
      // An id split after its prefix, for split-literal fixtures: found whole, as `{{AKIA:split}}`.
      const whole = values.get('{{AKIA:split}}') ?? keyId(ACCOUNT, 'AKIA');
      values.set('{{AKIA:split}}', whole);
      tokenOf.set(whole, '{{AKIA:split}}');
      return kind === 'IDHEAD' ? whole.slice(0, 4) : whole.slice(4);
    }
    case 'akia':
      return keyId(ACCOUNT, 'AKIA').toLowerCase();
    default:
      if (/^[A-Z]{4}$/.test(kind)) return keyId(ACCOUNT, kind);
      throw new Error(`unknown fixture token kind ${kind}`);
  }
}

const folders = readdirSync(ROOT, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe('detector fixtures', () => {
  it('has both ng- and ok- fixtures', () => {
    expect(folders.some((name) => name.startsWith('ng-'))).toBe(true);
    expect(folders.some((name) => name.startsWith('ok-'))).toBe(true);
  });

  it.each(folders)('%s', (folder) => {
    const dir = join(ROOT, folder);
    const inputs = readdirSync(dir).filter((name) => name !== 'expected.json');
    expect(inputs).toHaveLength(1);
    const input = inputs[0]!;
    const { text, tokenOf } = render(readFileSync(join(dir, input), 'utf8'));
    const found = scanText(text, `${folder}/${input}`);
    const byPrint = new Map(found.map((d) => [d.fingerprint, d]));
    const actual: Expected[] = found.map((d) => {
      const paired = d.pairFingerprint === null ? undefined : byPrint.get(d.pairFingerprint);
      return {
        rule: d.rule,
        line: d.line,
        column: d.column,
        value: tokenOf.get(valueOf(d)) ?? valueOf(d),
        pairedWith: paired ? (tokenOf.get(valueOf(paired)) ?? valueOf(paired)) : null,
        account: d.account,
        ...(d.sessionToken ? { sessionToken: tokenOf.get(d.sessionToken.reveal()) ?? '(unknown)' } : {}),
      };
    });
    const expectedFile = join(dir, 'expected.json');
    if (process.env['UPDATE_SNAPSHOT']) writeFileSync(expectedFile, JSON.stringify(actual, null, 2) + '\n');
    const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as Expected[];
    expect(actual).toEqual(expected);
    if (folder.startsWith('ok-')) expect(actual).toEqual([]);
    else expect(actual.length).toBeGreaterThan(0);
  });
});
