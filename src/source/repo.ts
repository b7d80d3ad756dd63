// Short questions about the history, through simple-git (which buffers a command's output: fine for one
// line, never for a diff). The streaming reads are in git-process.ts; the root, asked on the hook path, is in
// repo-root.ts.
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { errorMessage, OperationalError } from '../errors.js';

// simple-git strips every GIT_* variable it inherits unless allowed. These say which repository, work tree and
// index to use (a hook runs with them set, e.g. GIT_INDEX_FILE for `git commit -a`), so the answers here must
// see them as the spawned git processes do.
const LOCATION_ENV = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_COMMON_DIR',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_QUARANTINE_PATH',
  'GIT_CEILING_DIRECTORIES',
  'GIT_DISCOVERY_ACROSS_FILESYSTEM',
  'GIT_CONFIG_NOSYSTEM',
  'GIT_CONFIG_GLOBAL',
  'GIT_CONFIG_SYSTEM',
];

function git(cwd: string): SimpleGit {
  try {
    return simpleGit({ baseDir: cwd, allowEnvironment: LOCATION_ENV, maxConcurrentProcesses: 4 });
  } catch (error) {
    // simple-git refuses a folder that does not exist before running anything.
    throw new OperationalError(`not a git repository: ${cwd} (${errorMessage(error)})`);
  }
}

/** git's answer with its trailing newline removed, or null when git failed. */
async function ask(cwd: string, args: string[]): Promise<string | null> {
  try {
    return (await git(cwd).raw(args)).trimEnd();
  } catch {
    return null;
  }
}

/** Whether `rev` names a commit in this repository. */
export async function revisionExists(cwd: string, rev: string): Promise<boolean> {
  const sha = await ask(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
  return sha !== null && sha.length > 0;
}

export async function isShallow(cwd: string): Promise<boolean> {
  return (await ask(cwd, ['rev-parse', '--is-shallow-repository'])) === 'true';
}

/** The boundary commits of a shallow clone: their parents were not fetched. Empty for a complete clone. */
export async function shallowBoundary(cwd: string): Promise<Set<string>> {
  const file = await ask(cwd, ['rev-parse', '--git-path', 'shallow']);
  if (!file) return new Set();
  try {
    const text = await readFile(isAbsolute(file) ? file : resolve(cwd, file), 'utf8');
    return new Set(text.split('\n').filter((line) => line.length > 0));
  } catch {
    return new Set();
  }
}
