// Lines that hold NUL characters: content git would call binary, scanned all the same (a key in a file marked
// `-diff`, in a SQLite file, in UTF-16 text). git and the file source split lines on the byte 0x0A and decode
// them as UTF-8, so UTF-16 text shows up as ASCII interleaved with NULs: dropping every other character joins
// it back up. Binary data is searched as it is: NULs and other control characters are boundaries for every
// rule, so its printable runs are searched one by one. It may also hold UTF-16 strings, at either alignment.

/** At least this share of one parity's positions holding NULs (and nearly none at the other) reads as UTF-16. */
export const UTF16_NUL_SHARE = 0.25;

/** Eight printable ASCII characters interleaved with NULs: a UTF-16 string worth reading in binary data. */
// eslint-disable-next-line no-control-regex
export const UTF16_RUN = /(?:[\x20-\x7e]\x00){8}|(?:\x00[\x20-\x7e]){8}/;

/** The text to search in a line that contains a NUL: its main reading first, so that columns mostly hold. */
export function searchableText(line: string): string {
  let even = 0;
  let odd = 0;
  for (let i = line.indexOf('\0'); i !== -1; i = line.indexOf('\0', i + 1)) {
    if (i % 2 === 0) even++;
    else odd++;
  }
  const major = Math.max(even, odd);
  const minor = Math.min(even, odd);
  if (major >= 2 && minor * 10 <= major && major >= (line.length / 2) * UTF16_NUL_SHARE) {
    return `${utf16Text(line, even >= odd ? 1 : 0)} ${line}`;
  }
  // Most binary lines (an image's bytes) hold no UTF-16 string: they are searched as they are, at no cost.
  if (!UTF16_RUN.test(line)) return line;
  return `${line} ${utf16Text(line, 0)} ${utf16Text(line, 1)}`;
}

/** The characters at positions of parity `keep`: UTF-16 code units whose other (NUL) half is dropped. */
function utf16Text(line: string, keep: number): string {
  // A byte-order mark decodes as two replacement characters: drop both.
  const body = line.startsWith('\uFFFD\uFFFD') ? line.slice(2) : line;
  const kept = keep === 0 ? body.replace(/([\s\S])[\s\S]?/g, '$1') : body.replace(/[\s\S]([\s\S]?)/g, '$1');
  // The CR of a UTF-16 CRLF is only last once its NUL half is gone: strip it as for any line.
  return kept.endsWith('\r') ? kept.slice(0, -1) : kept;
}
