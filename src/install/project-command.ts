// How a hook line that is committed with the project (husky's scripts, lefthook.yml) runs secret-guard: from
// the project's own node_modules, by path. Never `npx secret-guard`, which would fetch whatever package holds
// that name on the registry when the project has none.
import { access } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';

const BIN = join('node_modules', '.bin', 'secret-guard');

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/**
 * The command, relative to the repository root (where git runs hooks): `node_modules/.bin/secret-guard`, or
 * `<package>/node_modules/.bin/secret-guard` when the running CLI is installed in a package below the root.
 * Null when the project has no secret-guard of its own.
 */
export async function projectCommand(root: string, runningCli: string): Promise<string | null> {
  if (await exists(join(root, BIN))) return BIN.split(sep).join('/');
  // npm and pnpm alike: <package>/node_modules/[.pnpm/…/node_modules/]secret-guard/dist/cli.js
  const at = runningCli.indexOf(`${sep}node_modules${sep}`);
  if (at < 0) return null;
  const pkg = runningCli.slice(0, at);
  const fromRoot = relative(root, pkg);
  if (fromRoot.startsWith('..') || isAbsolute(fromRoot) || !(await exists(join(pkg, BIN)))) return null;
  return join(fromRoot, BIN).split(sep).join('/');
}

/** What to write when the project has none: safe (never fetches), and says what is missing when run. */
export const FALLBACK_COMMAND = 'npx --no-install secret-guard';
