// Secrets are written escaped in some places: URL-encoded in connection strings (`awsathena+rest://AKIA…:abc%2Fdef@…`,
// trufflehog's UrlEncodedReplacer decodes the same three escapes) and with `\/` in JSON from PHP's json_encode. The
// secret regex runs on the unescaped text, and positions are mapped back to the line. .NET's System.Text.Json writes
// `+` as `\u002B` by default, so JSON's `\u` escapes of `+`, `/` and `=` are decoded too.

// An escaped backslash (`\\`) is matched too, and kept: the `/` in `\\/` is not escaped.
const ESCAPE = /%2[BbFf]|%3[Dd]|\\\\|\\\/|\\u00(?:2[BbFf]|3[Dd])/g;

export interface Unescaped {
  text: string;
  /** The index in the original line of the character at `index` in `text`. */
  toOriginal(index: number): number;
}

/** Null when the line has none of the escapes (the common case: no allocation). */
export function unescapeSecretChars(line: string): Unescaped | null {
  if (!line.includes('%') && !line.includes('\\/') && !line.includes('\\u00')) return null;
  // For each escape: where it ends up in the unescaped text, and how many characters were dropped up to it.
  const at: number[] = [];
  const dropped: number[] = [];
  let removed = 0;
  const text = line.replace(ESCAPE, (escape: string, offset: number) => {
    if (escape === '\\\\') return escape;
    removed += escape.length - 1;
    at.push(offset - (removed - (escape.length - 1)));
    dropped.push(removed);
    if (escape === '\\/') return '/';
    return escape.startsWith('%')
      ? decodeURIComponent(escape)
      : String.fromCharCode(parseInt(escape.slice(2), 16));
  });
  if (at.length === 0) return null;
  return {
    text,
    toOriginal(index: number): number {
      // Characters after the k-th escape sit `dropped[k]` further right in the line. Binary search: a long line
      // can hold many escapes and many matches.
      let low = 0;
      let high = at.length;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if (at[mid]! < index) low = mid + 1;
        else high = mid;
      }
      return index + (low === 0 ? 0 : dropped[low - 1]!);
    },
  };
}
