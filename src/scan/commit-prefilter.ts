// Which commits of a history can hold a finding, worked out without diffing them: git lists each commit's message
// and the blobs it brings (`git log --raw`, tree comparisons only), `git cat-file --batch` hands over each new blob
// once, and a commit whose message and new blobs all fail the content prefilter (detect/prefilter-content.ts)
// provably adds nothing the detector reports: a diff's added lines are lines of its new blobs. Only the other
// commits are diffed and scanned (history.ts); the rest count as scanned.
//
// The blobs are the diff route's own: the same revisions, root commits against the empty tree, and for merges the
// combined form (`--cc`: only paths whose result differs from every parent). Attributes make no difference here
// (blobs are read as they are stored); binary content is judged as the diff stage would hand it on (blobMayHold);
// and a blob too large to hold, or missing from the repository, makes its commit a candidate: the diff route then
// reads it, or fails as it would anyway.
import {
  mayHoldFinding,
  mayHoldFindingInReadings,
  mayHoldFindingWithoutNul,
} from '../detect/prefilter-content.js';
import { searchableText, UTF16_NUL_SHARE, UTF16_RUN } from '../diff/binary-text.js';
import { WINDOW_CHARS } from '../diff/line-windows.js';
import { spawnSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeGit, spawnGit, spawnGitOnDescriptors } from '../git/run-git.js';
import { GIT_CONFIG_ARGS, LOG_ARGS } from '../source/git-flags.js';
import type { Listing, ListingHandlers } from '../source/history.js';
import type { BlobCheckJob, BlobVerdicts } from '../source/source-context.js';
import type { Coverage } from '../types.js';

/** A commit as the listing gives it: its message, and the blobs it brings (new files' and changed files' content). */
export interface CommitRecord {
  sha: string;
  /** The raw message. */
  message: Buffer;
  blobs: string[];
}

const COMMIT_MARK = 'commit ';
const COMMIT_MARK_BYTES = Buffer.from(COMMIT_MARK, 'latin1');
const NEWLINE = 10;
const COLON = 58;
const EMPTY = Buffer.alloc(0);

/** One record per commit: `\0commit <sha>\0<message>\0`, then its raw entries, `:<modes> <shas> <status>\0<path>\0`. */
const RAW_LOG_ARGS = [
  ...GIT_CONFIG_ARGS,
  'log',
  `--format=%x00${COMMIT_MARK}%H%x00%B%x00`,
  '--raw',
  '-z',
  '--no-abbrev',
  '--no-renames',
  // Every path, whatever diff.relative says, as the diff route lists them (DIFF_ARGS).
  '--no-relative',
  ...LOG_ARGS,
];

const GITLINK_MODE = Buffer.from('160000 ', 'latin1');
const SPACE = 32;
const ZERO = 48;

/** Splits `git log --raw -z` (RAW_LOG_ARGS) into commit records, chunk by chunk. */
export class RawLogParser {
  readonly #onCommit: (commit: CommitRecord) => void;
  #partial: Buffer = Buffer.alloc(0);
  #state: 'entry' | 'message' | 'path' = 'entry';
  #commit: CommitRecord | null = null;

  constructor(onCommit: (commit: CommitRecord) => void) {
    this.#onCommit = onCommit;
  }

