import { describe, expect, it } from 'vitest';

import { unescapeSecretChars } from '../../src/detect/unescape.js';
import { scanText, valueOf } from './scan.js';
import { keyId, secret } from './test-keys.js';

/** A secret with at least one `/` and one `+`, so that escaping changes it. */
function slashedSecret(): string {
  for (;;) {
    const value = secret();
    if (value.includes('/') && value.includes('+')) return value;
  }
}

const urlEncode = (value: string): string => value.replaceAll('/', '%2F').replaceAll('+', '%2B');

describe('unescapeSecretChars', () => {
  it('returns null for a line without escapes', () => {
    expect(unescapeSecretChars('plain 100% text')).toBeNull();
  });

  it('decodes the JSON \\u escapes of + / = and keeps an escaped backslash before one', () => {
    expect(unescapeSecretChars('a\\u002Bb\\u002fc\\u003D')?.text).toBe('a+b/c=');
    expect(unescapeSecretChars('a\\\\u002Bb')).toBeNull();
  });

  it('decodes %2B, %2F, %3D in either case and \\/, mapping positions back', () => {
    const line = 'a%2Fb%2bc\\/d%3D';
    const unescaped = unescapeSecretChars(line)!;
    expect(unescaped.text).toBe('a/b+c/d=');
    expect([...unescaped.text].map((_, i) => line[unescaped.toOriginal(i)])).toEqual([
      'a',
      '%',
      'b',
      '%',
      'c',
      '\\',
      'd',
      '%',
    ]);
  });
});

describe('escaped secrets', () => {
  const id = keyId();
  const s = slashedSecret();

  it('finds a URL-encoded secret in a connection string, decoded, at its column in the line', () => {
    const line = `awsathena+rest://${id}:${urlEncode(s)}@athena.us-east-1.amazonaws.com:443/default`;
    const found = scanText(line).find((d) => d.rule === 'aws-secret-access-key');
    expect(found && valueOf(found)).toBe(s);
    expect(found?.column).toBe(line.indexOf(urlEncode(s)) + 1);
    expect(found?.keyId).toBe(id);
  });

  it('finds a secret with JSON-escaped slashes (PHP json_encode)', () => {
    const line = `{"aws_secret_access_key":"${s.replaceAll('/', '\\/')}"}`;
    expect(scanText(line).map(valueOf)).toEqual([s]);
  });

  it('finds a secret whose + and / are \\u escapes (.NET System.Text.Json writes + as \\u002B)', () => {
    const dotnet = s.replaceAll('+', '\\u002B');
    const line = `{"AWS":{"SecretAccessKey":"${dotnet}"}}`;
    const [found] = scanText(line);
    expect(found && valueOf(found)).toBe(s);
    expect(found?.column).toBe(line.indexOf(dotnet) + 1);
    expect(scanText(`aws_secret_access_key="${s.replaceAll('/', '\\u002f')}"`).map(valueOf)).toEqual([s]);
  });

  it('gives the same fingerprint to the escaped and the plain form', () => {
    const [escaped] = scanText(`aws_secret_access_key=${urlEncode(s)}`);
    const [plain] = scanText(`aws_secret_access_key=${s}`);
    expect(escaped?.fingerprint).toBe(plain?.fingerprint);
  });

  it('ignores URL-encoded padded base64 (%3D after 40 characters)', () => {
    expect(scanText(`aws_token=${urlEncode(s)}%3D`)).toEqual([]);
  });

  it('reports no bogus secret made of the escape’s hex digits', () => {
    // `%2F` followed by 38 characters: without decoding, `2F…` would be a 40-character run.
    const tail = secret().slice(0, 38);
    const found = scanText(`aws_secret_access_key=Ab%2F${tail}`);
    expect(found.map(valueOf)).not.toContain(`2F${tail}`);
  });
});

describe('escaped secrets on a long line', () => {
  it('places every one of many escaped secrets at its own column', () => {
    const values = Array.from({ length: 2000 }, () => slashedSecret());
    const encoded = values.map(urlEncode);
    const line = `aws ${encoded.join(' ')}`;
    const found = scanText(line);
    expect(found.map(valueOf)).toEqual(values);
    let from = 0;
    const columns = encoded.map((value) => (from = line.indexOf(value, from)) + 1);
    expect(found.map((d) => d.column)).toEqual(columns);
  });
});
