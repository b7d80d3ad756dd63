// Test keys are made at run time, never stored: the project scans its own history and must stay clean.
import { randomBytes } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** A random 32-bit-ish seed source that can be made deterministic for property tests. */
export type RandomBytes = (n: number) => Uint8Array;

/**
 * A new-generation access key id for `account`: 80 bits after the prefix, the first bit set (new generation),
 * the next 40 the account number, the rest random. The inverse of src/detect/account-id.ts.
 */
export function makeKeyId(
  account = '123456789012',
  prefix = 'AKIA',
  random: RandomBytes = randomBytes,
): string {
  const tail = BigInt('0x' + Buffer.from(random(5)).toString('hex')) & ((1n << 39n) - 1n);
  const bits = (1n << 79n) | (BigInt(account) << 39n) | tail;
  let body = '';
  for (let shift = 75n; shift >= 0n; shift -= 5n) body += BASE32[Number((bits >> shift) & 31n)];
  return prefix + body;
}

/** A random 40-character secret access key, with upper and lower case letters and a digit. */
export function makeSecret(random: RandomBytes = randomBytes): string {
  for (;;) {
    const bytes = random(40);
    let secret = '';
    for (const b of bytes) secret += SECRET_ALPHABET[b & 63];
    if (/[A-Z]/.test(secret) && /[a-z]/.test(secret) && /[0-9]/.test(secret)) return secret;
  }
}
