// Offline decoding of the AWS account id carried inside a new-generation access key id.
//
// The algorithm is described by Tal Be'ery, "A short note on AWS KEY ID"
// (https://medium.com/@TalBeerySec/a-short-note-on-aws-key-id-f88cc4317489), Aidan Steele, "AWS Access Key ID
// formats" (https://awsteele.com/blog/2020/09/26/aws-access-key-format.html), WithSecure Labs, "A bitwise analysis
// of AWS access key identifiers" (https://labs.withsecure.com/publications/a-bitwise-analysis-of-aws-access-key-identifiers.html),
// and implemented in trufflehog's GetAccountNumFromID (pkg/detectors/aws/utils.go).

/** RFC 4648 base32: the 32 characters a key id body uses (no 0, 1, 8, 9). */
const KEY_ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

const PREFIX_LENGTH = 4;
const BODY_LENGTH = 16;
const ACCOUNT_BITS = 40n;
/** The 80 body bits are: 1 generation bit, 40 account bits, 39 others. */
const ACCOUNT_SHIFT = 80n - 1n - ACCOUNT_BITS;
const MAX_ACCOUNT = 999_999_999_999n;

/**
 * The 12-digit account id encoded in `id`, or null when the id carries none: an old-generation id (generation bit
 * 0, which is any id whose first body character is A–P, including AKIAI…/AKIAJ…), a body that is not 16 base32
 * characters, or a value no account can have. Never throws.
 */
export function accountFromKeyId(id: string): string | null {
  if (id.length !== PREFIX_LENGTH + BODY_LENGTH) return null;
  let bits = 0n;
  for (let i = PREFIX_LENGTH; i < id.length; i++) {
    const value = KEY_ID_ALPHABET.indexOf(id.charAt(i));
    if (value < 0) return null;
    bits = (bits << 5n) | BigInt(value);
  }
  // bigint, because 40 bits do not fit JavaScript's 32-bit bitwise operators.
  if (bits >> 79n === 0n) return null;
  const account = (bits >> ACCOUNT_SHIFT) & ((1n << ACCOUNT_BITS) - 1n);
  // 40 bits reach 1,099,511,627,775: above 12 digits it is not an account id, whatever it is.
  if (account > MAX_ACCOUNT) return null;
  return account.toString().padStart(12, '0');
}
