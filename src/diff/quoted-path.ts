// Path parsing for diff headers. Git C-quotes a path that holds a control character, a double quote or a
// backslash (and, unless core.quotepath=off, any byte above 0x7f): `"a/tab\there \"q\" \303\251"`. The octal
// escapes are raw bytes, so the path is rebuilt as bytes and decoded as UTF-8 once at the end.
// Headers are rare next to added lines, so clarity wins over speed here.

const SIMPLE_ESCAPES: Record<string, number> = {
  a: 7,
  b: 8,
  t: 9,
  n: 10,
  v: 11,
  f: 12,
  r: 13,
  '"': 34,
  '\\': 92,
};

interface Parsed {
  value: string;
  /** Index just after the path in the source text. */
  end: number;
}

/** Decode the C-quoted string that starts at `text[start] === '"'`; null when it is not terminated. */
export function parseQuoted(text: string, start: number): Parsed | null {
  const bytes: number[] = [];
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') return { value: Buffer.from(bytes).toString('utf8'), end: i + 1 };
    if (ch !== '\\') {
      const code = ch.charCodeAt(0);
      if (code < 0x80) bytes.push(code);
      else {
        // Keep surrogate pairs together so that the UTF-8 encoding is of the whole character.
        const cp = text.codePointAt(i)!;
        const char = String.fromCodePoint(cp);
        for (const b of Buffer.from(char, 'utf8')) bytes.push(b);
        i += char.length;
        continue;
      }
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === undefined) return null;
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      bytes.push(simple);
      i += 2;
      continue;
    }
    const octal = text.slice(i + 1, i + 4);
    if (/^[0-3][0-7]{2}$/.test(octal)) {
      bytes.push(parseInt(octal, 8));
      i += 4;
      continue;
    }
    // An unknown escape: keep it literally rather than lose the path.
    bytes.push(92);
    i++;
  }
  return null;
}

/** A path named on an extended header (`rename to X`, `copy to X`, `diff --cc X`): quoted or the rest of the line. */
export function parseBarePath(text: string): string | null {
  if (text.startsWith('"')) return parseQuoted(text, 0)?.value ?? null;
  return text.length > 0 ? text : null;
}

export function stripPrefix(path: string, prefix: string): string {
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

/**
 * The new-side path of a `diff --git <a> <b>` header (`text` is what follows `diff --git `), without its `b/`
 * prefix. Unquoted names with spaces are ambiguous when old and new differ (a rename); git's own rule is used:
 * when both halves name the same file they split in the middle. The `+++`/`rename to`/`copy to` lines, when
 * present, take precedence over this guess.
 */
export function parseGitHeaderNewPath(text: string): string | null {
  if (text.startsWith('"')) {
    const first = parseQuoted(text, 0);
    if (first === null || text[first.end] !== ' ') return null;
    const rest = text.slice(first.end + 1);
    const second = rest.startsWith('"') ? parseQuoted(rest, 0)?.value : rest;
    return second ? stripPrefix(second, 'b/') : null;
  }
  if (text.endsWith('"')) {
    // Unquoted old name, quoted new name: find the opening quote whose string runs to the end of the line.
    for (let at = text.indexOf(' "'); at !== -1; at = text.indexOf(' "', at + 1)) {
      const second = parseQuoted(text, at + 1);
      if (second !== null && second.end === text.length) return stripPrefix(second.value, 'b/');
    }
    return null;
  }
  // Same name on both sides: `a/X b/X`, so the halves have equal length around the middle space.
  if (text.length % 2 === 1) {
    const half = (text.length - 1) / 2;
    const left = text.slice(0, half);
    const right = text.slice(half + 1);
    if (
      text[half] === ' ' &&
      left.startsWith('a/') &&
      right.startsWith('b/') &&
      left.slice(2) === right.slice(2)
    ) {
      return right.slice(2);
    }
  }
  const at = text.indexOf(' b/');
  if (at !== -1) return text.slice(at + 3);
  const space = text.lastIndexOf(' ');
  return space === -1 ? null : text.slice(space + 1);
}
