// Checks made before a history scan, so that a scan never looks clean because git quietly saw less than asked:
// every revision must exist, and in a shallow clone the commits to scan must not reach the cut.
import { GitError, SHALLOW_FIX } from '../git/git-error.js';
import { isShallow, revisionExists, shallowBoundary } from '../git/repository.js';
import { spawnGit } from '../git/run-git.js';
import { ShaLines } from './sha-lines.js';

/** Throws OperationalError naming the first revision that is not a commit of this repository. */
export async function assertRevisionsExist(cwd: string, revs: readonly string[]): Promise<void> {
  let shallow: boolean | null = null;
  for (const rev of revs) {
    if (rev.length > 0 && !rev.startsWith('-') && (await revisionExists(cwd, rev))) continue;
    shallow ??= await isShallow(cwd);
    const why = shallow
      ? `not in this shallow clone, which lacks older history: ${SHALLOW_FIX}`
      : 'no such branch, tag or commit in this repository';
    throw new GitError('unknown-revision', `unknown revision '${rev}' (${why})`);
  }
}

/**
 * In a shallow clone, throws when the commits that `revListArgs` select include a boundary commit: git would
 * show that commit's whole tree as added and silently skip everything before it.
 */
export async function assertHistoryComplete(
  cwd: string,
  revListArgs: readonly string[],
  what: string,
): Promise<void> {
  if (!(await isShallow(cwd))) return;
  const boundary = await shallowBoundary(cwd);
  if (boundary.size === 0) return;
  const found: { sha: string | null } = { sha: null };
  const proc = spawnGit({ cwd, args: ['rev-list', ...revListArgs] });
  const lines = new ShaLines((sha) => {
    if (found.sha === null && boundary.has(sha)) {
      found.sha = sha;
      proc.kill();
    }
  });
  proc.stdout.on('data', (chunk: Buffer) => lines.write(chunk));
  try {
    await proc.done;
  } catch (error) {
    if (found.sha === null) throw error;
  }
  if (found.sha !== null) {
    throw new GitError(
      'missing-history',
      `cannot scan ${what}: this is a shallow clone and the history before commit ${found.sha.slice(0, 12)} ` +
        `was not fetched, so it would be skipped silently; ${SHALLOW_FIX}`,
    );
  }
}
