// What an access key id, a secret access key and a session token look like, and the words that put a 40-character
// run in AWS context. Pure functions over one line; the detector decides which lines to run them on.
import { shannonEntropy } from './entropy.js';
import { isPlaceholder } from './placeholder.js';
import { unescapeSecretChars } from './unescape.js';

/**
 * The prefixes AWS issues for credentials (IAM User Guide, "Understanding unique ID prefixes"). AIDA, AROA, ANPA and
 * the other unique-id prefixes name principals and policies, not keys, so they are not flagged (gitleaks #1049).
 */
export const KEY_ID_PREFIXES = ['AKIA', 'ASIA', 'ABIA', 'ACCA'] as const;

/**
 * A value must not be glued to a character of `chars` before it, unless that character ends an escape sequence:
 * `"deploy\tAKIA…"` and `"env:\nAKIA…"` in a JSON or shell string, `\\` (an escaped backslash), `%20` or `%3D` in
 * a URL, `\x20`, `\u0020`. A lookbehind inside a lookbehind keeps this as fast as the plain check in V8, where an
 * alternation of lookbehinds is several times slower.
 */
function notGluedAfter(chars: string): string {
  return String.raw`(?<!(?<!\\|\\x[0-9A-Fa-f]|\\u[0-9A-Fa-f]{3}|%[0-9A-Fa-f])[${chars}])`;
}

// Lookarounds instead of \b: `_` then counts as a boundary too, and a prefix inside a longer base32 run does not.
const KEY_ID = new RegExp(
  `${notGluedAfter('A-Za-z0-9')}(?:${KEY_ID_PREFIXES.join('|')})[A-Z2-7]{16}(?![A-Za-z0-9])`,
  'g',
);

// Exactly 40 characters of the secret's alphabet, not part of a longer run or of padded base64 (`…=`): a sha512
// `integrity` string or any longer base64 blob is a longer run and never matches. Nor glued to a path or URL by
// `-`, `_`, `~` (or a `.` before it): `…/-aws-sdk-client-iam/Interface/GetMFADeviceCommandOutput/` in the SDK's own
// README is 40 characters of the alphabet with high entropy, while a key sits after `=`, `:`, a quote or a space.
// A backslash before it must end an escape (`\\`), or the letter of `\n` would start a 40-character run.
const SECRET = new RegExp(
  `${notGluedAfter('A-Za-z0-9/+\\-._~\\\\')}[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=\\-_~])`,
  'g',
);

// An STS session token: a long base64 run (trufflehog takes 100 characters; real ones are 300 to over 1,000).
const SESSION_TOKEN = new RegExp(
  `${notGluedAfter('A-Za-z0-9/+\\\\')}[A-Za-z0-9/+]{100,}={0,2}(?![A-Za-z0-9/+=])`,
  'g',
);

/** Names of a session token: `aws_session_token`, `SessionToken`, `x-amz-security-token`, `aws_security_token`. */
const TOKEN_KEYWORD = /session[-_. ]?token|security[-_. ]?token/i;

const KEYWORD = /aws|amazon|amzn|secret[-_. ]?access[-_. ]?key|s3/gi;

const SECRET_WORD = /secret/i;

/**
 * Below this a 16-character id body is a pattern, not a key (`XYXY…`, `ABCDABCD…` score 1.0 and 2.0). A random
 * body scored under it in none of 2 × 10⁷ samples; gitleaks' 3.0 on the whole id rejects about 1 real id in 5,000.
 */
const MIN_KEY_ID_BODY_ENTROPY = 2.1;

/** trufflehog's RequiredSecretEntropy. About 1 random secret in 9,000 scores lower, against many fewer false hits. */
const MIN_SECRET_ENTROPY = 4.25;

/** A session token is hundreds of random base64 characters (about 6 bits each); text and padding score far lower. */
const MIN_SESSION_TOKEN_ENTROPY = 5;

const KEY_ID_PREFIX_LENGTH = 4;

export interface Match {
  value: string;
  /** 0-based index in the line, in UTF-16 code units. */
  index: number;
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
  return findUnescaped(SECRET, line).filter((match) => isPlausibleSecret(match.value));
}

