// Push-style parser for `git log -p` / `git diff` / `diff -u` output that hands only added lines to a LineSink.
//
// This is the hot loop of a history scan, so it works on the decoded chunk in place: lines are found with
// indexOf, dispatched on their first character, and only added lines (and headers, which are rare) are sliced
// into strings of their own. Removed and context lines only move counters. Hunk line counts are tracked so that
// an added line whose text starts with `++` or `--` is never taken for a header.
//
// Nothing here throws on bad input: a broken section is counted in coverage.skipped['malformed-diff'] and the
// parser resynchronises at the next header.
import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import type { CommitInfo, Coverage, LineSink } from '../types.js';
import { parseCommitLine } from './commit-header.js';
import { emptyHunkRanges, parseHunkHeader } from './hunk-header.js';
import { parseBarePath, parseGitHeaderNewPath, parseQuoted, stripPrefix } from './quoted-path.js';

/** Longest line kept whole; the rest of a longer line is dropped and counted (V8 strings top out near 512 MiB). */
export const MAX_LINE_CHARS = 64 * 1024 * 1024;

/** Where a section's lines go when no header named the file (a hunk pasted on its own). */
export const UNKNOWN_PATH = '(unknown)';

const MODE_HEADER = 0;
const MODE_HUNK = 1;
/** Inside a `GIT binary patch`, or lost after a malformed line: wait for the next header. */
const MODE_SKIP = 2;

const CH_NUL = 0;
const CH_TAB = 9;
const CH_CR = 13;
const CH_SPACE = 32;
const CH_QUOTE = 34;
const CH_PLUS = 43;
const CH_MINUS = 45;
const CH_AT = 64;
const CH_BACKSLASH = 92;

export class DiffParser {
  readonly #sink: LineSink;
  readonly #coverage: Coverage;
  readonly #decoder = new StringDecoder('utf8');

  /** The unfinished last line of the previous chunk. */
  #partial = '';
  #partialTooLong = false;
  /** Whether the current chunk is pure ASCII, so that a line's byte count is its length. */
  #ascii = true;
  #ended = false;

  #mode = MODE_HEADER;
  #commit: CommitInfo | null = null;

  // The current file section.
  /** Started by `diff --git`/`diff --cc`: paths carry the forced `a/` `b/` prefixes. */
  #gitSection = false;
  /** The `diff --git …`/`diff --cc …` line, parsed only when no `+++` line names the file. */
  #headerRaw: string | null = null;
  #sawOldHeader = false;
  #oldHasPrefix = false;
  #newPath: string | null = null;
  #renameTo: string | null = null;
  #sawNewHeader = false;
  #deleted = false;
  #binary = false;
  #submodule = false;
  #hadHunk = false;
  #announced = false;
  #malformed = false;

  // The current hunk.
  readonly #ranges = emptyHunkRanges();
  #parents = 1;
  #oldLeft = 0;
  #newLeft = 0;
  /** Per-parent old-side counts of a combined hunk. */
  #parentLeft: number[] = [];
  #lineNo = 0;
  /** Path that added lines of the current hunk are reported under; null when they are not reported. */
  #reportPath: string | null = null;

  constructor(sink: LineSink, coverage: Coverage) {
    this.#sink = sink;
    this.#coverage = coverage;
  }

