// Push-style parser for `git log -p` / `git diff` / `diff -u` output that hands only added lines to a LineSink.
//
// This is the hot loop of a history scan, so it works on the decoded chunk in place: lines are found with
// indexOf, dispatched on their first character, and only added lines (and headers, which are rare) are sliced
// into strings of their own. Removed and context lines only move counters. Hunk line counts are tracked so that
// an added line whose text starts with `++` or `--` is never taken for a header.
//
// Nothing here throws on bad input: a broken section is counted in coverage.skipped['malformed-diff'], named in
// coverage.errors (the scan is partial), and the parser goes on: `+` lines after a broken hunk header are still
// reported, with line numbers estimated, and anything else resynchronises at the next header.
//
// Content git calls binary is diffed as text by the sources (`--text`): an added line holding NULs is searched
// as binary-text.ts makes it. A line longer than a window is handed on in overlapping windows (line-windows.ts).
import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import { noteError, type CommitInfo, type Coverage, type LineSink, type MovedFile } from '../types.js';
import { searchableText } from './binary-text.js';
import { parseCommitLine } from './commit-header.js';
import { emptyHunkRanges, parseHunkHeader } from './hunk-header.js';
import { PartialLine } from './line-windows.js';
import { parseBarePath, parseGitHeaderNewPath, parseQuoted, stripPrefix } from './quoted-path.js';

/** Where a section's lines go when no header named the file (a hunk pasted on its own). */
export const UNKNOWN_PATH = '(unknown)';

/** The "file" a commit message's lines are reported under, with the commit. */
export const COMMIT_MESSAGE_PATH = '(commit message)';

