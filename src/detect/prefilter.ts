// The cheap first check every line goes through, and the one list it is made from.
//
// prefilterLiterals() is the contract with any faster prefilter outside the detector (a `git grep -F -i` over blobs,
// a shell pre-pass): a file in which none of them occurs, matched case-insensitively, holds nothing the detector
// reports. Per line the detector needs more (a secret's keyword may sit on its own line while its id is within five
// lines), so the superset holds per file, not per line. Every form the detector finds must start from one of them:
// a test checks each form, and the property test checks random insertions.
import { KEY_ID_PREFIXES } from './patterns.js';

export interface PrefilterLiteral {
  text: string;
  /** Matched in any case (words); base64 literals are exact. A case-insensitive superset is always sound. */
  ignoreCase: boolean;
}

/** Words that put a line in AWS context. `secret` also covers `secret access key`, S3, Hadoop and Terraform names. */
const CONTEXT_WORDS = ['aws', 'amazon', 'amzn', 'secret'] as const;

/**
 * Decoded text worth finding inside a base64 token: a key id, or a secret's name (`secret` and `Secret` share
 * `ecret`; `SECRET` is spelled apart because base64 is case-sensitive).
 */
const BASE64_WORDS = [...KEY_ID_PREFIXES, 'ecret', 'ECRET'] as const;

/** Quotes that open and close string literals, for the join of adjacent literals (`'AK' + 'IA…'`, `"AKIA" "…"`). */
export const LITERAL_QUOTES = ['"', "'", '`'] as const;

/**
 * What may stand between two joined literals: up to one space, a `+` (JS, Java, Python, Go) or `.` (PHP), up to one
 * space. Kept finite so that it can be listed as literals: every string this pattern matches, and nothing else.
 */
const JUNCTION = ' ?[+.]? ?';
export const LITERAL_JUNCTIONS = ['', ' ', '  ', '+', ' +', '+ ', ' + ', '.', ' .', '. ', ' . '] as const;

/**
 * The base64 characters that `word` always encodes to, at each of the three byte alignments it can have in a
 * token: only the characters whose six bits all come from the word. A leading lowercase letter or digit is dropped
 * while at least four characters remain: the prefilter runs faster when its literals start with rarer characters,
 * and four base64 characters still occur in random text about once in 17 million positions.
 */
export function base64Literals(word: string): string[] {
  const literals: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const firstBit = offset * 8;
    const endBit = firstBit + word.length * 8;
    // The word after `offset` zero bytes; the characters that depend on those bytes or on what follows are dropped.
    const encoded = base64([
      ...new Array<number>(offset).fill(0),
      ...[...word].map((c) => c.charCodeAt(0)),
      0,
      0,
    ]);
    let literal = '';
    for (let char = 0; char * 6 + 6 <= endBit; char++) if (char * 6 >= firstBit) literal += encoded[char];
    while (literal.length > 4 && /^[a-z0-9]/.test(literal)) literal = literal.slice(1);
    literals.push(literal);
  }
  return literals;
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 of a few bytes, without padding (Buffer's encoder costs the hook half a millisecond to wake). */
function base64(bytes: readonly number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const group = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    for (let k = 18; k >= 0; k -= 6) out += BASE64_ALPHABET[(group >> k) & 63];
  }
  return out;
}

/**
 * A key id split inside its prefix (`'AK' + 'IA…'`): the two prefix letters around the split with a literal
 * junction between them. An id split after its prefix keeps the prefix whole, and a split secret's keyword or id is
 * elsewhere on the line or nearby, so these are the only splits that need literals of their own.
 */
function splitPrefixLiterals(): string[] {
  const literals = new Set<string>();
  for (const prefix of KEY_ID_PREFIXES)
    for (let at = 1; at < prefix.length; at++)
      for (const close of LITERAL_QUOTES)
        for (const junction of LITERAL_JUNCTIONS)
          for (const open of LITERAL_QUOTES)
            literals.add(prefix[at - 1] + close + junction + open + prefix[at]);
  return [...literals];
}

/** The words and base64 literals: what starts a search of the line itself. */
const LINE_LITERALS: readonly PrefilterLiteral[] = [
  ...KEY_ID_PREFIXES.map((text) => ({ text, ignoreCase: true })),
  ...CONTEXT_WORDS.map((text) => ({ text, ignoreCase: true })),
  ...BASE64_WORDS.flatMap(base64Literals).map((text) => ({ text, ignoreCase: false })),
];

