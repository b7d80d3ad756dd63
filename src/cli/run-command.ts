// One command's run, as every entry runs it: its help when asked, else its exit code; errors become one line and
// the exit code their kind calls for. run.ts finds the command by name; dist/pre-commit.cjs runs the hook alone.
import { EXIT, errorMessage, exitCodeFor } from '../errors.js';
import type { CliIo, CliResult, Command } from './command.js';
import { Output } from './output.js';

export async function runCommand(command: Command, args: string[], io: CliIo): Promise<CliResult> {
  const output = new Output();
  try {
    if (wantsHelp(args)) {
      output.out(`${command.help}\n`);
      return output.result(EXIT.clean);
    }
    return output.result(await command.run(args, { io, output }));
  } catch (error) {
    output.err(`secret-guard: ${errorMessage(error)}`);
    return output.result(exitCodeFor(error));
  }
}

/** `-h` or `--help` anywhere before a `--` that ends the options. */
function wantsHelp(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}
