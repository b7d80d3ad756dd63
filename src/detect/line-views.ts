// Other texts a line holds besides itself, each searched like a line: its adjacent string literals joined
// (`'AKIA' + '…'`, Python's `"AKIA" "…"`), and its base64 tokens decoded (a Kubernetes Secret's `data:` values, a
// base64-encoded credentials file). Each view maps its positions back to the line, so that a finding is reported
// where it is written.
import { BASE64_LITERAL, LITERAL_JOIN } from './prefilter.js';

export interface View {
  text: string;
  /** The index in the line of the character at `index` in `text`. */
  toOriginal(index: number): number;
}

/** Nothing shorter can hold an access key id, the shortest value found. */
const MIN_VALUE = 20;

/** Two literals and the junction between them; most lines have none. */
const JUNCTION_AT = new RegExp(LITERAL_JOIN, 'g');
const BACKSLASH = 92;

interface Literal {
  /** Index of the first character inside the quotes. */
  start: number;
  /** Index of the closing quote. */
  end: number;
}

/**
 * Runs of two or more string literals with only a junction between them (see LITERAL_JUNCTIONS), each joined into
 * one text. Worked out from each junction outwards (a literal runs back and on to its own quote character), not by
 * lexing the line from its start, so that an apostrophe or a stray quote earlier on the line changes nothing. A
 * quote can look like a junction's end and be a literal's start (`"+"` in `"AK""+""IA…"`): every reading is kept, and
 * junctions chain where one's right literal is the next one's left. Escapes stay as written: the patterns treat them
 * as boundaries.
 */
export function joinedLiterals(line: string): View[] {
  const junctions: Array<[left: Literal, right: Literal]> = [];
  JUNCTION_AT.lastIndex = 0;
  for (let junction = JUNCTION_AT.exec(line); junction; junction = JUNCTION_AT.exec(line)) {
    const leftEnd = junction.index;
    const rightOpen = leftEnd + junction[0].length - 1;
    const leftOpen = quoteBefore(line, leftEnd);
    const rightEnd = quoteAfter(line, rightOpen);
    if (leftOpen >= 0 && rightEnd >= 0) {
      junctions.push([
        { start: leftOpen + 1, end: leftEnd },
        { start: rightOpen + 1, end: rightEnd },
      ]);
    }
    // Junctions may overlap: look again from the next character.
    JUNCTION_AT.lastIndex = leftEnd + 1;
  }
  if (junctions.length === 0) return [];

  const startingAt = new Map<number, number>();
  junctions.forEach(([left], i) => {
    if (!startingAt.has(left.start)) startingAt.set(left.start, i);
  });
  const next = (i: number): number | undefined => {
    const following = startingAt.get(junctions[i]![1].start);
    return following === i ? undefined : following;
  };
  const continues = new Set<number>();
  junctions.forEach((_, i) => {
    const following = next(i);
    if (following !== undefined) continues.add(following);
  });
  const views: View[] = [];
  junctions.forEach(([left, right], first) => {
    if (continues.has(first)) return;
    const chain = [left, right];
    // Each step moves right along the line, so a chain is at most as long as the list.
    for (let i = next(first), steps = 0; i !== undefined && steps < junctions.length; i = next(i), steps++) {
      chain.push(junctions[i]![1]);
    }
    const view = joinChain(line, chain);
    if (view.text.length >= MIN_VALUE) views.push(view);
  });
  return views;
}

/** The unescaped quote that opens the literal whose closing quote is at `end`, or -1. */
function quoteBefore(line: string, end: number): number {
  const quote = line[end]!;
  // lastIndexOf takes a negative start as 0: stop before it.
  for (let at = end - 1; at >= 0; at--) {
    at = line.lastIndexOf(quote, at);
    if (at < 0 || !isEscaped(line, at)) return at;
  }
  return -1;
}

/** The unescaped quote that closes the literal opened at `open`, or -1. */
function quoteAfter(line: string, open: number): number {
  const quote = line[open]!;
  for (let at = line.indexOf(quote, open + 1); at >= 0; at = line.indexOf(quote, at + 1)) {
    if (!isEscaped(line, at)) return at;
  }
  return -1;
}

function isEscaped(line: string, at: number): boolean {
  let backslashes = 0;
  while (at - backslashes - 1 >= 0 && line.charCodeAt(at - backslashes - 1) === BACKSLASH) backslashes++;
  return backslashes % 2 === 1;
}

function joinChain(line: string, chain: readonly Literal[]): View {
  const starts: number[] = [];
  const offsets: number[] = [];
  let text = '';
  for (const literal of chain) {
    starts.push(text.length);
    offsets.push(literal.start);
    text += line.slice(literal.start, literal.end);
  }
  return {
    text,
    toOriginal(index: number): number {
      let k = starts.length - 1;
      while (k > 0 && starts[k]! > index) k--;
      return offsets[k]! + (index - starts[k]!);
    },
  };
}

/** Decoded bytes that are mostly text: a credentials file or a key. Random bytes are about 37 % printable. */
const MIN_PRINTABLE = 0.9;

