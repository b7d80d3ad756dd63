// The CLI's logic: argv in, { exitCode, stdout, stderr } out. The bin (src/cli.ts) only prints and exits, so
// tests call run() in process. Each command is a file of its own, loaded only when it runs.
import { EXIT, UsageError, errorMessage, exitCodeFor } from '../errors.js';
import type { CliIo, CliResult, Command } from './command.js';
import { Output } from './output.js';
import { runCommand } from './run-command.js';
import { nearest } from './suggest.js';
import { VERSION } from './version.js';

/** Every command, in the order --help lists them. Adding one is one line here. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  scan: async () => (await import('./scan.js')).scanCommand,
  baseline: async () => (await import('./baseline.js')).baselineCommand,
  install: async () => (await import('./install.js')).installCommand,
  uninstall: async () => (await import('./install.js')).uninstallCommand,
  hook: async () => (await import('./hook.js')).hookCommand,
  audit: async () => (await import('./audit.js')).auditCommand,
};

export async function run(argv: string[], io: CliIo): Promise<CliResult> {
  const output = new Output();
  const [name, ...args] = argv;
  try {
    if (name === '--version' || name === '-v') {
      output.out(`${VERSION}\n`);
      return output.result(EXIT.clean);
    }
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      const help = await usage();
      // Without a command it is a usage error: the help goes where errors go.
      if (name === undefined) output.err(help);
      else output.out(`${help}\n`);
      return output.result(name === undefined ? EXIT.usage : EXIT.clean);
    }
    const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (load === undefined) {
      const names = Object.keys(COMMANDS);
      const guess = nearest(name, names);
      throw new UsageError(
        `unknown command '${name}'${guess ? `; did you mean '${guess}'?` : ''} (commands: ${names.join(', ')}; see secret-guard --help)`,
      );
    }
    return await runCommand(await load(), args, io);
  } catch (error) {
    output.err(`secret-guard: ${errorMessage(error)}`);
    return output.result(exitCodeFor(error));
  }
}

async function usage(): Promise<string> {
  const lines = [`secret-guard ${VERSION}: stop AWS access keys from leaking through Git`, ''];
  lines.push('Usage: secret-guard <command> [options]', '', 'Commands:');
  for (const [name, load] of Object.entries(COMMANDS)) {
    lines.push(`  ${name.padEnd(11)} ${(await load()).summary}`);
  }
  lines.push(
    '',
    'Run `secret-guard <command> --help` for its options. Without a source option, in a Git repository,',
    'scan looks at the staged changes (--staged).',
    'Exit codes: 0 nothing found, 1 findings, 2 usage or configuration error, 3 operational failure or a',
    'partial scan that found nothing.',
  );
  return lines.join('\n');
}
