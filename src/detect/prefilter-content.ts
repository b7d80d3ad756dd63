// What any content must hold for the detector to find something in it: the test that lets work be skipped before
// the detector runs (the pre-commit hooks' grep over the staged diff, a history scan's look at each new blob).
//
// A finding needs two things in the same file, though not always on the same line:
//   - a line that passes the detector's literal prefilter (an id prefix, a context word, a base64 or split-prefix
//     literal: prefilterLiterals(), matched in any case); a secret's keyword may be on its own line, and a secret
//     near an id owes its context to the id's line;
//   - a line with room for a value: a run of RUN_FOR.keyId characters of VALUE_ALPHABET (every id, secret, token
//     and base64 token is or holds one), an escape that can join runs (ESCAPE_CHARS), or two string literals with
//     a junction between them (a split value, see LITERAL_JOIN).
// Content that lacks either holds nothing the detector reports, whatever settings apply. Content with a NUL byte
// is always a candidate: the scan decodes UTF-16 and binary content, which a byte search cannot see.
// Both halves are derived from the detector's own exports; test/detect/prefilter-content.test.ts generates the
// detector's positives in every form and checks that this test passes each one.
import { ESCAPE_CHARS, RUN_FOR, VALUE_ALPHABET } from './line-views.js';
import { LITERAL_JUNCTIONS, LITERAL_QUOTES, prefilter, prefilterLiterals } from './prefilter.js';

/** The test as data for tools outside Node: grep's pattern lists. */
export interface PrefilterPatterns {
  /** Fixed strings matched in any case: one must occur (`grep -F -i`). */
  words: string[];
  /** POSIX extended regular expressions: one must match (`grep -E`). */
  values: string[];
}

export function prefilterPatterns(): PrefilterPatterns {
  const junctions: string[] = [];
  for (const close of LITERAL_QUOTES)
    for (const junction of LITERAL_JUNCTIONS)
      for (const open of LITERAL_QUOTES) junctions.push(ereLiteral(close + junction + open));
  return {
    words: [...new Set(prefilterLiterals().map((literal) => literal.text))],
    values: [
      `[${ereClass(VALUE_ALPHABET)}]{${RUN_FOR.keyId}}`,
      ...ESCAPE_CHARS.map(ereLiteral),
      ...new Set(junctions),
    ],
  };
}

/** A string as an ERE that matches it literally. */
function ereLiteral(text: string): string {
  return text.replace(/[\\^$.[\]|()*+?{}]/g, (char) => `\\${char}`);
}

/** The alphabet as the inside of a bracket expression, its letter and digit runs as ranges. */
function ereClass(alphabet: string): string {
  const ranges = [
    ['A', 'Z'],
    ['a', 'z'],
    ['0', '9'],
  ] as const;
  let rest = alphabet;
  let out = '';
  for (const [from, to] of ranges) {
    let all = '';
    for (let c = from.charCodeAt(0); c <= to.charCodeAt(0); c++) all += String.fromCharCode(c);
    if (rest.includes(all)) {
      rest = rest.replace(all, '');
      out += `${from}-${to}`;
    }
  }
  // `]`, `^` and `-` would need a place of their own in a bracket expression; the alphabet has none of them.
  if (/[\]^-]/.test(rest))
    throw new Error(`cannot write the value alphabet as a bracket expression: ${rest}`);
  return out + rest;
}

const NUL = 0;
const IN_ALPHABET = new Uint8Array(256);
for (const char of VALUE_ALPHABET) IN_ALPHABET[char.charCodeAt(0)] = 1;
const ESCAPE_CODES = ESCAPE_CHARS.map((char) => char.charCodeAt(0));
const QUOTE_CODES = LITERAL_QUOTES.map((quote) => quote.charCodeAt(0));
const IS_QUOTE = new Uint8Array(256);
for (const code of QUOTE_CODES) IS_QUOTE[code] = 1;
const JUNCTIONS = new Set<string>(LITERAL_JUNCTIONS);
const LONGEST_JUNCTION = Math.max(...LITERAL_JUNCTIONS.map((junction) => junction.length));
const IN_JUNCTION = new Uint8Array(256);
for (const junction of LITERAL_JUNCTIONS) for (const char of junction) IN_JUNCTION[char.charCodeAt(0)] = 1;

/**
 * Whether `content` (a blob, a commit message, a diff) may hold a finding: false only when it provably holds none.
 * The byte tests run first: they need no string, and in code without long runs (most lines of most code) they
 * settle it before the literal test.
 */
export function mayHoldFinding(content: Buffer): boolean {
  return content.indexOf(NUL) !== -1 || mayHoldFindingWithoutNul(content);
}

/** mayHoldFinding() of content known to hold no NUL byte. */
export function mayHoldFindingWithoutNul(content: Buffer): boolean {
  // latin1: one character per byte. UTF-8 decoding could only turn bytes outside ASCII into characters outside
  // ASCII, which neither test looks for.
  return hasRoomForValue(content) && prefilter(content.toString('latin1')) !== 'none';
}

/**
 * The same test over content read as it is (NULs as boundaries) together with other readings of parts of it (the
 * UTF-16 text the diff stage decodes from lines holding NULs): what one reading lacks, another may hold.
 */
export function mayHoldFindingInReadings(content: Buffer, readings: readonly string[]): boolean {
  // UTF-8: characters outside ASCII become bytes outside ASCII, which neither test looks for.
  const bytes = readings.map((text) => Buffer.from(text, 'utf8'));
  return (
    (hasRoomForValue(content) || bytes.some((b) => hasRoomForValue(b))) &&
    (prefilter(content.toString('latin1')) !== 'none' || readings.some((text) => prefilter(text) !== 'none'))
  );
}

/** The second half of the test: a run of the alphabet long enough for a value, an escape, or a junction. */
export function hasRoomForValue(content: Buffer): boolean {
  for (const code of ESCAPE_CODES) if (content.indexOf(code) !== -1) return true;
  return hasRun(content, RUN_FOR.keyId) || hasJoin(content);
}

/**
 * Two string literals with a junction between them (LITERAL_JOIN): looked for only after each quote, and only as
 * far as the bytes after it can belong to a junction.
 */
function hasJoin(content: Buffer): boolean {
  for (const quote of QUOTE_CODES) {
    for (let at = content.indexOf(quote); at !== -1; at = content.indexOf(quote, at + 1)) {
      for (let close = at + 1; close < content.length; close++) {
        const code = content[close]!;
        if (IS_QUOTE[code] === 1) {
          if (JUNCTIONS.has(content.toString('latin1', at + 1, close))) return true;
          break;
        }
        if (IN_JUNCTION[code] !== 1 || close - at > LONGEST_JUNCTION) break;
      }
    }
  }
  return false;
}

/**
 * A run of `length` bytes of the alphabet. Looks at every `length`-th byte at most: a run that long covers one of
 * them. From there it looks back only: a run through it that starts after the first byte outside the alphabet
 * found there ends at or after that byte's position plus `length`, which is where it looks next.
 */
function hasRun(bytes: Buffer, length: number): boolean {
  const end = bytes.length;
  let i = length - 1;
  while (i < end) {
    const floor = i - length;
    let j = i;
    while (j > floor && IN_ALPHABET[bytes[j]!] === 1) j--;
    if (j === floor) return true;
    i = j + length;
  }
  return false;
}