  write(chunk: Buffer): void {
    if (this.#ended || chunk.length === 0) return;
    this.#ascii = isAscii(chunk);
    this.#feed(this.#decoder.write(chunk));
  }

  /** The input is over: flush an unterminated last line, note a truncated hunk, and end the sink. */
  end(): void {
    if (this.#ended) return;
    this.#ascii = false;
    const rest = this.#decoder.end();
    if (rest.length > 0) this.#feed(rest);
    if (this.#partial.length > 0 || this.#partialTooLong) {
      const line = this.#takePartial();
      this.#line(line, 0, line.length);
    }
    if (this.#mode === MODE_HUNK) this.#markMalformed();
    this.#ended = true;
    this.#sink.end();
  }

  #feed(text: string): void {
    let start = 0;
    let nl = text.indexOf('\n');
    if (this.#partial.length > 0 || this.#partialTooLong) {
      if (nl === -1) {
        this.#appendPartial(text);
        return;
      }
      this.#appendPartial(text.slice(0, nl));
      const line = this.#takePartial();
      // A line assembled across chunks may mix ASCII and non-ASCII chunks: count its bytes exactly.
      const ascii = this.#ascii;
      this.#ascii = false;
      this.#line(line, 0, line.length);
      this.#ascii = ascii;
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    while (nl !== -1) {
      this.#line(text, start, nl);
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    if (start < text.length) this.#appendPartial(start === 0 ? text : text.slice(start));
  }

  #appendPartial(piece: string): void {
    if (this.#partialTooLong) return;
    if (this.#partial.length + piece.length > MAX_LINE_CHARS) {
      this.#partial += piece.slice(0, MAX_LINE_CHARS - this.#partial.length);
      this.#partialTooLong = true;
      return;
    }
    this.#partial += piece;
  }

  #takePartial(): string {
    const line = this.#partial;
    if (this.#partialTooLong) this.#count('line-too-long');
    this.#partial = '';
    this.#partialTooLong = false;
    return line;
  }

  /** One line, `text[start..end)` without its `\n`. */
  #line(text: string, start: number, end: number): void {
    if (this.#mode === MODE_HUNK) {
      if (this.#parents === 1) {
        const c = text.charCodeAt(start);
        if (c === CH_PLUS) {
          if (this.#newLeft > 0) {
            this.#newLeft--;
            this.#added(text, start + 1, end);
            if (this.#newLeft === 0 && this.#oldLeft === 0) this.#mode = MODE_HEADER;
            return;
          }
        } else if (c === CH_MINUS) {
          if (this.#oldLeft > 0) {
            this.#oldLeft--;
            if (this.#newLeft === 0 && this.#oldLeft === 0) this.#mode = MODE_HEADER;
            return;
          }
        } else if (c === CH_SPACE || start === end || (c === CH_CR && start + 1 === end)) {
          // Context; an empty line is a context line whose space a mailer or editor stripped.
          if (this.#oldLeft > 0 && this.#newLeft > 0) {
            this.#oldLeft--;
            this.#newLeft--;
            this.#lineNo++;
            if (this.#newLeft === 0 && this.#oldLeft === 0) this.#mode = MODE_HEADER;
            return;
          }
        } else if (c === CH_BACKSLASH) {
          return; // `\ No newline at end of file`
        }
      } else if (this.#combinedLine(text, start, end)) {
        return;
      }
      // The line does not fit the hunk: the diff is broken or truncated. Read it as a header.
      this.#markMalformed();
      this.#mode = MODE_HEADER;
    }
    this.#headerLine(text, start, end);
  }

  /** A body line of a combined hunk; false when it does not fit. */
  #combinedLine(text: string, start: number, end: number): boolean {
    const n = this.#parents;
    if (text.charCodeAt(start) === CH_BACKSLASH) return true;
    if (end - start < n) return false;
    let plus = 0;
    let minus = 0;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(start + i);
      if (c === CH_PLUS) plus++;
      else if (c === CH_MINUS) minus++;
      else if (c !== CH_SPACE) return false;
    }
    const left = this.#parentLeft;
    if (minus > 0) {
      // A line lost from the parents marked `-` (a `+` cannot share a line with a `-`).
      if (plus > 0) return false;
      for (let i = 0; i < n; i++) {
        if (text.charCodeAt(start + i) === CH_MINUS) {
          if (left[i]! === 0) return false;
          left[i]!--;
        }
      }
    } else {
      // A line of the result: in every parent whose column is a space, new to those marked `+`.
      if (this.#newLeft === 0) return false;
      for (let i = 0; i < n; i++) {
        if (text.charCodeAt(start + i) === CH_SPACE) {
          if (left[i]! === 0) return false;
          left[i]!--;
        }
      }
      this.#newLeft--;
      // Only a line new to every parent was added by the merge itself; the others were reported in the
      // commit of the parent that brought them.
      if (plus === n) this.#added(text, start + n, end);
      else this.#lineNo++;
    }
    if (this.#newLeft === 0) {
      let done = true;
      for (let i = 0; i < n; i++) if (left[i] !== 0) done = false;
      if (done) this.#mode = MODE_HEADER;
    }
    return true;
  }

  /** An added line's text `text[start..end)`, reported at the current new-file line number. */
  #added(text: string, start: number, end: number): void {
    const lineNo = ++this.#lineNo;
    const path = this.#reportPath;
    if (path === null) return;
    if (end > start && text.charCodeAt(end - 1) === CH_CR) end--;
    const line = text.slice(start, end);
    if (!this.#announced) {
      this.#announced = true;
      this.#sink.startFile({ path, commit: this.#commit });
    }
    const coverage = this.#coverage;
    coverage.addedLines++;
    coverage.bytes += this.#ascii ? line.length : Buffer.byteLength(line, 'utf8');
    this.#sink.line(line, lineNo);
  }

  /**
   * Anything outside a hunk body, `t[s..e)`: commit lines, file headers, hunk headers, and text between them.
   * Read in place with startsWith(prefix, position): only the parts that are kept (paths, commit fields) are
   * copied out, since with -U0 headers make up a good share of a history's lines.
   */
  #headerLine(t: string, s: number, e: number): void {
    if (e > s && t.charCodeAt(e - 1) === CH_CR) e--;
    const c = s < e ? t.charCodeAt(s) : -1;
    if (this.#mode === MODE_SKIP) {
      // Resynchronise only at lines that start something new.
      const resync =
        c === CH_NUL ||
        t.startsWith('diff ', s) ||
        (c === CH_AT && !this.#binary && t.startsWith('@@', s)) ||
        (!this.#gitSection && t.startsWith('--- ', s));
      if (!resync) return;
      this.#mode = MODE_HEADER;
    }
    switch (c) {
      case CH_NUL:
        this.#commitLine(t, s, e);
        return;
      case 100 /* d */:
        if (t.startsWith('diff --git ', s)) {
          this.#startSection(true);
          this.#headerRaw = t.slice(s, e);
        } else if (t.startsWith('diff --cc ', s) || t.startsWith('diff --combined ', s)) {
          this.#startSection(true);
          this.#headerRaw = t.slice(s, e);
        } else if (t.startsWith('diff ', s)) {
          // `diff -ru old/x new/x` between the files of a plain recursive diff.
          this.#startSection(false);
        } else if (t.startsWith('deleted file mode ', s)) {
          this.#deleted = true;
        }
        return;
      case CH_MINUS:
        if (t.startsWith('--- ', s)) {
          // In a plain diff, `---` opens the next file once the previous one has had its `+++`.
          if (this.#sawNewHeader || (!this.#gitSection && this.#sawOldHeader)) this.#startSection(false);
          this.#sawOldHeader = true;
          this.#oldHasPrefix = t.startsWith('a/', s + 4) || t.startsWith('"a/', s + 4);
        }
        return;
      case CH_PLUS:
        if (!this.#sawNewHeader && t.startsWith('+++ ', s)) this.#newFileHeader(t, s + 4, e);
        else this.#strayAdded(t, s, e);
        return;
      case CH_AT:
        this.#hunkHeader(t, s, e);
        return;
      case 66 /* B */:
        if (t.startsWith('Binary files ', s)) this.#markBinary();
        return;
      case 71 /* G */:
        if (t.startsWith('GIT binary patch', s)) {
          this.#markBinary();
          this.#mode = MODE_SKIP;
        }
        return;
      case 114 /* r */:
        if (t.startsWith('rename to ', s)) this.#renameTo = parseBarePath(t.slice(s + 10, e));
        return;
      case 99 /* c */:
        if (t.startsWith('copy to ', s)) this.#renameTo = parseBarePath(t.slice(s + 8, e));
        return;
      case 110 /* n */:
      case 105 /* i */:
      case 109 /* m */:
        // `new file mode 160000`, `new mode 160000`, `index a..b 160000`, `mode 1,2..160000`: a submodule,
        // whose only "content" is a `Subproject commit <sha>` line.
        if (
          t.endsWith('160000', e) &&
          (t.startsWith('new file mode ', s) ||
            t.startsWith('new mode ', s) ||
            t.startsWith('index ', s) ||
            (t.startsWith('mode ', s) && t.endsWith('..160000', e)))
        ) {
          this.#submodule = true;
        }
        return;
      default:
        return; // blank lines, commit messages, `Index:`/`===` lines of other tools, `Only in …`
    }
  }

  #commitLine(t: string, s: number, e: number): void {
    this.#startSection(false);
    const commit = parseCommitLine(t, s, e);
    if (commit === null) {
      this.#markMalformed();
      this.#mode = MODE_SKIP;
      return;
    }
    this.#commit = commit;
    this.#coverage.commits++;
  }

  /** The `+++` line; its path is `t[s..e)`. */
  #newFileHeader(t: string, s: number, e: number): void {
    this.#sawNewHeader = true;
    if (t.startsWith('/dev/null', s) && (s + 9 === e || t.charCodeAt(s + 9) === CH_TAB)) {
      this.#deleted = true;
      this.#newPath = null;
      return;
    }
    // Sources force `b/`; a plain diff only has one when its old side used `a/`.
    const prefixed = this.#gitSection || this.#oldHasPrefix;
    if (t.charCodeAt(s) === CH_QUOTE) {
      const path = parseQuoted(t.slice(s, e), 0)?.value ?? null;
      if (path === null) this.#markMalformed();
      this.#newPath = path !== null && prefixed ? stripPrefix(path, 'b/') : path;
      return;
    }
    if (prefixed && t.startsWith('b/', s)) s += 2;
    // An unquoted name ends at a tab: git appends one to names with a space, `diff -u` puts the date after one.
    let stop = s;
    while (stop < e && t.charCodeAt(stop) !== CH_TAB) stop++;
    if (stop === s) this.#markMalformed();
    this.#newPath = stop === s ? null : t.slice(s, stop);
  }

  #hunkHeader(t: string, s: number, e: number): void {
    const ranges = this.#ranges;
    if (!parseHunkHeader(t, s, e, ranges)) {
      this.#markMalformed();
      this.#mode = MODE_SKIP;
      return;
    }
    const n = ranges.parents;
    this.#parents = n;
    this.#newLeft = ranges.newCount;
    // A new-side start of c means the first line of the hunk is line c (c is the line before when count is 0).
    this.#lineNo = ranges.newStart - 1;
    let oldLeft = 0;
    if (n === 1) {
      oldLeft = ranges.oldCounts[0]!;
    } else {
      if (this.#parentLeft.length !== n) this.#parentLeft = new Array<number>(n).fill(0);
      for (let i = 0; i < n; i++) oldLeft += this.#parentLeft[i] = ranges.oldCounts[i]!;
    }
    this.#oldLeft = n === 1 ? oldLeft : 0;
    if (!this.#hadHunk) {
      this.#hadHunk = true;
      this.#reportPath = this.#sectionPath();
      if (this.#reportPath !== null) this.#coverage.files++;
    }
    if (this.#newLeft > 0 || oldLeft > 0) this.#mode = MODE_HUNK;
  }

  /** The path to report this section's added lines under, or null when they are not to be reported. */
  #sectionPath(): string | null {
    if (this.#binary || this.#submodule) return null;
    if (this.#deleted && this.#newPath === null) return null;
    const path = this.#newPath ?? this.#renameTo ?? this.#headerPath();
    if (this.#sawNewHeader && path !== null) return path;
    // A hunk without its `---`/`+++` lines: report its lines all the same (failing closed), but say so.
    this.#markMalformed();
    return path ?? UNKNOWN_PATH;
  }

  /** The new-side path named by the `diff --git`/`diff --cc` line, for a section without `+++`. */
  #headerPath(): string | null {
    const raw = this.#headerRaw;
    if (raw === null) return null;
    if (raw.startsWith('diff --git ')) return parseGitHeaderNewPath(raw.slice(11));
    return parseBarePath(raw.slice(raw.indexOf(' ', 5) + 1));
  }

  /** A `+` line outside any hunk: the hunk counts were wrong. Report it anyway rather than hide it. */
  #strayAdded(t: string, s: number, e: number): void {
    if (!this.#hadHunk || this.#reportPath === null) return;
    this.#markMalformed();
    this.#added(t, s + 1, e);
  }

  #markBinary(): void {
    if (this.#binary) return;
    this.#binary = true;
    this.#coverage.binaryFiles++;
  }

  #startSection(gitSection: boolean): void {
    this.#mode = MODE_HEADER;
    this.#gitSection = gitSection;
    this.#headerRaw = null;
    this.#sawOldHeader = false;
    this.#oldHasPrefix = false;
    this.#newPath = null;
    this.#renameTo = null;
    this.#sawNewHeader = false;
    this.#deleted = false;
    this.#binary = false;
    this.#submodule = false;
    this.#hadHunk = false;
    this.#announced = false;
    this.#malformed = false;
    this.#reportPath = null;
  }

  /** Count a broken section once, however many of its lines are off. */
  #markMalformed(): void {
    if (this.#malformed) return;
    this.#malformed = true;
    this.#count('malformed-diff');
  }

  #count(reason: string): void {
    const skipped = this.#coverage.skipped;
    skipped[reason] = (skipped[reason] ?? 0) + 1;
  }
}
