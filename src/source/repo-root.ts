// The repository root: the one question every scan asks, hooks included, so it spawns git directly (one
// process, a few milliseconds) instead of loading simple-git on the hook path. Answers are kept per folder:
// the core and the source stage both ask.
import { execFile } from 'node:child_process';
import { OperationalError } from '../errors.js';

/** git's answer with its trailing newline removed, or null when git failed. */
async function ask(cwd: string, args: string[]): Promise<string | null> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd, encoding: 'utf8' }, (error, stdout) =>
      resolve(error ? null : stdout.trimEnd()),
    );
  });
}

const roots = new Map<string, Promise<string | null>>();

async function lookUp(cwd: string): Promise<string | null> {
  const top = await ask(cwd, ['rev-parse', '--show-toplevel']);
  if (top) return top;
  // A bare repository has no work tree: its git folder stands in for the root.
  if ((await ask(cwd, ['rev-parse', '--is-bare-repository'])) === 'true') {
    return ask(cwd, ['rev-parse', '--absolute-git-dir']);
  }
  return null;
}

/**
 * The top folder of the work tree that contains `cwd` (the git folder itself for a bare repository).
 * Throws OperationalError "not a git repository: <cwd>" unless `optional`, which returns null instead.
 */
export async function findRepoRoot(cwd: string): Promise<string>;
export async function findRepoRoot(cwd: string, options: { optional: true }): Promise<string | null>;
export async function findRepoRoot(
  cwd: string,
  options: { optional?: boolean } = {},
): Promise<string | null> {
  let pending = roots.get(cwd);
  if (!pending) {
    pending = lookUp(cwd);
    roots.set(cwd, pending);
  }
  const root = await pending;
  if (root || options.optional) return root || null;
  throw new OperationalError(`not a git repository: ${cwd}`);
}
