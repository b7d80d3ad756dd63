// The fingerprint is hashed in JavaScript (to keep node:crypto off the hook path); it must stay the very value
// node:crypto gives, since every stored baseline depends on it.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/detect/fingerprint.js';

function nodeFingerprint(rule: string, value: string): string {
  return createHash('sha256').update(`secret-guard/v1\0${rule}\0${value}`).digest('hex').slice(0, 32);
}

describe('fingerprint', () => {
  it('is node:crypto SHA-256 of scheme, rule and value, for any text', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('aws-access-key-id', 'aws-secret-access-key'),
        fc.string({ unit: 'binary', maxLength: 200 }),
        (rule, value) => {
          expect(fingerprint(rule as 'aws-access-key-id', value)).toBe(nodeFingerprint(rule, value));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('crosses SHA-256 block boundaries the same way', () => {
    for (let length = 0; length < 200; length++) {
      const value = 'x'.repeat(length);
      expect(fingerprint('aws-secret-access-key', value)).toBe(
        nodeFingerprint('aws-secret-access-key', value),
      );
    }
  });
});