/**
 * A token that encodes a lone secret (a Kubernetes Secret's `AWS_SECRET_ACCESS_KEY: …`): 40 bytes, or a few more
 * with a newline or quotes, take 54 to 60 characters. Any other token is decoded only if it holds a base64 literal
 * (an encoded key id or secret's name): long identifiers in code are base64 runs too, and decoding each costs.
 */
const LONE_SECRET_RUN = { min: 54, max: 60 };

/** Base64 characters (a multiple of 4) decoded first from a long token to see whether it is text at all. */
const SAMPLE = 4096;

/**
 * The text that each base64 token on the line decodes to, one view per decoded line (a credentials file decodes to
 * several). A position in a decoded line maps to the base64 character that holds its first bits.
 */
export function decodedBase64(line: string, tokens: readonly Token[]): View[] {
  const views: View[] = [];
  for (const [tokenStart, tokenEnd] of tokens) {
    const token = line.slice(tokenStart, tokenEnd);
    const length = token.length;
    const loneSecret = length >= LONE_SECRET_RUN.min && length <= LONE_SECRET_RUN.max;
    if (!loneSecret && !BASE64_LITERAL.test(token)) continue;
    // A long token (an encoded archive or image) is judged by its start before all of it is decoded.
    if (length > SAMPLE && !isMostlyText(Buffer.from(token.slice(0, SAMPLE), 'base64'))) continue;
    const bytes = Buffer.from(token, 'base64');
    if (!isMostlyText(bytes)) continue;
    const decoded = bytes.toString('latin1');
    let lineStart = 0;
    for (const decodedLine of decoded.split('\n')) {
      const offset = lineStart;
      lineStart += decodedLine.length + 1;
      if (decodedLine.length < MIN_VALUE) continue;
      views.push({
        text: decodedLine,
        toOriginal: (index: number) => tokenStart + Math.floor(((offset + index) * 4) / 3),
      });
    }
  }
  return views;
}

function isMostlyText(bytes: Buffer): boolean {
  if (bytes.length < MIN_VALUE) return false;
  let printable = 0;
  for (const byte of bytes)
    if ((byte >= 32 && byte < 127) || byte === 9 || byte === 10 || byte === 13) printable++;
  return printable >= bytes.length * MIN_PRINTABLE;
}

const NONE: readonly View[] = Object.freeze([]);

/** The characters of base64 and of a secret access key (an id's base32 is a subset). */
export const VALUE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ALPHABET = new Uint8Array(128);
for (const char of VALUE_ALPHABET) ALPHABET[char.charCodeAt(0)] = 1;

/** The characters that start escapes which can join runs (`%2F`, `\/` inside a secret). */
export const ESCAPE_CHARS = ['%', '\\'] as const;

/** A base64 token on a line: start and end (past its `=` padding). */
export type Token = readonly [start: number, end: number];

export interface Runs {
  /**
   * The longest run of the base64 alphabet: every value is or holds one (an id 20 characters, a base64 token that
   * can hold one 27, a secret 40, a session token 100), so the searches a run is too short for are spared. Infinite
   * where escapes can join runs (`%2F`, `\/` inside a secret): a line with `%` or a backslash gets every search.
   */
  longest: number;
  /** Runs long enough to encode a key id, with their padding, not glued to more of the alphabet or to `=`. */
  tokens: readonly Token[];
}

const NO_TOKENS: readonly Token[] = Object.freeze([]);
const EQUALS = 61;
const PERCENT = 37;

/** The runs of the base64 alphabet on a line, in one pass over its characters (cheaper than two regexes). */
export function scanRuns(line: string): Runs {
  let longest = 0;
  let run = 0;
  let escaped = false;
  let tokens: Token[] | null = null;
  for (let i = 0; i <= line.length; i++) {
    const code = i < line.length ? line.charCodeAt(i) : 0;
    if (inAlphabet(code)) {
      run++;
      continue;
    }
    if (run > longest) longest = run;
    if (run >= RUN_FOR.base64) {
      let end = i;
      while (end < line.length && end - i < 2 && line.charCodeAt(end) === EQUALS) end++;
      const after = end < line.length ? line.charCodeAt(end) : 0;
      if (after !== EQUALS && !inAlphabet(after)) (tokens ??= []).push([i - run, end]);
    }
    run = 0;
    if (code === PERCENT || code === BACKSLASH) escaped = true; // ESCAPE_CHARS
  }
  return { longest: escaped ? Number.POSITIVE_INFINITY : longest, tokens: tokens ?? NO_TOKENS };
}

function inAlphabet(code: number): boolean {
  return code < 128 && ALPHABET[code] === 1;
}

/** The shortest run each search needs. */
export const RUN_FOR = { keyId: 20, base64: 27, secret: 40, sessionToken: 100 } as const;

/** The views of a line besides the line itself: its decoded base64 tokens, then its joined literals. */
export function otherViews(line: string, tokens: readonly Token[]): readonly View[] {
  const decoded = tokens.length > 0 ? decodedBase64(line, tokens) : NONE;
  const joined = joinedLiterals(line);
  if (joined.length === 0) return decoded;
  return decoded.length === 0 ? joined : [...decoded, ...joined];
}
