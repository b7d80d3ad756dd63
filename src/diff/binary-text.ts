// Lines that hold NUL characters: content git would call binary, scanned all the same (a key in a file marked
// `-diff`, in a SQLite file, in UTF-16 text). git and the file source split lines on the byte 0x0A and decode
// them as UTF-8, so UTF-16 text shows up as ASCII interleaved with NULs: dropping every other character joins
// it back up. Binary data keeps its printable runs (each control character becomes a space), and may hold
// UTF-16 strings at either alignment, so both readings are searched too.

/** At least this share of one parity's positions holding NULs (and nearly none at the other) reads as UTF-16. */
const UTF16_NUL_SHARE = 0.25;

/** The text to search in a line that contains a NUL: its main reading first, so columns mostly hold. */
export function searchableText(line: string): string {
  let even = 0;
  let odd = 0;
  for (let i = line.indexOf('\0'); i !== -1; i = line.indexOf('\0', i + 1)) {
    if (i % 2 === 0) even++;
    else odd++;
  }
  const major = Math.max(even, odd);
  const minor = Math.min(even, odd);
  const utf16 = major >= 2 && minor * 10 <= major && major >= (line.length / 2) * UTF16_NUL_SHARE;
  if (utf16) return `${utf16Text(line, even >= odd ? 1 : 0)} ${printableRuns(line)}`;
  return `${printableRuns(line)} ${utf16Text(line, 0)} ${utf16Text(line, 1)}`;
}

/** The characters at positions of parity `keep`: UTF-16 code units whose other (NUL) half is dropped. */
function utf16Text(line: string, keep: number): string {
  // A byte-order mark decodes as two replacement characters: drop both.
  const body = line.startsWith('\uFFFD\uFFFD') ? line.slice(2) : line;
  const kept = keep === 0 ? body.replace(/([\s\S])[\s\S]?/g, '$1') : body.replace(/[\s\S]([\s\S]?)/g, '$1');
  // The CR of a UTF-16 CRLF is only last once its NUL half is gone: strip it as for any line.
  return printableRuns(kept.endsWith('\r') ? kept.slice(0, -1) : kept);
}

function printableRuns(text: string): string {
  // Tab stays (a separator in its own right); every other C0 control and DEL becomes a space.
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x08\x0a-\x1f\x7f]/g, ' ');
}
