// What an access key id and a secret access key look like, and the words that put a 40-character run in AWS context.
// Pure functions over one line; the detector decides which lines to run them on.
import { shannonEntropy } from './entropy.js';
import { isPlaceholder } from './placeholder.js';
import { unescapeSecretChars } from './unescape.js';

/**
 * The prefixes AWS issues for credentials (IAM User Guide, "Understanding unique ID prefixes"). AIDA, AROA, ANPA and
 * the other unique-id prefixes name principals and policies, not keys, so they are not flagged (gitleaks #1049).
 */
export const KEY_ID_PREFIXES = ['AKIA', 'ASIA', 'ABIA', 'ACCA'] as const;

/**
 * The cheap first check every line goes through: one case-insensitive literal alternation of the id prefixes and the
 * context keywords (`secret` stands for `secret access key`). Lines that fail it are never given to another regex.
 * Written factored on the shared `a` (akia, abia, asia, acca, aws, amazon, amzn), which V8 runs measurably faster
 * than the flat alternation; a test checks that it admits every prefix and keyword.
 */
const PREFILTER = /a(?:[kbs]ia|cca|ws|m(?:azon|zn))|secret/i;

// Lookarounds instead of \b: `_` then counts as a boundary too, and a prefix inside a longer base32 run does not.
const KEY_ID = new RegExp(`(?<![A-Za-z0-9])(?:${KEY_ID_PREFIXES.join('|')})[A-Z2-7]{16}(?![A-Za-z0-9])`, 'g');

// Exactly 40 characters of the secret's alphabet, not part of a longer run or of padded base64 (`…=`): a sha512
// `integrity` string or any longer base64 blob is a longer run and never matches. Nor glued to a path or URL by
// `-`, `_`, `~` (or a `.` before it): `…/-aws-sdk-client-iam/Interface/GetMFADeviceCommandOutput/` in the SDK's own
// README is 40 characters of the alphabet with high entropy, while a key sits after `=`, `:`, a quote or a space.
const SECRET = /(?<![A-Za-z0-9/+\-._~])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=\-_~])/g;

const KEYWORD = /aws|amazon|amzn|secret[-_. ]?access[-_. ]?key/gi;

/**
 * Below this a 16-character id body is a pattern, not a key (`XYXY…`, `ABCDABCD…` score 1.0 and 2.0). A random
 * body scored under it in none of 2 × 10⁷ samples; gitleaks' 3.0 on the whole id rejects about 1 real id in 5,000.
 */
export const MIN_KEY_ID_BODY_ENTROPY = 2.1;

/** trufflehog's RequiredSecretEntropy. About 1 random secret in 9,000 scores lower, against many fewer false hits. */
export const MIN_SECRET_ENTROPY = 4.25;

const KEY_ID_PREFIX_LENGTH = 4;

export interface Match {
  value: string;
  /** 0-based index in the line, in UTF-16 code units. */
  index: number;
}

export function passesPrefilter(line: string): boolean {
  return PREFILTER.test(line);
}

/** Whether a value that matched the id regex is a key and not a placeholder. */
export function isPlausibleKeyId(value: string): boolean {
  const body = value.slice(KEY_ID_PREFIX_LENGTH);
  return !isPlaceholder(body) && shannonEntropy(body) >= MIN_KEY_ID_BODY_ENTROPY;
}

/** Whether a value that matched the secret regex can be a secret access key (AWS: 30 random bytes in base64). */
export function isPlausibleSecret(value: string): boolean {
  // Mixed case also drops 40-char hex of either case: git SHA-1s and other hex digests.
  return (
    /[A-Z]/.test(value) &&
    /[a-z]/.test(value) &&
    !isPlaceholder(value) &&
    shannonEntropy(value) >= MIN_SECRET_ENTROPY
  );
}

export function findKeyIds(line: string): Match[] {
  return findAll(KEY_ID, line).filter((match) => isPlausibleKeyId(match.value));
}

/** Secrets on the line, unescaped where they were URL- or JSON-escaped; `index` is where they start in the line. */
export function findSecrets(line: string): Match[] {
  const unescaped = unescapeSecretChars(line);
  if (unescaped === null) return findAll(SECRET, line).filter((match) => isPlausibleSecret(match.value));
  return findAll(SECRET, unescaped.text)
    .filter((match) => isPlausibleSecret(match.value))
    .map((match) => ({ value: match.value, index: unescaped.toOriginal(match.index) }));
}

/**
 * Whether the line names AWS: `aws`, `amazon`, `amzn` or `secret access key` in any case and spelling
 * (`aws_secret_access_key`, `secretAccessKey`, `SECRET-ACCESS-KEY`, `Secret Access Key`). `aws` right after a letter
 * of the same case is the end of a word (`laws`, `draws`, `WITHDRAWS`), while `myAws` or `MY_AWS` still count.
 */
export function hasKeyword(line: string): boolean {
  KEYWORD.lastIndex = 0;
  for (let match = KEYWORD.exec(line); match; match = KEYWORD.exec(line)) {
    if (match[0].length !== 3 || !endsWord(line, match.index)) return true;
  }
  return false;
}

function endsWord(line: string, index: number): boolean {
  if (index === 0) return false;
  const before = line.charCodeAt(index - 1);
  const first = line.charCodeAt(index);
  return (isLower(before) && isLower(first)) || (isUpper(before) && isUpper(first));
}

function isLower(code: number): boolean {
  return code >= 97 && code <= 122;
}

function isUpper(code: number): boolean {
  return code >= 65 && code <= 90;
}

function findAll(pattern: RegExp, line: string): Match[] {
  const matches: Match[] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(line); match; match = pattern.exec(line)) {
    matches.push({ value: match[0], index: match.index });
  }
  return matches;
}
