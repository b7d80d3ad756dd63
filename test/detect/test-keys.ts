// Keys for detector tests, made at run time (never stored: the project scans its own history).
// The generators in test/helpers/keys.ts draw uniformly; about 1 secret in 9,000 falls under the entropy floor, which
// is tested on its own, so the tests that need a detectable key draw again instead of failing at random.
import { isPlausibleKeyId, isPlausibleSecret } from '../../src/detect/patterns.js';
import { makeKeyId, makeSecret, type RandomBytes } from '../helpers/keys.js';

const ATTEMPTS = 1000;

export function keyId(account = '123456789012', prefix = 'AKIA', random?: RandomBytes): string {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const id = makeKeyId(account, prefix, random);
    if (isPlausibleKeyId(id)) return id;
  }
  // Only an account whose bits alone make a placeholder pattern (such as 000000000001) gets here.
  throw new Error(`no plausible key id for account ${account}`);
}

export function secret(random?: RandomBytes): string {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const value = makeSecret(random);
    if (isPlausibleSecret(value)) return value;
  }
  throw new Error('no plausible secret: is the byte source stuck?');
}

/** A deterministic byte source for property tests (xorshift32), so a failing case replays from its seed. */
export function seededBytes(seed: number): RandomBytes {
  let state = seed >>> 0 || 0x9e3779b9;
  return (n: number) => {
    const bytes = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      state ^= state << 13;
      state >>>= 0;
      state ^= state >>> 17;
      state ^= state << 5;
      state >>>= 0;
      bytes[i] = state & 0xff;
    }
    return bytes;
  };
}
