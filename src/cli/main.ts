// What both bins do around the CLI's logic: hand it the process's environment, print what it returns, set the exit
// code. src/cli.ts runs the CLI (ES modules, split into chunks); src/pre-commit-main.ts the hook alone (one file).
import { fstatSync, realpathSync, writeSync } from 'node:fs';
import { EXIT } from '../errors.js';
import type { CliIo, CliResult } from './command.js';

/** run() of run.ts, or one command alone. */
type Runner = (argv: string[], io: CliIo) => Promise<CliResult>;

export async function main(run: Runner, threadScript?: string): Promise<void> {
  // The SDK's notice about its own future Node support says nothing about this scan; keep it out of reports.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const cwd = currentFolder();
  const result = cwd === null ? NO_FOLDER : await runHere(run, cwd, threadScript);
  process.exitCode = result.exitCode;
  write(1, result.stdout);
  write(2, result.stderr);
}

const NO_FOLDER = {
  exitCode: 3,
  stdout: '',
  stderr:
    'secret-guard: the current folder no longer exists (deleted or moved): cd into an existing folder and run again\n',
};

/** The folder the command runs in; null when it was deleted under the shell (process.cwd() then throws). */
function currentFolder(): string | null {
  try {
    return process.cwd();
  } catch {
    return null;
  }
}

async function runHere(run: Runner, cwd: string, threadScript: string | undefined): Promise<CliResult> {
  return run(process.argv.slice(2), {
    cwd,
    env: process.env,
    stdin: () => process.stdin,
    // Touching process.stderr or process.stdout sets up a stream (Node's stream, socket and tty modules): the
    // stderr stream only when a history scan's progress line wants it, and a terminal is told by its file type.
    get stderrStream() {
      return process.stderr;
    },
    stdoutIsTTY: isTerminal(1),
    nodePath: process.execPath,
    cliPath: () => realpathSync(process.argv[1] ?? '.'),
    ...(threadScript ? { threadScript } : {}),
  });
}

/** A character device: a terminal (or /dev/null, where colours do no harm). */
function isTerminal(fd: number): boolean {
  try {
    return fstatSync(fd).isCharacterDevice();
  } catch {
    return false;
  }
}

/**
 * The whole output at once, written straight to the file descriptor: process.stdout would first set up a stream
 * (and load Node's stream and socket modules) for one write. A descriptor that cannot take it at once (a pipe set
 * non-blocking by whoever shares it) gets the rest through the stream, which waits.
 * A reader that stops early (`secret-guard scan --all | head`) closes the pipe: the rest has nowhere to go, and the
 * exit code still says what was found. Any other failure (a full disk under `> report.txt`) loses the report: one
 * line says so, and the run is an operational failure unless it found keys.
 */
function write(fd: 1 | 2, text: string): void {
  if (text.length === 0) return;
  const bytes = Buffer.from(text, 'utf8');
  let done = 0;
  try {
    while (done < bytes.length) done += writeSync(fd, bytes, done);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EAGAIN') {
      const stream = fd === 1 ? process.stdout : process.stderr;
      stream.on('error', (late: NodeJS.ErrnoException) => writeFailed(fd, late));
      stream.write(bytes.subarray(done));
    } else writeFailed(fd, error as NodeJS.ErrnoException);
  }
}

function writeFailed(fd: 1 | 2, error: NodeJS.ErrnoException): void {
  if (error.code === 'EPIPE') return;
  if (Number(process.exitCode) !== EXIT.findings) process.exitCode = EXIT.operational;
  if (fd === 1) {
    try {
      writeSync(2, `secret-guard: cannot write the report: ${error.message}\n`);
    } catch {
      // Nowhere left to say it.
    }
  }
}
