import { describe, expect, it } from 'vitest';

import { shannonEntropy } from '../../src/detect/entropy.js';
import { fingerprint } from '../../src/detect/fingerprint.js';
import { hasIdenticalRun, hasSequentialRun } from '../../src/detect/placeholder.js';
import { secret } from './test-keys.js';

describe('shannonEntropy', () => {
  it.each([
    ['', 0],
    ['aaaa', 0],
    ['abab', 1],
    ['abcd', 2],
    ['é😀é😀', Math.log2(3)], // UTF-16 code units: é, high and low surrogate, twice each
  ])('%j has %d bits per character', (value, bits) => {
    expect(shannonEntropy(value)).toBeCloseTo(bits, 10);
  });
});

describe('placeholder checks', () => {
  it.each([
    ['XXXXXX', true],
    ['abXXXXXcd', false],
    ['ab777777cd', true],
  ])('hasIdenticalRun(%j) is %s', (value, expected) => {
    expect(hasIdenticalRun(value)).toBe(expected);
  });

  it.each([
    ['ABCDEFGH', true],
    ['zyxwvuts', true],
    ['23456789', true],
    ['ABCDEFG', false],
    ['ACEGIKMO', false],
  ])('hasSequentialRun(%j) is %s', (value, expected) => {
    expect(hasSequentialRun(value)).toBe(expected);
  });
});

describe('fingerprint', () => {
  const s = secret();

  it('is 32 hex characters, the same for the same rule and value', () => {
    expect(fingerprint('aws-secret-access-key', s)).toMatch(/^[0-9a-f]{32}$/);
    expect(fingerprint('aws-secret-access-key', s)).toBe(fingerprint('aws-secret-access-key', s));
  });

  it('differs by rule and by value, and does not contain the value', () => {
    const print = fingerprint('aws-secret-access-key', s);
    expect(print).not.toBe(fingerprint('aws-access-key-id', s));
    expect(print).not.toBe(fingerprint('aws-secret-access-key', secret()));
    expect(print).not.toContain(s.slice(0, 8));
  });

  it('is pinned: changing the scheme breaks every stored baseline', () => {
    expect(fingerprint('aws-access-key-id', 'AKIAIOSFODNN7EXAMPLE')).toBe('8b4a1b810e0f4e6c9cf023ae00a68494');
  });
});
