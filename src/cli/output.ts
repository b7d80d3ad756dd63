// What a command prints, collected rather than written, so that run() returns it and tests read it.
import type { Logger } from '../logger.js';
import type { CliResult } from './command.js';

export class Output {
  private readonly stdout: string[] = [];
  private readonly stderr: string[] = [];

  /** The core's messages go to stderr, beside the command's own. */
  readonly logger: Logger = {
    info: (message) => this.err(message),
    warn: (message) => this.err(`warning: ${message}`),
    progress: () => {},
  };

  /** Text for stdout (a report), written as given. */
  out(text: string): void {
    this.stdout.push(text);
  }

  /** One line for stderr; the newline is added. */
  err(line: string): void {
    this.stderr.push(`${line}\n`);
  }

  result(exitCode: number): CliResult {
    return { exitCode, stdout: this.stdout.join(''), stderr: this.stderr.join('') };
  }
}
