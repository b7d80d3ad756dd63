// The repository root: the one question every scan asks, hooks included, so it spawns git directly (one
// process, a few milliseconds) instead of loading simple-git on the hook path. Answers are kept per folder:
// the core and the source stage both ask.
import { execFile } from 'node:child_process';
import { OperationalError } from '../errors.js';
import { dubiousOwnership } from './git-process.js';

/** git's answer with its trailing newline removed, or its stderr when it failed. */
async function ask(cwd: string, args: string[]): Promise<{ answer: string } | { stderr: string }> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd, encoding: 'utf8' }, (error, stdout, stderr) =>
      resolve(error ? { stderr } : { answer: stdout.trimEnd() }),
    );
  });
}

/** The root, or why there is none. */
const roots = new Map<string, Promise<string | OperationalError>>();

async function lookUp(cwd: string): Promise<string | OperationalError> {
  const top = await ask(cwd, ['rev-parse', '--show-toplevel']);
  if ('answer' in top) return top.answer;
  const refused = dubiousOwnership(top.stderr);
  if (refused !== null) return new OperationalError(refused);
  // A bare repository has no work tree: its git folder stands in for the root.
  const bare = await ask(cwd, ['rev-parse', '--is-bare-repository']);
  if ('answer' in bare && bare.answer === 'true') {
    const dir = await ask(cwd, ['rev-parse', '--absolute-git-dir']);
    if ('answer' in dir) return dir.answer;
  }
  return new OperationalError(`not a git repository: ${cwd}`);
}

/**
 * The top folder of the work tree that contains `cwd` (the git folder itself for a bare repository).
 * Throws OperationalError "not a git repository: <cwd>" (or git's refusal of a folder another user owns) unless
 * `optional`, which returns null instead.
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
  if (typeof root === 'string') return root;
  if (options.optional) return null;
  throw root;
}
