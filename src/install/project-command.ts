// How a hook line that is committed with the project (husky's scripts, lefthook.yml) runs secret-guard: from
// the project's own node_modules, by path. Never `npx secret-guard`, which would fetch whatever package holds
// that name on the registry when the project has none. pre-commit runs the package's shell hook, whose
// prefilter proves a clean commit clean without starting Node (see prefilter-script.ts).
import { access } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { HookName } from './hook-script.js';
import { shQuote } from './prefilter-script.js';

const BIN = join('node_modules', '.bin', 'secret-guard');
const SHELL_HOOK = join('node_modules', 'secret-guard', 'hooks', 'pre-commit');

/** The command line that runs each hook, git's arguments still to be added. */
export type ProjectCommands = Record<HookName, string>;

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/** A path relative to the repository root as one shell word, with `/` whatever the platform. */
function shPath(path: string): string {
  const slashed = path.split(sep).join('/');
  return /^[\w./@+-]+$/.test(slashed) ? slashed : shQuote(slashed);
}

/**
 * The commands, relative to the repository root (where git runs hooks), from the project's node_modules at the
 * root or, when the running CLI is installed in a package below the root, from that package's:
 * `sh node_modules/secret-guard/hooks/pre-commit` and `node_modules/.bin/secret-guard hook pre-push`. (A package
 * without hooks/pre-commit gets `node_modules/.bin/secret-guard hook pre-commit`.) Null when the project has no
 * secret-guard of its own.
 */
export async function projectCommands(root: string, runningCli: string): Promise<ProjectCommands | null> {
  const pkg = await projectPackage(root, runningCli);
  if (pkg === null) return null;
  const bin = shPath(join(pkg, BIN));
  const shellHook = join(pkg, SHELL_HOOK);
  return {
    'pre-commit': (await exists(join(root, shellHook)))
      ? `sh ${shPath(shellHook)}`
      : `${bin} hook pre-commit`,
    'pre-push': `${bin} hook pre-push`,
  };
}

/** The folder, relative to the root ('' for the root itself), whose node_modules holds secret-guard. */
async function projectPackage(root: string, runningCli: string): Promise<string | null> {
  if (await exists(join(root, BIN))) return '';
  // npm and pnpm alike: <package>/node_modules/[.pnpm/…/node_modules/]secret-guard/dist/cli.js
  const at = runningCli.indexOf(`${sep}node_modules${sep}`);
  if (at < 0) return null;
  const pkg = runningCli.slice(0, at);
  const fromRoot = relative(root, pkg);
  if (fromRoot.startsWith('..') || isAbsolute(fromRoot) || !(await exists(join(pkg, BIN)))) return null;
  return fromRoot;
}

/** What to write when the project has none: safe (never fetches), and says what is missing when run. */
export const FALLBACK_COMMANDS: ProjectCommands = {
  'pre-commit': 'npx --no-install secret-guard hook pre-commit',
  'pre-push': 'npx --no-install secret-guard hook pre-push',
};
