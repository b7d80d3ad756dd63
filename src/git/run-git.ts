// Every git process secret-guard starts. Two shapes: streaming reads (a diff, a history, a file list), whose
// stdout goes chunk by chunk to the caller and is never held whole; and short questions (the root, a revision,
// the hooks path), whose one-line answer is collected. Both inherit the environment on purpose: in a hook,
// GIT_DIR, GIT_WORK_TREE and GIT_INDEX_FILE (a partial commit's temporary index) say what to read.
// Failures become GitErrors (git-error.ts); only a bounded start of stderr is kept, for the message.
import { spawn, type ChildProcess, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { statSync } from 'node:fs';
import { gitFailure, spawnFailure, stopped, type GitError } from './git-error.js';

/** Enough of stderr for a message; git's first lines are the useful ones. */
const STDERR_LIMIT = 16 * 1024;

interface GitProcess {
  /** Resolves when git exited with 0 and its stdout has been delivered; rejects with a GitError. */
  readonly done: Promise<void>;
  readonly stdout: ChildProcessWithoutNullStreams['stdout'];
  /** git's stdin: open only with `keepStdinOpen`, for a process that answers request after request. */
  readonly stdin: ChildProcessWithoutNullStreams['stdin'];
  kill(): void;
}

interface GitSpawnOptions {
  cwd: string;
  args: readonly string[];
  /** Written to git's stdin, which is then closed. Without it stdin is closed at once. */
  input?: string;
  /** Leave stdin open for the caller to write (`git cat-file --batch`); `input` is then not written. */
  keepStdinOpen?: boolean;
  /** Each stdout chunk as it arrives. Without it, read `stdout` yourself (e.g. as an async iterator). */
  onStdout?: (chunk: Buffer) => void;
}

export function spawnGit(options: GitSpawnOptions): GitProcess {
  const { cwd, args } = options;
  const child = spawn('git', args, { cwd, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
  // git may exit before reading all of its input (a bad revision): that EPIPE is reported through the exit code.
  child.stdin.on('error', () => {});
  if (!options.keepStdinOpen) child.stdin.end(options.input ?? '');
  const onStdout = options.onStdout;
  if (onStdout) child.stdout.on('data', (chunk: Buffer) => onStdout(chunk));
  return { ...watch(child, cwd, args), stdout: child.stdout, stdin: child.stdin };
}

/**
 * git with its stdin and stdout on descriptors of the caller's (the ends of named pipes, read and written
 * synchronously: scan/commit-prefilter.ts), which the child gets copies of; the caller closes its own.
 */
export function spawnGitOnDescriptors(
  cwd: string,
  args: readonly string[],
  stdin: number,
  stdout: number,
): { done: Promise<void>; kill(): void } {
  const child = spawn('git', args, { cwd, stdio: [stdin, stdout, 'pipe'], windowsHide: true });
  return watch(child, cwd, args);
}

/** Collects a bounded start of stderr and turns the exit into `done`; kill() stops git. */
function watch(
  child: ChildProcess,
  cwd: string,
  args: readonly string[],
): { done: Promise<void>; kill(): void } {
  let stderr = '';
  let killed = false;
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    if (stderr.length < STDERR_LIMIT) stderr += text;
  });
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', (error: NodeJS.ErrnoException) => reject(spawnFailure(cwd, error, isFolder(cwd))));
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else if (killed) reject(stopped(args));
      else reject(gitFailure(cwd, args, code, signal, stderr));
    });
  });
  return {
    done,
    kill() {
      killed = true;
      child.kill();
    },
  };
}

/**
 * Run git and hand each stdout chunk to `onChunk` (a parser). When `onChunk` throws, git is stopped and `done`
 * rejects with that error, so a failing sink fails the scan instead of escaping as an uncaught stream event.
 */
export function pipeGit(
  options: { cwd: string; args: readonly string[]; input?: string },
  onChunk: (chunk: Buffer) => void,
): { done: Promise<void>; kill(): void } {
  let failure: unknown = null;
  let failed = false;
  const proc = spawnGit({
    ...options,
    onStdout: (chunk) => {
      if (failed) return;
      try {
        onChunk(chunk);
      } catch (error) {
        failed = true;
        failure = error;
        proc.kill();
      }
    },
  });
  const done = proc.done.then(
    () => {
      if (failed) throw failure;
    },
    (error: unknown) => {
      throw failed ? failure : error;
    },
  );
  return { done, kill: () => proc.kill() };
}

/** A short question: git's whole stdout without its trailing newline. Rejects with a GitError. */
export async function gitOutput(cwd: string, args: readonly string[]): Promise<string> {
  const chunks: Buffer[] = [];
  await spawnGit({ cwd, args, onStdout: (chunk) => chunks.push(chunk) }).done;
  return Buffer.concat(chunks).toString('utf8').trimEnd();
}

/**
 * A question whose "no" is git failing (`rev-parse --verify`, `cat-file -e`): null when git ran and said no.
 * Anything that stops git from answering at all (not installed, not a repository, dubious ownership) still throws.
 */
export async function tryGitOutput(cwd: string, args: readonly string[]): Promise<string | null> {
  try {
    return await gitOutput(cwd, args);
  } catch (error) {
    const kind = (error as GitError).kind;
    if (kind === 'failed' || kind === 'unknown-revision') return null;
    throw error;
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