  write(chunk: Buffer): void {
    let start = 0;
    if (this.#partial.length > 0) {
      // Only the token that straddles two chunks is joined.
      const end = chunk.indexOf(0);
      if (end === -1) {
        this.#partial = Buffer.concat([this.#partial, chunk]);
        return;
      }
      const joined = Buffer.concat([this.#partial, chunk.subarray(0, end)]);
      this.#token(joined, 0, joined.length);
      start = end + 1;
    }
    for (let end = chunk.indexOf(0, start); end !== -1; end = chunk.indexOf(0, start)) {
      this.#token(chunk, start, end);
      start = end + 1;
    }
    // A copy: what is kept (here, and in the records) must not hold on to git's whole chunk.
    this.#partial = Buffer.from(chunk.subarray(start));
  }

  end(): void {
    if (this.#partial.length > 0) this.#token(this.#partial, 0, this.#partial.length);
    this.#partial = Buffer.alloc(0);
    this.#finish();
  }

  #token(data: Buffer, start: number, end: number): void {
    if (this.#state === 'message') {
      this.#commit!.message = Buffer.from(data.subarray(start, end));
      this.#state = 'entry';
    } else if (this.#state === 'path') {
      this.#state = 'entry';
    } else {
      // Between the format and the raw entries git writes a newline.
      if (data[start] === NEWLINE) start++;
      const mark = start + COMMIT_MARK_BYTES.length;
      if (mark <= end && data.compare(COMMIT_MARK_BYTES, 0, COMMIT_MARK_BYTES.length, start, mark) === 0) {
        this.#finish();
        const sha = data.toString('latin1', mark, end);
        this.#commit = { sha, message: EMPTY, blobs: [] };
        this.#state = 'message';
      } else if (data[start] === COLON) {
        const blob = newBlob(data, start, end);
        if (blob !== null) this.#commit?.blobs.push(blob);
        this.#state = 'path';
      }
    }
  }

  #finish(): void {
    if (this.#commit !== null) this.#onCommit(this.#commit);
    this.#commit = null;
  }
}

/**
 * The blob a raw entry brings: `:<old mode> <new mode> <old> <new> <status>`, or for a merge's combined entry
 * `::<mode>… <sha>… <status>` with the result last. Null for a deletion (no new blob) and a submodule (a commit of
 * another repository: the diff shows it as one `Subproject commit <sha>` line).
 */
function newBlob(data: Buffer, start: number, end: number): string | null {
  let parents = 0;
  while (data[start + parents] === COLON) parents++;
  // Modes: parents + 1 of them, the result's last; then as many object names, the result's last; then the status.
  let modeStart = start + parents;
  for (let i = 0; i < parents; i++) modeStart = data.indexOf(SPACE, modeStart) + 1;
  const statusSpace = data.lastIndexOf(SPACE, end - 1);
  const shaSpace = data.lastIndexOf(SPACE, statusSpace - 1);
  if (modeStart <= start || shaSpace < modeStart || statusSpace > end) return null;
  if (data.compare(GITLINK_MODE, 0, GITLINK_MODE.length, modeStart, modeStart + GITLINK_MODE.length) === 0) {
    return null;
  }
  let zeros = true;
  for (let i = shaSpace + 1; i < statusSpace && zeros; i++) zeros = data[i] === ZERO;
  return zeros ? null : data.toString('latin1', shaSpace + 1, statusSpace);
}

/** A blob too large to hold for the check is left to the diff route, which reads any size in windows. */
const MAX_CHECKED_BLOB = 64 * 1024 * 1024;

/**
 * What the diff puts before a line's content: a column per parent (`+`, or `++` in a merge's combined diff). A line
 * the diff cuts into windows is judged in the windows, not whole; this margin covers any merge a history holds.
 */
const LONGEST_DIFF_PREFIX = 1024;

/**
 * Whether a blob may hold a finding. Content with NULs is judged as the diff stage hands it to the detector
 * (diff/binary-text.ts): a line holding NULs is searched as it is (its printable runs), and as UTF-16 when its NULs
 * say so; those lines alone are decoded here, as the diff stage decodes them. A line that long lines' windows would
 * cut (each window judged apart) is left to the diff route.
 */
export function blobMayHold(content: Buffer): boolean {
  if (content.indexOf(0) === -1) return mayHoldFindingWithoutNul(content);
  const readings: string[] = [];
  for (let start = 0; start < content.length;) {
    const newline = content.indexOf(10, start);
    const end = newline === -1 ? content.length : newline;
    if (end - start + LONGEST_DIFF_PREFIX >= WINDOW_CHARS) return true;
    if (mayReadAsUtf16(content, start, end)) readings.push(searchable(content.toString('utf8', start, end)));
    start = end + 1;
  }
  return mayHoldFindingInReadings(content, readings);
}

/**
 * Whether searchableText() may read the line `content[start, end)` as UTF-16, judged from its bytes: its NULs are
 * at least UTF16_NUL_SHARE of half its characters (a character is one to four bytes), or it holds a UTF16_RUN (NULs
 * and ASCII are one byte each, decoded or not).
 */
function mayReadAsUtf16(content: Buffer, start: number, end: number): boolean {
  let nuls = 0;
  for (let at = content.indexOf(0, start); at !== -1 && at < end; at = content.indexOf(0, at + 1)) nuls++;
  // One byte less: the diff stage judges the line without its CR.
  if (nuls >= 2 && nuls >= ((end - start - 1) / 4 / 2) * UTF16_NUL_SHARE) return true;
  return nuls >= 8 && UTF16_RUN.test(content.toString('latin1', start, end));
}

/** The diff stage drops a line's CR before it makes it searchable: both readings, in case that changes it. */
function searchable(line: string): string {
  return line.endsWith('\r')
    ? `${searchableText(line.slice(0, -1))} ${searchableText(line)}`
    : searchableText(line);
}

/**
 * Reads `ids` with one `git cat-file --batch` and says of each whether it may hold a finding (true also for one
 * too large to check, or missing), with the bytes it holds.
 */
export function checkBlobs(
  cwd: string,
  ids: readonly string[],
  onBlob: (id: string, mayHold: boolean, bytes: number) => void,
): { done: Promise<void>; kill(): void } {
  const parser = new CatFileParser(onBlob);
  return pipeGit({ cwd, args: ['cat-file', '--batch'], input: ids.join('\n') + '\n' }, (chunk) =>
    parser.write(chunk),
  );
}

/** `git cat-file --batch` output: `<sha> <type> <size>\n<content>\n`, or `<sha> missing\n`. */
export class CatFileParser {
  readonly #onBlob: (id: string, mayHold: boolean, bytes: number) => void;
  #header = '';
  #id = '';
  /** Content bytes still to come, then its newline; -1 while reading a header. */
  #remaining = -1;
  #size = 0;
  /** Whether the content is kept for the check (not when it is too large). */
  #checked = false;
  /** The content of a blob that spans chunks, copied into one buffer reused blob after blob. */
  #store: Buffer = Buffer.alloc(0);
  #stored = 0;
  /** The content of a blob that lies in one chunk with its end: no copy. */
  #whole: Buffer | null = null;

  constructor(onBlob: (id: string, mayHold: boolean, bytes: number) => void) {
    this.#onBlob = onBlob;
  }

  write(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.#remaining < 0) {
        const nl = chunk.indexOf(10, at);
        if (nl === -1) {
          this.#header += chunk.toString('latin1', at);
          return;
        }
        this.#startObject(this.#header + chunk.toString('latin1', at, nl));
        this.#header = '';
        at = nl + 1;
        continue;
      }
      // Content, then the newline that ends it.
      const take = Math.min(this.#remaining, chunk.length - at);
      const content = Math.min(take, this.#remaining - 1);
      if (this.#checked && content > 0) this.#keep(chunk, at, at + content, take === this.#remaining);
      this.#remaining -= take;
      at += take;
      if (this.#remaining === 0) this.#endObject();
    }
  }

  /** `ends`: the object ends in this chunk, so the content may be checked where it lies (the chunk may be reused). */
  #keep(chunk: Buffer, start: number, end: number, ends: boolean): void {
    if (ends && this.#stored === 0 && end - start === this.#size) {
      this.#whole = chunk.subarray(start, end);
      return;
    }
    if (this.#store.length < this.#size)
      this.#store = Buffer.allocUnsafe(Math.max(this.#size, this.#store.length * 2));
    this.#stored += chunk.copy(this.#store, this.#stored, start, end);
  }

  #startObject(header: string): void {
    const [id = '', type, size] = header.split(' ');
    if (type === undefined || size === undefined) {
      // `<sha> missing` (or ambiguous): the diff route reads it, or fails as it would.
      this.#onBlob(id, true, 0);
      return;
    }
    this.#id = id;
    this.#size = Number(size);
    this.#remaining = this.#size + 1;
    this.#checked = this.#size <= MAX_CHECKED_BLOB;
    this.#stored = 0;
    this.#whole = null;
  }

  #endObject(): void {
    const content = this.#whole ?? this.#store.subarray(0, this.#stored);
    const mayHold = !this.#checked || blobMayHold(content);
    this.#onBlob(this.#id, mayHold, this.#size);
    this.#whole = null;
    this.#remaining = -1;
  }
}

/** What a history worker thread checks blobs with: one `git cat-file --batch` kept running, asked batch by batch. */
export interface BlobChecker {
  /** The verdicts on `ids`, in order; one batch at a time. */
  check(ids: readonly string[]): Promise<BlobVerdicts>;
  /** Ends git; settles once it has exited. */
  close(): Promise<void>;
}

/** A pipe reader (PipeBlobReader) where named pipes can be made, else a stream reader (BlobReader). */
export function openBlobChecker(cwd: string): BlobChecker {
  return PipeBlobReader.open(cwd) ?? new BlobReader(cwd);
}

/**
 * Ids written at once, ahead of the answers read: fewer than three times this many are ever unanswered, 3 KB of
 * lines at most (65 bytes each with SHA-256 names), under even a one-page pipe (what Linux gives a user past its
 * pipe-user-pages-soft), so a write never waits on git while git waits on us.
 */
const IDS_AHEAD = 16;
/** Bytes read at once; a pipe rarely holds more than 64 KB. */
const READ_SIZE = 256 * 1024;

/**
 * `git cat-file --batch` on two named pipes, written and read synchronously by the worker thread whose only job,
 * while a check runs, is that check. Reading a pipe with blocking reads into one reused buffer costs git and Node
 * together about 0.3 s less CPU per 370 MB than a child's stdout stream (a socket read through the event loop, a
 * new buffer per chunk). Where named pipes cannot be made (Windows, no mkfifo), open() returns null.
 */
export class PipeBlobReader implements BlobChecker {
  readonly #proc: { done: Promise<void>; kill(): void };
  /** Our ends: the ids we write, the answers we read. */
  readonly #ids: number;
  readonly #answers: number;
  readonly #parser: CatFileParser;
  readonly #buffer = Buffer.allocUnsafe(READ_SIZE);
  #verdicts: BlobVerdicts = { mayHold: [], bytes: 0 };
  #failure: Error | null = null;
  #closed = false;

  static open(cwd: string): PipeBlobReader | null {
    let dir: string | null = null;
    const fds: number[] = [];
    try {
      dir = mkdtempSync(join(tmpdir(), 'secret-guard-'));
      const idsPath = join(dir, 'ids');
      const answersPath = join(dir, 'answers');
      if (spawnSync('mkfifo', ['-m', '600', idsPath, answersPath]).status !== 0) return null;
      const [idsOurs, idsGits] = openPipe(idsPath, 'write', fds);
      const [answersOurs, answersGits] = openPipe(answersPath, 'read', fds);
      const proc = spawnGitOnDescriptors(cwd, ['cat-file', '--batch'], idsGits, answersGits);
      // git has its copies: with ours closed, our reads end when git does, and our writes fail when it is gone.
      closeSync(idsGits);
      closeSync(answersGits);
      fds.length = 0;
      return new PipeBlobReader(proc, idsOurs, answersOurs);
    } catch {
      for (const fd of fds) closeSync(fd);
      return null;
    } finally {
      // The opened pipes live on without their names.
      if (dir !== null) rmSync(dir, { recursive: true, force: true });
    }
  }

  private constructor(proc: { done: Promise<void>; kill(): void }, ids: number, answers: number) {
    this.#proc = proc;
    this.#ids = ids;
    this.#answers = answers;
    this.#parser = new CatFileParser((_id, mayHold, bytes) => {
      this.#verdicts.mayHold.push(mayHold);
      this.#verdicts.bytes += bytes;
    });
  }