let allLiterals: readonly PrefilterLiteral[] | undefined;

/**
 * Every literal that can start a finding; see the top of this file. Made on the first call: the detector runs on
 * the words and base64 literals and a pattern for the split prefixes, and the commit hook should not pay for
 * listing a thousand of them.
 */
export function prefilterLiterals(): readonly PrefilterLiteral[] {
  allLiterals ??= [...LINE_LITERALS, ...splitPrefixLiterals().map((text) => ({ text, ignoreCase: false }))];
  return allLiterals;
}

/**
 * A regular expression for literals, factored as a trie (`[Aa](?:[Kk][Ii][Aa]|[Ww][Ss]|…)`), which V8 runs faster
 * than the flat alternation. Case-insensitive ones spell each letter as `[Aa]`, so that the base64 literals in the
 * same expression stay exact.
 */
function compile(literals: readonly PrefilterLiteral[]): string {
  interface Node {
    end: boolean;
    next: Map<string, Node>;
  }
  const root: Node = { end: false, next: new Map() };
  for (const { text, ignoreCase } of literals) {
    let node = root;
    for (const char of text) {
      const atom = atomFor(char, ignoreCase);
      let next = node.next.get(atom);
      if (!next) node.next.set(atom, (next = { end: false, next: new Map() }));
      node = next;
    }
    node.end = true;
  }
  // A literal that ends here is enough for a match: longer literals through this node add nothing.
  const emit = (node: Node): string => {
    if (node.end) return '';
    const branches = [...node.next].map(([atom, next]) => atom + emit(next));
    return branches.length === 1 ? branches[0]! : `(?:${branches.join('|')})`;
  };
  return emit(root);
}

function atomFor(char: string, ignoreCase: boolean): string {
  const lower = char.toLowerCase();
  const upper = char.toUpperCase();
  if (ignoreCase && lower !== upper) return `[${upper}${lower}]`;
  return /[\\^$.*+?()[\]{}|/]/.test(char) ? `\\${char}` : char;
}

const QUOTES = `[${LITERAL_QUOTES.join('')}]`;
/** Two string literals with a junction between them, as a pattern. */
export const LITERAL_JOIN = `${QUOTES}${JUNCTION}${QUOTES}`;

/** The part of the list that starts a search of the line itself: all but the split prefixes. */
const ON_LINE = new RegExp(compile(LINE_LITERALS));

/**
 * The split prefixes as one pattern: a whole key id prefix with an optional junction between any two of its letters
 * (`A(?:J)?(?:K(?:J)?I|S(?:J)?I|…)(?:J)?A`), not a trie of the hundreds of literals, which made the prefilter twice
 * as slow on code full of quotes. Every line it admits holds a listed literal (the letters around a split), and a
 * key id needs its whole prefix, so it misses nothing the list would let through. Starting with `A` like the words,
 * it costs the prefilter almost nothing.
 */
const SPLIT_PREFIX = splitPrefixPattern();
const PREFILTER = new RegExp(`${ON_LINE.source}|(${SPLIT_PREFIX})`);

function splitPrefixPattern(): string {
  const join = `(?:${LITERAL_JOIN})?`;
  const emit = (prefixes: readonly string[]): string => {
    const byFirst = new Map<string, string[]>();
    for (const prefix of prefixes) {
      if (prefix === '') continue;
      byFirst.set(prefix[0]!, [...(byFirst.get(prefix[0]!) ?? []), prefix.slice(1)]);
    }
    const branches = [...byFirst].map(([first, rests]) => {
      const rest = rests.every((r) => r === '') ? '' : join + emit(rests);
      return first + rest;
    });
    return branches.length === 1 ? branches[0]! : `(?:${branches.join('|')})`;
  };
  return emit(KEY_ID_PREFIXES);
}

/** What the prefilter says of a line: nothing to find, only joined literals to search, or the line itself. */
export type Pass = 'none' | 'joined' | 'line';

export function prefilter(line: string): Pass {
  const match = PREFILTER.exec(line);
  if (match === null) return 'none';
  // The first match was a split prefix: the line itself needs a search only if something else passes too.
  return match[1] === undefined || ON_LINE.test(line) ? 'line' : 'joined';
}

/** The base64 literals alone: whether a base64 token may hold a key id or a secret's name. */
export const BASE64_LITERAL = new RegExp(compile(LINE_LITERALS.filter((literal) => !literal.ignoreCase)));