interface DiffParserOptions {
  /**
   * The input is `git log` output in COMMIT_FORMAT, whose commit line is followed by the commit message and a
   * line holding a lone NUL: report the message's lines under COMMIT_MESSAGE_PATH.
   */
  commitMessages?: boolean;
  /** Each file the diff shows renamed or copied (its `rename to`/`copy to` line), whether or not it has hunks. */
  onMoved?: (moved: MovedFile) => void;
  /** Each commit line's sha, as it is read. */
  onCommit?: (sha: string) => void;
}

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
  readonly #commitMessages: boolean;
  readonly #onMoved: ((moved: MovedFile) => void) | null;
  readonly #onCommit: ((sha: string) => void) | null;
  readonly #decoder = new StringDecoder('utf8');

  /** The unfinished last line of the previous chunk. */
  readonly #partial = new PartialLine();
  readonly #onWindow = (text: string, offset: number): boolean => this.#window(text, offset);
  /** Whether the current chunk is pure ASCII, so that a line's byte count is its length. */
  #ascii = true;
  /** Whether the current chunk may hold a NUL outside commit lines, so that added lines must be checked for one. */
  #nul = true;
  #ended = false;
  /** Lines read so far, to say where in the input something was wrong. */
  #inputLine = 0;
  #sawDiff = false;

  #mode = MODE_HEADER;
  #commit: CommitInfo | null = null;
  /** Line number within the current commit's message while its lines are being read; -1 outside one. */
  #messageLine = -1;

  // A long added line arriving in windows: its line number, once its first window was reported, and where its
  // text starts in the diff line (after the `+` markers).
  #longLineNo = -1;
  #longPrefix = 0;
  #capturingLongLine = false;

  // The current file section.
  /** Started by `diff --git`/`diff --cc`: paths carry the forced `a/` `b/` prefixes. */
  #gitSection = false;
  /** The `diff --git …`/`diff --cc …` line, parsed only when no `+++` line names the file. */
  #headerRaw: string | null = null;
  #sawOldHeader = false;
  #oldHasPrefix = false;
  #newPath: string | null = null;
  #renameTo: string | null = null;
  #renameFrom: string | null = null;
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

  /** Whether anything that belongs to a diff was read: a commit, file or hunk header. */
  get sawDiff(): boolean {
    return this.#sawDiff;
  }

  constructor(sink: LineSink, coverage: Coverage, options: DiffParserOptions = {}) {
    this.#sink = sink;
    this.#coverage = coverage;
    this.#commitMessages = options.commitMessages ?? false;
    this.#onMoved = options.onMoved ?? null;
    this.#onCommit = options.onCommit ?? null;
  }

  write(chunk: Buffer): void {
    if (this.#ended || chunk.length === 0) return;
    this.#ascii = isAscii(chunk);
    const text = this.#decoder.write(chunk);
    this.#nul = this.#contentNul(text);
    this.#feed(text);
  }

  /** The input is over: flush an unterminated last line, note a truncated hunk, and end the sink. */
  end(): void {
    if (this.#ended) return;
    this.#ascii = false;
    this.#nul = true;
    const rest = this.#decoder.end();
    if (rest.length > 0) this.#feed(rest);
    if (!this.#partial.empty) this.#finishPartial();
    if (this.#mode === MODE_HUNK) this.#markMalformed('the input ends inside a hunk (was it cut short?)');
    this.#ended = true;
    this.#sink.end();
  }

  #feed(text: string): void {
    let start = 0;
    let nl = text.indexOf('\n');
    if (!this.#partial.empty) {
      if (nl === -1) {
        this.#partial.append(text, this.#onWindow);
        return;
      }
      this.#partial.append(text.slice(0, nl), this.#onWindow);
      this.#finishPartial();
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    while (nl !== -1) {
      this.#line(text, start, nl);
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    if (start < text.length) this.#partial.append(start === 0 ? text : text.slice(start), this.#onWindow);
  }

  /**
   * Whether a NUL in `text` (a decoded chunk) may be content (binary data diffed as text) rather than part of a commit line,
   * which starts with one: only then are added lines checked for NULs, which keeps that check off the hot path.
   */
  #contentNul(text: string): boolean {
    let commitLineEnd = -1;
    for (let at = text.indexOf('\0'); at !== -1; at = text.indexOf('\0', at + 1)) {
      if (at < commitLineEnd) continue;
      // A NUL that starts a line starts a commit line (or ends a message); one in a line begun in an earlier
      // chunk cannot be told apart here: check the lines.
      const startsLine = at === 0 ? this.#partial.empty : text.charCodeAt(at - 1) === 10;
      if (!startsLine) return true;
      commitLineEnd = text.indexOf('\n', at);
      if (commitLineEnd === -1) return false;
    }
    return false;
  }

  /** The line built up across chunks is complete. */
  #finishPartial(): void {
    // A line assembled across chunks may mix chunks of any kind: count its bytes exactly, look for NULs.
    const ascii = this.#ascii;
    const nul = this.#nul;
    this.#ascii = false;
    this.#nul = true;
    const line = this.#partial.finish(this.#onWindow);
    if (line !== null) this.#line(line, 0, line.length);
    this.#longLineNo = -1;
    this.#ascii = ascii;
    this.#nul = nul;
  }

  /**
   * A window of a line too long to hold. The first one is read as the line itself would be (it decides what
   * the line is); later ones go to the sink only when the line is an added one.
   */
  #window(text: string, offset: number): boolean {
    if (offset === 0) {
      this.#ascii = false;
      this.#nul = true;
      this.#longLineNo = -1;
      this.#capturingLongLine = true;
      this.#line(text, 0, text.length);
      this.#capturingLongLine = false;
      return this.#longLineNo !== -1;
    }
    if (this.#longLineNo === -1) return false;
    this.#coverage.bytes += Buffer.byteLength(text, 'utf8');
    this.#emit(text, this.#longLineNo, offset - this.#longPrefix);
    return true;
  }

  /** One line, `text[start..end)` without its `\n`. */
  #line(text: string, start: number, end: number): void {
    this.#inputLine++;
    if (this.#messageLine !== -1) {
      this.#commitMessageLine(text, start, end);
      return;
    }
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
      this.#markMalformed('a line that does not fit its hunk (wrong line counts)');
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
    if (this.#capturingLongLine) {
      this.#longLineNo = lineNo;
      this.#longPrefix = start;
    }
    this.#emit(line, lineNo, 0);
  }

  /** Hand a line (or a window of one, at `offset`) to the sink, made searchable if it holds NULs. */
  #emit(line: string, lineNo: number, offset: number): void {
    const text = (this.#nul || offset !== 0) && line.includes('\0') ? searchableText(line) : line;
    if (offset === 0) this.#sink.line(text, lineNo);
    else this.#sink.line(text, lineNo, offset);
  }

  /** A line of the commit message that follows a commit line; a line starting with NUL ends the message. */
  #commitMessageLine(t: string, s: number, e: number): void {
    const nul = t.indexOf('\0', s);
    const last = nul !== -1 && nul < e;
    if (last) e = nul;
    if (!last || e > s) {
      if (this.#messageLine === 0) this.#sink.startFile({ path: COMMIT_MESSAGE_PATH, commit: this.#commit });
      if (e > s && t.charCodeAt(e - 1) === CH_CR) e--;
      const line = t.slice(s, e);
      const coverage = this.#coverage;
      coverage.addedLines++;
      coverage.bytes += this.#ascii ? line.length : Buffer.byteLength(line, 'utf8');
      this.#emit(line, ++this.#messageLine, 0);
      if (this.#capturingLongLine) {
        this.#longLineNo = this.#messageLine;
        this.#longPrefix = 0;
      }
    }
    if (last) this.#messageLine = -1;
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
          this.#sawDiff = true;
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
      case CH_SPACE:
        // A context line after a hunk header that could not be read: keep the estimated numbering going.
        if (this.#hadHunk && this.#malformed) this.#lineNo++;
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
        if (t.startsWith('rename from ', s)) this.#renameFrom = parseBarePath(t.slice(s + 12, e));
        else if (t.startsWith('rename to ', s)) this.#moved(parseBarePath(t.slice(s + 10, e)));
        return;
      case 99 /* c */:
        if (t.startsWith('copy from ', s)) this.#renameFrom = parseBarePath(t.slice(s + 10, e));
        else if (t.startsWith('copy to ', s)) this.#moved(parseBarePath(t.slice(s + 8, e)));
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

  /** A `rename to`/`copy to` line, after its `from` line in a git diff's extended header. */
  #moved(to: string | null): void {
    this.#renameTo = to;
    if (this.#onMoved !== null && this.#gitSection && this.#renameFrom !== null && to !== null)
      this.#onMoved({ from: this.#renameFrom, to, commit: this.#commit });
  }

  #commitLine(t: string, s: number, e: number): void {
    this.#startSection(false);
    // A lone NUL ends a commit message; outside one it has nothing to say.
    if (s + 1 === e) return;
    const commit = parseCommitLine(t, s, e);
    if (commit === null) {
      this.#commit = null;
      this.#markMalformed('a commit line that cannot be read: its changes up to the next file were skipped');
      this.#mode = MODE_SKIP;
      return;
    }
    this.#commit = commit;
    this.#coverage.commits++;
    if (this.#onCommit !== null) this.#onCommit(commit.sha);
    if (this.#commitMessages) this.#messageLine = 0;
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
      if (path === null) this.#markMalformed('a file name whose quoting is not closed');
      this.#newPath = path !== null && prefixed ? stripPrefix(path, 'b/') : path;
      return;
    }
    if (prefixed && t.startsWith('b/', s)) s += 2;
    // An unquoted name ends at a tab: git appends one to names with a space, `diff -u` puts the date after one.
    let stop = s;
    while (stop < e && t.charCodeAt(stop) !== CH_TAB) stop++;
    if (stop === s) this.#markMalformed('a `+++` line without a file name');
    this.#newPath = stop === s ? null : t.slice(s, stop);
  }

  #hunkHeader(t: string, s: number, e: number): void {
    this.#sawDiff = true;
    const ranges = this.#ranges;
    if (!parseHunkHeader(t, s, e, ranges)) {
      // Resynchronise on what follows instead of dropping it: its `+` lines are reported as strays, numbered
      // from the new-side start when that much of the header can be read.
      this.#markMalformed(
        'a hunk header that cannot be read; the added lines after it were scanned, their line numbers may be off',
      );
      const start = /\+(\d{1,15})/.exec(t.slice(s, Math.min(e, s + 200)));
      this.#lineNo = start ? Number(start[1]) - 1 : this.#lineNo;
      this.#beginSectionLines();
      this.#mode = MODE_HEADER;
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
    this.#beginSectionLines();
    if (this.#newLeft > 0 || oldLeft > 0) this.#mode = MODE_HUNK;
  }

  /** The section's first hunk: decide where its lines are reported. */
  #beginSectionLines(): void {
    if (this.#hadHunk) return;
    this.#hadHunk = true;
    this.#reportPath = this.#sectionPath();
    if (this.#reportPath !== null) this.#coverage.files++;
    // By design: a submodule's content is its own repository's to scan. Listed, so the report says so.
    else if (this.#submodule)
      this.#coverage.excluded['submodule'] = (this.#coverage.excluded['submodule'] ?? 0) + 1;
  }

  /** The path to report this section's added lines under, or null when they are not to be reported. */
  #sectionPath(): string | null {
    if (this.#binary || this.#submodule) return null;
    if (this.#deleted && this.#newPath === null) return null;
    const path = this.#newPath ?? this.#renameTo ?? this.#headerPath();
    if (this.#sawNewHeader && path !== null) return path;
    // A hunk without its `---`/`+++` lines: report its lines all the same (failing closed), but say so.
    this.#markMalformed(
      path === null
        ? `a hunk with no file header: its lines are reported under ${UNKNOWN_PATH}`
        : 'a hunk without its `---`/`+++` lines',
      path ?? UNKNOWN_PATH,
    );
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
    this.#markMalformed('added lines outside any hunk (wrong line counts)');
    this.#added(t, s + 1, e);
  }

  /** A binary file whose content the diff leaves out (made without `--text`): it cannot be scanned. */
  #markBinary(): void {
    if (this.#binary) return;
    this.#binary = true;
    this.#coverage.binaryFiles++;
    if (!this.#submodule && !(this.#deleted && this.#newPath === null)) {
      noteError(
        this.#coverage,
        `${this.#where(this.#newPath ?? this.#renameTo ?? this.#headerPath() ?? UNKNOWN_PATH)}: a binary ` +
          'file whose content the diff leaves out, so it was not scanned (make the diff with `git diff --text`)',
      );
    }
  }

  #startSection(gitSection: boolean): void {
    this.#sawDiff = true;
    this.#mode = MODE_HEADER;
    this.#gitSection = gitSection;
    this.#headerRaw = null;
    this.#sawOldHeader = false;
    this.#oldHasPrefix = false;
    this.#newPath = null;
    this.#renameTo = null;
    this.#renameFrom = null;
    this.#sawNewHeader = false;
    this.#deleted = false;
    this.#binary = false;
    this.#submodule = false;
    this.#hadHunk = false;
    this.#announced = false;
    this.#malformed = false;
    this.#reportPath = null;
  }

  /** Count and name a broken section once, however many of its lines are off. */
  #markMalformed(problem: string, path: string | null = null): void {
    if (this.#malformed) return;
    this.#malformed = true;
    const skipped = this.#coverage.skipped;
    skipped['malformed-diff'] = (skipped['malformed-diff'] ?? 0) + 1;
    const file = path ?? this.#reportPath ?? this.#newPath ?? this.#renameTo;
    noteError(
      this.#coverage,
      `${file === null ? 'malformed diff' : this.#where(file)}: ${problem} (input line ${this.#inputLine})`,
    );
  }

  /** A file, and its commit when there is one, as an error message names it. */
  #where(path: string): string {
    return this.#commit === null ? path : `${path} in commit ${this.#commit.sha.slice(0, 12)}`;
  }
}
