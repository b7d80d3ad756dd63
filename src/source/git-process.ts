// Streaming git reads. simple-git collects a command's whole output before it returns, which is fine for the
// short questions in repo.ts but not for a history: here git's stdout goes chunk by chunk to a callback (or an
// async iterator), and only stderr is kept (bounded) for the error message.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { OperationalError } from '../errors.js';

/** Enough of stderr for a message; git's first line is the useful one. */
const STDERR_LIMIT = 16 * 1024;

export interface GitProcess {
  /** Resolves when git exited with 0 and its stdout has been delivered; rejects with an OperationalError. */
  readonly done: Promise<void>;
  readonly stdout: ChildProcessWithoutNullStreams['stdout'];
  kill(): void;
}

export interface GitSpawnOptions {
  cwd: string;
  args: readonly string[];
  /** Written to git's stdin, which is then closed. Without it stdin is closed at once. */
  input?: string;
  /** Each stdout chunk as it arrives. Without it, read `stdout` yourself (e.g. as an async iterator). */
  onStdout?: (chunk: Buffer) => void;
}

export function spawnGit(options: GitSpawnOptions): GitProcess {
  // The inherited environment is kept on purpose: in a hook, GIT_DIR and GIT_INDEX_FILE say which repository
  // and which index (a partial commit's temporary one) to read.
  const child = spawn('git', options.args, {
    cwd: options.cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
    windowsHide: true,
  });
  let stderr = '';
  let killed = false;
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    if (stderr.length < STDERR_LIMIT) stderr += text;
  });
  // git may exit before reading all of its input (a bad revision): that EPIPE is reported through the exit code.
  child.stdin.on('error', () => {});
  child.stdin.end(options.input ?? '');
  const onStdout = options.onStdout;
  if (onStdout) child.stdout.on('data', (chunk: Buffer) => onStdout(chunk));

  const done = new Promise<void>((resolve, reject) => {
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        new OperationalError(
          error.code === 'ENOENT'
            ? 'git is not installed or not on PATH'
            : `cannot run git: ${error.message}`,
        ),
      );
    });
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else if (killed) reject(new OperationalError(`git ${subcommand(options.args)} was stopped`));
      else reject(new OperationalError(gitFailure(options.args, code, signal, stderr)));
    });
  });
  return {
    done,
    stdout: child.stdout,
    kill() {
      killed = true;
      child.kill();
    },
  };
}

/** The subcommand of an argument list that may start with `-c key=value` pairs and global options. */
function subcommand(args: readonly string[]): string {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-c' || arg === '-C') i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return '';
}

/**
 * git (2.35.2 and later) refuses a repository that another user owns, as in CI containers that run as root over
 * a checkout they did not make. Its own message spans four lines; this is one, with git's fix.
 */
export function dubiousOwnership(stderr: string): string | null {
  const folder = /detected dubious ownership in repository at '([^\n]*)'/.exec(stderr)?.[1];
  if (folder === undefined) return null;
  return `git refuses the repository at ${folder}: detected dubious ownership (the folder belongs to another user); if you trust it, run: git config --global --add safe.directory ${folder}`;
}

function gitFailure(
  args: readonly string[],
  code: number | null,
  signal: string | null,
  stderr: string,
): string {
  const dubious = dubiousOwnership(stderr);
  if (dubious !== null) return dubious;
  const first = stderr
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line.length > 0);
  const how = code !== null ? `exit code ${code}` : `signal ${signal ?? 'unknown'}`;
  return `git ${subcommand(args)} failed (${how})${first ? `: ${first}` : ''}`;
}