function findUnescaped(pattern: RegExp, line: string): Match[] {
  const unescaped = unescapeSecretChars(line);
  if (unescaped === null) return findAll(pattern, line);
  return findAll(pattern, unescaped.text).map((match) => ({
    value: match.value,
    index: unescaped.toOriginal(match.index),
  }));
}

/** Session tokens on the line, unescaped like secrets; the caller decides whether the line names one. */
export function findSessionTokens(line: string): Match[] {
  return findUnescaped(SESSION_TOKEN, line).filter((match) => isPlausibleSessionToken(match.value));
}

function isPlausibleSessionToken(value: string): boolean {
  return /[A-Z]/.test(value) && /[a-z]/.test(value) && shannonEntropy(value) >= MIN_SESSION_TOKEN_ENTROPY;
}

export function namesSessionToken(line: string): boolean {
  return TOKEN_KEYWORD.test(line);
}

/**
 * Whether the line names AWS: `aws`, `amazon`, `amzn` or `secret access key` in any case and spelling
 * (`aws_secret_access_key`, `secretAccessKey`, `SECRET-ACCESS-KEY`, `Secret Access Key`). `aws` right after a letter
 * of the same case is the end of a word (`laws`, `draws`, `WITHDRAWS`), while `myAws` or `MY_AWS` still count.
 * A secret named in S3 or Hadoop terms counts too: `S3_SECRET_KEY`, `fs.s3a.secret.key`, `s3SecretKey` (`s3` as a
 * word, with `secret` on the line). `fileWords` are the names the file's path adds (see path-context.ts).
 */
export function hasKeyword(line: string, fileWords: RegExp | null = null): boolean {
  KEYWORD.lastIndex = 0;
  for (let match = KEYWORD.exec(line); match; match = KEYWORD.exec(line)) {
    const word = match[0];
    if (word.length === 2) {
      if (startsS3Word(line, match.index) && SECRET_WORD.test(line)) return true;
    } else if (word.length !== 3 || !endsWord(line, match.index)) return true;
  }
  return fileWords !== null && fileWords.test(line);
}

/** Whether the line names a secret (not only AWS): its value may then stand on the next line (Hadoop's XML). */
export function namesSecret(line: string): boolean {
  return SECRET_WORD.test(line);
}

function endsWord(line: string, index: number): boolean {
  if (index === 0 || line.charCodeAt(index - 2) === BACKSLASH) return false;
  const before = line.charCodeAt(index - 1);
  const first = line.charCodeAt(index);
  return (isLower(before) && isLower(first)) || (isUpper(before) && isUpper(first));
}

const BACKSLASH = 92;

/** `s3` at `index` starts a word (`S3_`, `fs.s3a`, `myS3Secret`), and is not a piece of a base64 run or a number. */
function startsS3Word(line: string, index: number): boolean {
  if (inValueRun(line, index)) return false;
  const after = line.charCodeAt(index + 2);
  if (after >= 48 && after <= 57) return false;
  if (index === 0) return true;
  const before = line.charCodeAt(index - 1);
  if (isUpper(line.charCodeAt(index)) && isLower(before)) return true;
  return !(
    isLower(before) ||
    isUpper(before) ||
    (before >= 48 && before <= 57) ||
    before === 43 ||
    before === 47
  );
}

/** The characters a secret is made of, and how many of them make one. */
const VALUE_CHAR = /[A-Za-z0-9+/]/;
const SECRET_CHARS = 40;

/**
 * Whether `index` lies in an unbroken run of a secret's characters as long as a secret: what looks like a word
 * there (`…nS3…` reads as `myS3`) is a piece of the value. A name (`myS3SecretKey`, `S3_SECRET`) is shorter, or
 * broken by `_`, `.` or `-`.
 */
function inValueRun(line: string, index: number): boolean {
  let start = index;
  while (start > 0 && VALUE_CHAR.test(line[start - 1]!)) start--;
  let end = index;
  while (end < line.length && VALUE_CHAR.test(line[end]!)) end++;
  return end - start >= SECRET_CHARS;
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
