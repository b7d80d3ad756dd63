// run() in this process, with a CliIo that stands in for the bin's: no child process, no bundle.
import { Readable } from 'node:stream';
import type { CliIo, CliResult } from '../../src/cli/command.js';
import { run } from '../../src/cli/run.js';
import { gitEnv } from '../helpers/git-repo.js';

export async function runInProcess(
  argv: string[],
  options: { cwd?: string; stdin?: string; io?: Partial<CliIo> } = {},
): Promise<CliResult> {
  return run(argv, {
    cwd: options.cwd ?? process.cwd(),
    env: { ...gitEnv },
    stdin: () => Readable.from([options.stdin ?? '']),
    stdoutIsTTY: false,
    nodePath: process.execPath,
    cliPath: () => '/nowhere/secret-guard/dist/cli.js',
    ...options.io,
  });
}