  async check(ids: readonly string[]): Promise<BlobVerdicts> {
    if (this.#failure !== null) throw this.#failure;
    const verdicts: BlobVerdicts = { mayHold: [], bytes: 0 };
    this.#verdicts = verdicts;
    try {
      let written = 0;
      while (verdicts.mayHold.length < ids.length) {
        if (written < ids.length && written - verdicts.mayHold.length < IDS_AHEAD * 2) {
          const next = ids.slice(written, written + IDS_AHEAD);
          writeSync(this.#ids, next.join('\n') + '\n');
          written += next.length;
          continue;
        }
        const read = readSync(this.#answers, this.#buffer, 0, READ_SIZE, null);
        if (read === 0) throw new PipeEnded('git cat-file --batch ended before answering');
        this.#parser.write(this.#buffer.subarray(0, read));
      }
      return verdicts;
    } catch (error) {
      // git ended (the pipe closed under a read or a write): its own account of why, when it has one.
      if (!endedPipe(error)) this.#proc.kill();
      this.#failure = await this.#proc.done.then(
        () => (error instanceof Error ? error : new Error(String(error))),
        (gitError: unknown) => (gitError instanceof Error ? gitError : new Error(String(gitError))),
      );
      throw this.#failure;
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    closeSync(this.#ids);
    await this.#proc.done.catch(() => {});
    closeSync(this.#answers);
  }
}

class PipeEnded extends Error {}

function endedPipe(error: unknown): boolean {
  return error instanceof PipeEnded || (error as NodeJS.ErrnoException).code === 'EPIPE';
}

/**
 * Opens both ends of the named pipe at `path`: ours (`read` or `write`) and git's, both blocking. Opening one end
 * waits for the other, so a non-blocking reader is opened first, to be closed once both ends are open.
 */
function openPipe(path: string, ours: 'read' | 'write', opened: number[]): [number, number] {
  const keep = (fd: number): number => {
    opened.push(fd);
    return fd;
  };
  const probe = keep(openSync(path, constants.O_RDONLY | constants.O_NONBLOCK));
  const writer = keep(openSync(path, constants.O_WRONLY));
  const reader = keep(openSync(path, constants.O_RDONLY));
  closeSync(probe);
  opened.splice(opened.indexOf(probe), 1);
  return ours === 'read' ? [reader, writer] : [writer, reader];
}

/**
 * One `git cat-file --batch` kept running and asked one batch of blobs at a time: what a history worker thread
 * checks blobs with, sparing a process start per batch. close() ends it.
 */
export class BlobReader implements BlobChecker {
  readonly #proc: ReturnType<typeof spawnGit>;
  readonly #parser: CatFileParser;
  #asked: {
    left: number;
    verdicts: BlobVerdicts;
    resolve(v: BlobVerdicts): void;
    reject(e: unknown): void;
  } | null = null;
  #failure: Error | null = null;
  #closed = false;

  constructor(cwd: string) {
    this.#parser = new CatFileParser((_id, mayHold, bytes) => {
      const asked = this.#asked;
      if (asked === null) return;
      asked.verdicts.mayHold.push(mayHold);
      asked.verdicts.bytes += bytes;
      if (--asked.left === 0) {
        this.#asked = null;
        asked.resolve(asked.verdicts);
      }
    });
    this.#proc = spawnGit({
      cwd,
      args: ['cat-file', '--batch'],
      keepStdinOpen: true,
      onStdout: (chunk) => {
        try {
          this.#parser.write(chunk);
        } catch (error) {
          this.#fail(error);
        }
      },
    });
    this.#proc.done.then(
      () => this.#fail(new Error('git cat-file --batch ended before answering')),
      (error: unknown) => this.#fail(error),
    );
  }

  /** The verdicts on `ids`, in order; one batch at a time. */
  async check(ids: readonly string[]): Promise<BlobVerdicts> {
    if (this.#failure !== null) throw this.#failure;
    if (this.#asked !== null) throw new Error('BlobReader.check() while a batch is being read');
    if (ids.length === 0) return { mayHold: [], bytes: 0 };
    return new Promise<BlobVerdicts>((resolve, reject) => {
      this.#asked = { left: ids.length, verdicts: { mayHold: [], bytes: 0 }, resolve, reject };
      this.#proc.stdin.write(ids.join('\n') + '\n');
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#proc.stdin.end();
    await this.#proc.done.catch(() => {});
  }

  #fail(error: unknown): void {
    if (this.#closed && this.#asked === null) return;
    this.#failure ??= error instanceof Error ? error : new Error(String(error));
    const asked = this.#asked;
    this.#asked = null;
    asked?.reject(this.#failure);
    this.#proc.kill();
  }
}

/** checkBlobs() on this thread, collecting the verdicts (without worker threads: tests, the TypeScript sources). */
export function checkBlobsHere(cwd: string, ids: readonly string[]): BlobCheckJob {
  const verdicts: BlobVerdicts = { mayHold: [], bytes: 0 };
  const job = checkBlobs(cwd, ids, (_id, mayHold, bytes) => {
    verdicts.mayHold.push(mayHold);
    verdicts.bytes += bytes;
  });
  return { done: job.done.then(() => verdicts), kill: () => job.kill() };
}

/** New blobs a thread's `git cat-file` is asked for at once. */
const BLOBS_PER_CHECK = 1024;
/** The first checks ask for fewer (doubling up to BLOBS_PER_CHECK), so that the threads start sooner. */
const FIRST_CHECK_BLOBS = 128;
/** And so do the checks left when the listing ends, so that the threads end together. */
const LAST_CHECK_BLOBS = 128;
/**
 * Checks asked at once for each thread that runs them. One: two (one running while the next waits, ready) were no
 * faster, and kept more in memory.
 */
const CHECKS_PER_THREAD = 1;
/** Verdicts remembered, so that a blob several commits bring (a revert, a cherry-pick) is read once. */
const REMEMBERED = 8192;

export interface PrefilterOptions {
  cwd: string;
  coverage: Coverage;
  /** Blob checks at once. */
  parallel: number;
  /** Where blobs are checked: a worker thread, or checkBlobsHere. */
  check: (ids: string[]) => BlobCheckJob;
}

/**
 * Lists the commits `git rev-list <revListArgs>` would, each either handed on as a candidate or counted as
 * scanned, with blob checks on `parallel` threads. The listing is paused while checks are backed up, and while
 * the consumer says so (pause(), resume()).
 */
export class CommitPrefilter implements Listing {
  readonly #coverage: Coverage;
  readonly #on: ListingHandlers;
  readonly #parallel: number;
  readonly #check: (ids: string[]) => BlobCheckJob;
  readonly #log: ReturnType<typeof spawnGit>;
  readonly #parser: RawLogParser;
  #verdicts = new Map<string, boolean>();
  #older = new Map<string, boolean>();
  readonly #running = new Set<BlobCheckJob>();
  /** Batches of commits whose blobs wait for a check. */
  readonly #waiting: CommitRecord[][] = [];
  #batch: CommitRecord[] = [];
  #batchBlobs = 0;
  #batchLimit = FIRST_CHECK_BLOBS;
  #listed = false;
  #paused = false;
  #failed = false;

  constructor(revListArgs: readonly string[], options: PrefilterOptions, on: ListingHandlers) {
    this.#coverage = options.coverage;
    this.#on = on;
    this.#parallel = Math.max(1, options.parallel);
    this.#check = options.check;
    this.#parser = new RawLogParser((commit) => this.#add(commit));
    this.#log = spawnGit({ cwd: options.cwd, args: [...RAW_LOG_ARGS, ...revListArgs] });
    this.#log.stdout.on('data', (chunk: Buffer) => {
      try {
        this.#parser.write(chunk);
      } catch (error) {
        this.#fail(error);
      }
    });
    this.#log.done.then(
      () => {
        if (this.#failed) return;
        this.#parser.end();
        this.#listed = true;
        this.#flush();
        this.#on.ending?.();
        this.#settle();
      },
      (error: unknown) => this.#fail(error),
    );
  }

  /** The consumer has enough queued: stop listing until resume(). */
  pause(): void {
    this.#paused = true;
    this.#log.stdout.pause();
  }

  resume(): void {
    this.#paused = false;
    this.#flow();
  }

  kill(): void {
    this.#failed = true;
    this.#log.kill();
    for (const job of this.#running) job.kill();
  }

  #add(commit: CommitRecord): void {
    this.#batch.push(commit);
    this.#batchBlobs += commit.blobs.length;
    if (this.#batchBlobs >= this.#batchLimit) {
      this.#flush();
      this.#batchLimit = Math.min(this.#batchLimit * 2, BLOBS_PER_CHECK);
    }
  }

  /**
   * The commits gathered so far wait for a check of their blobs. Once the listing is over, everything still waiting
   * is cut into small checks, which the threads take as they come free: none is left alone with a long one.
   */
  #flush(): void {
    if (this.#listed) {
      const left = [...this.#waiting.flat(), ...this.#batch];
      this.#waiting.length = 0;
      let part: CommitRecord[] = [];
      let partBlobs = 0;
      for (const commit of left) {
        part.push(commit);
        partBlobs += commit.blobs.length;
        if (partBlobs >= LAST_CHECK_BLOBS) {
          this.#waiting.push(part);
          part = [];
          partBlobs = 0;
        }
      }
      if (part.length > 0) this.#waiting.push(part);
    } else if (this.#batch.length > 0) {
      this.#waiting.push(this.#batch);
    }
    this.#batch = [];
    this.#batchBlobs = 0;
    this.#dispatch();
  }

  #dispatch(): void {
    while (this.#waiting.length > 0 && this.#running.size < this.#parallel * CHECKS_PER_THREAD) {
      this.#start(this.#waiting.shift()!);
    }
    this.#flow();
  }

  /** Lists on while the checks keep up and the consumer wants more. */
  #flow(): void {
    if (this.#paused || this.#waiting.length > 0) this.#log.stdout.pause();
    else this.#log.stdout.resume();
  }

  /** Checks the blobs of `commits`, and settles them when the check is done. */
  #start(commits: CommitRecord[]): void {
    const asked = new Set<string>();
    for (const commit of commits)
      for (const blob of commit.blobs) if (this.#remembered(blob) === undefined) asked.add(blob);
    if (asked.size === 0) {
      this.#decide(commits, asked, asked);
      return;
    }
    const ids = [...asked];
    const job = this.#check(ids);
    this.#running.add(job);
    job.done.then(
      ({ mayHold, bytes }) => {
        this.#running.delete(job);
        if (this.#failed) return;
        // Few blobs may hold a finding: only those are kept by name; the rest of `asked` may not.
        const holding = new Set<string>();
        ids.forEach((id, i) => {
          // A verdict missing from the reply (it cannot be: one per blob asked) reads as a candidate.
          const verdict = mayHold[i] ?? true;
          if (verdict) holding.add(id);
          this.#remember(id, verdict);
        });
        this.#coverage.bytes += bytes;
        this.#decide(commits, asked, holding);
        this.#dispatch();
        this.#settle();
      },
      (error: unknown) => this.#fail(error),
    );
  }

  /** Settles `commits` with the verdicts on `asked` (those in `holding` may hold a finding) and those remembered. */
  #decide(commits: readonly CommitRecord[], asked: ReadonlySet<string>, holding: ReadonlySet<string>): void {
    let cleared = 0;
    const mayHold = (blob: string): boolean =>
      asked.has(blob) ? holding.has(blob) : (this.#remembered(blob) ?? true);
    for (const commit of commits) {
      const candidate = commit.blobs.some(mayHold) || mayHoldFinding(commit.message);
      if (candidate) {
        this.#on.commit(commit.sha);
      } else {
        cleared++;
        this.#coverage.commits++;
        this.#coverage.files += commit.blobs.length;
      }
    }
    if (cleared > 0) this.#on.cleared(cleared);
  }

  /** The verdicts of the last REMEMBERED to 2 × REMEMBERED blobs checked, in two generations. */
  #remember(id: string, mayHold: boolean): void {
    if (this.#verdicts.size >= REMEMBERED) {
      this.#older = this.#verdicts;
      this.#verdicts = new Map();
    }
    this.#verdicts.set(id, mayHold);
  }

  #remembered(id: string): boolean | undefined {
    return this.#verdicts.get(id) ?? this.#older.get(id);
  }

  #settle(): void {
    const idle = this.#running.size === 0 && this.#waiting.length === 0 && this.#batch.length === 0;
    if (this.#listed && idle && !this.#failed) this.#on.done();
  }

  #fail(error: unknown): void {
    if (this.#failed) return;
    this.kill();
    this.#on.fail(error);
  }
}
