// Short questions about the repository, each one small git process (run-git.ts). The root is asked on every
// scan, hooks included, so this module stays light: no library, only Node's own modules.
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { notARepository, type GitError } from './git-error.js';
import { gitOutput, tryGitOutput } from './run-git.js';

const roots = new Map<string, Promise<string | null>>();

async function lookUpRoot(cwd: string): Promise<string | null> {
  try {
    return await gitOutput(cwd, ['rev-parse', '--show-toplevel']);
  } catch (error) {
    if ((error as GitError).kind === 'not-a-repository') return null;
    if ((error as GitError).kind !== 'failed') throw error;
  }
  // No work tree here (a bare repository, or inside .git): a bare repository's git folder stands in for the root.
  if ((await tryGitOutput(cwd, ['rev-parse', '--is-bare-repository'])) === 'true') {
    return gitOutput(cwd, ['rev-parse', '--absolute-git-dir']);
  }
  return null;
}

/**
 * The top folder of the work tree that contains `cwd` (the git folder itself for a bare repository). Answers
 * are kept per folder: the core and the source stage both ask. Throws "not a git repository: <cwd>" unless
 * `optional`, which returns null instead; a repository git refuses to open (dubious ownership) and a missing
 * git always throw, since they are not "no repository".
 */
export async function findRepoRoot(cwd: string): Promise<string>;
export async function findRepoRoot(cwd: string, options: { optional: true }): Promise<string | null>;
export async function findRepoRoot(
  cwd: string,
  options: { optional?: boolean } = {},
): Promise<string | null> {
  let pending = roots.get(cwd);
  if (!pending) {
    pending = lookUpRoot(cwd);
    roots.set(cwd, pending);
  }
  const root = await pending;
  if (root || options.optional) return root || null;
  throw notARepository(cwd);
}

/** Whether `rev` names a commit in this repository. */
export async function revisionExists(cwd: string, rev: string): Promise<boolean> {
  const sha = await tryGitOutput(cwd, [
    'rev-parse',
    '--verify',
    '--quiet',
    '--end-of-options',
    `${rev}^{commit}`,
  ]);
  return sha !== null && sha.length > 0;
}

/** Whether the object `sha` is a commit this repository has. */
export async function hasCommit(cwd: string, sha: string): Promise<boolean> {
  return (await tryGitOutput(cwd, ['cat-file', '-e', `${sha}^{commit}`])) !== null;
}

export async function isShallow(cwd: string): Promise<boolean> {
  return (await gitOutput(cwd, ['rev-parse', '--is-shallow-repository'])) === 'true';
}

/** The boundary commits of a shallow clone: their parents were not fetched. Empty for a complete clone. */
export async function shallowBoundary(cwd: string): Promise<Set<string>> {
  const file = await gitOutput(cwd, ['rev-parse', '--git-path', 'shallow']);
  try {
    const text = await readFile(isAbsolute(file) ? file : resolve(cwd, file), 'utf8');
    return new Set(text.split('\n').filter((line) => line.length > 0));
  } catch {
    return new Set();
  }
}

/** The folder git runs hooks from: core.hooksPath when set, else the git folder's `hooks`. */
export async function hooksDir(cwd: string): Promise<string> {
  const path = await gitOutput(cwd, ['rev-parse', '--git-path', 'hooks']);
  return isAbsolute(path) ? path : join(cwd, path);
}
