import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { accountFromKeyId } from '../../src/detect/account-id.js';
import { makeKeyId } from '../helpers/keys.js';
import { seededBytes } from './test-keys.js';

// Published vectors (Be'ery, Steele; aws-leak-response.md §5.3), joined at run time so that no key id literal sits in
// the repository, which secret-guard scans with itself.
const published = (prefix: string, body: string): string => prefix + body;

describe('accountFromKeyId', () => {
  it.each([
    ['Be’ery’s and Steele’s ASIA example', published('ASIA', 'Y34FZKBOKMUTVV7A'), '609629065308'],
    ['Be’ery’s script example, leading zero kept', published('ASIA', 'QNZGKIQY56JQ7WML'), '029608264753'],
    ['the reference’s synthetic AKIA key', published('AKIA', 'RZPUZDIKAAASGRLH'), '123456789012'],
  ])('decodes %s', (_name, id, account) => {
    expect(accountFromKeyId(id)).toBe(account);
  });

  it.each([
    ['AWS’s documentation example (AKIAI…, old generation)', 'AKIAIOSFODNN7EXAMPLE'],
    ['an AKIAJ… id (old generation)', 'AKIAJ' + 'A'.repeat(15)],
    ['any first body character A–P (generation bit 0)', 'ASIAP' + 'Z'.repeat(15)],
    ['a body with a character outside base32 (8)', 'AKIAY' + '8'.repeat(15)],
    ['lowercase', 'akiay34fzkbokmutvv7a'],
    ['too short', 'AKIAY34FZKBOKMUTVV7'],
    ['too long', 'AKIAY34FZKBOKMUTVV7AA'],
    ['the empty string', ''],
    ['40 bits above 12 digits', 'AKIA' + '7'.repeat(16)],
  ])('gives null for %s', (_name, id) => {
    expect(accountFromKeyId(id)).toBeNull();
  });

  it('inverts makeKeyId for any account and prefix', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 999_999_999_999 }),
        fc.constantFrom('AKIA', 'ASIA', 'ABIA', 'ACCA', 'AIDA', 'AROA'),
        fc.integer(),
        (account, prefix, seed) => {
          const padded = String(account).padStart(12, '0');
          expect(accountFromKeyId(makeKeyId(padded, prefix, seededBytes(seed)))).toBe(padded);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
