// `secret-guard install` / `uninstall`: which hooks, then the work in src/install/.
import { EXIT, UsageError } from '../errors.js';
import { HOOK_NAMES, type HookName } from '../install/hook-script.js';
import { parseOptions } from './args.js';
import type { Command } from './command.js';

const OPTIONS = { hook: { type: 'string' } } as const;

function hooksFrom(command: string, args: string[]): HookName[] {
  const { values } = parseOptions(command, args, OPTIONS);
  const which = values.hook ?? 'all';
  if (which === 'all') return [...HOOK_NAMES];
  const hook = HOOK_NAMES.find((name) => name === which);
  if (hook === undefined) {
    throw new UsageError(`--hook must be ${HOOK_NAMES.join(', ')} or all, got '${which}'`);
  }
  return [hook];
}

const HOOK_OPTION = `  --hook <hook>         ${HOOK_NAMES.join(', ')} or all (default: all)
  -h, --help            show this help`;

export const installCommand: Command = {
  summary: 'install the pre-commit and pre-push hooks in this repository',
  help: `Usage: secret-guard install [--hook ${HOOK_NAMES.join('|')}|all]

Writes hooks that run this very secret-guard (or the one in the repository's node_modules). Honours
core.hooksPath, keeps a hook that was already there (it runs first) and is safe to run twice. Refuses a bare
repository, and warns before writing into a core.hooksPath that your global git configuration sets.
Under husky 9 it adds one line to .husky/pre-commit and .husky/pre-push instead (making them if absent); where
lefthook manages the hooks it writes nothing and prints what to add to lefthook.yml (exit 2).

Options:
${HOOK_OPTION}`,

  async run(args, { io, output }) {
    const hooks = hooksFrom('install', args);
    const { installHooks } = await import('../install/install-hooks.js');
    const target = { node: io.nodePath, cli: io.cliPath() };
    const { lines, installed } = await installHooks(io.cwd, hooks, target, output.logger);
    if (!installed) {
      for (const line of lines) output.err(line);
      return EXIT.usage;
    }
    for (const line of lines) output.out(`${line}\n`);
    return EXIT.clean;
  },
};

export const uninstallCommand: Command = {
  summary: 'remove the hooks that install wrote, restoring what was there before',
  help: `Usage: secret-guard uninstall [--hook ${HOOK_NAMES.join('|')}|all]

Removes exactly what install added: its hooks (the hook that was there before comes back, also where
\`pre-commit install\` moved it to <hook>.legacy) and its lines in husky's scripts.

Options:
${HOOK_OPTION}`,

  async run(args, { io, output }) {
    const hooks = hooksFrom('uninstall', args);
    const { uninstallHooks } = await import('../install/install-hooks.js');
    for (const line of await uninstallHooks(io.cwd, hooks)) output.out(`${line}\n`);
    return EXIT.clean;
  },
};
