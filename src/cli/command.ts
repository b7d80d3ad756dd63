// What every command of the CLI is: a summary for the command list, its own help, and a run function that
// returns the exit code and writes through an Output. The dispatcher (run.ts) does the rest.
import type { Output } from './output.js';

/** What the bin hands the CLI: the process's environment, so that nothing below reads `process` itself. */
export interface CliIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** A function: touching process.stdin sets up a stream, which a commit hook never needs. */
  stdin: () => NodeJS.ReadableStream;
  /** For the progress line; writes go straight to the terminal. */
  stderrStream?: { isTTY?: boolean; write(s: string): boolean; columns?: number };
  stdoutIsTTY: boolean;
  /** The node binary and CLI bundle running now: what installed hooks will run. */
  nodePath: string;
  cliPath: () => string;
  /** The bundled worker-thread script for history scans, when running from the bundle. */
  threadScript?: string;
}

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface CommandContext {
  io: CliIo;
  output: Output;
}

export interface Command {
  /** One line for the command list of `secret-guard --help`. */
  summary: string;
  /** What `secret-guard <command> --help` prints: the synopsis and every option. */
  help: string;
  /** Returns the exit code. Throws UsageError or ConfigError (exit 2), anything else is exit 3. */
  run(args: string[], context: CommandContext): Promise<number>;
}
