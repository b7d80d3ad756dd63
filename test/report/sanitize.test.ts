import { describe, expect, it } from 'vitest';

import { printable, safeSecret, scrubDeep, scrubSecrets, shellQuote } from '../../src/report/sanitize.js';
import { redact } from '../../src/secret-value.js';
import { makeSecret } from '../helpers/keys.js';

describe('safeSecret', () => {
  it('keeps a masked secret and masks an unmasked one', () => {
    const raw = makeSecret();
    expect(safeSecret(redact(raw))).toBe(redact(raw));
    expect(safeSecret(raw)).toBe(redact(raw));
    expect(safeSecret(null)).toBeNull();
    expect(safeSecret('ab')).toBe('ab');
  });
});

describe('scrubSecrets', () => {
  it('masks a secret-shaped token anywhere in free text', () => {
    const raw = makeSecret();
    expect(scrubSecrets(`key=${raw}; next`)).toBe(`key=${redact(raw)}; next`);
    expect(scrubSecrets(`"${raw}"`)).toBe(`"${redact(raw)}"`);
  });

  it('leaves commit hashes, paths, ARNs and longer or shorter runs alone', () => {
    for (const text of [
      'git show 9fceb02d0ae598e95dc970b74767f19372d61af8 failed',
      'arn:aws:iam::123456789012:user/deploy-bot',
      'src/report/text.ts:12 is fine',
      'A'.repeat(40),
      'aB3'.repeat(14), // 42 characters: not a key's length
    ]) {
      expect(scrubSecrets(text)).toBe(text);
    }
  });

  it('scrubs every string in nested data, and leaves other values as they are', () => {
    const raw = makeSecret();
    expect(scrubDeep({ a: [raw, 1, null, { b: `x ${raw}` }], c: true })).toEqual({
      a: [redact(raw), 1, null, { b: `x ${redact(raw)}` }],
      c: true,
    });
  });
});

describe('printable', () => {
  it('escapes controls, DEL, C1 and direction overrides', () => {
    expect(printable('a\x1b[31mb\x7f\x9b\u202e\u2066c\td')).toBe(
      'a\\x1b[31mb\\x7f\\x9b\\u202e\\u2066c\\x09d',
    );
  });

  it('keeps ordinary Unicode', () => {
    expect(printable('café/日本.env')).toBe('café/日本.env');
  });
});

describe('shellQuote', () => {
  it.each([
    ['config/prod.env', 'config/prod.env'],
    ['my file.env', "'my file.env'"],
    ["it's.env", "'it'\\''s.env'"],
    ['$(rm -rf ~)', "'$(rm -rf ~)'"],
  ])('%s', (word, quoted) => expect(shellQuote(word)).toBe(quoted));
});
