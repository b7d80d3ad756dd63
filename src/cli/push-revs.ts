// What a `git push` sends, from the lines git gives the pre-push hook on stdin:
//   <local ref> SP <local sha> SP <remote ref> SP <remote sha> LF
// The commits to scan are those reachable from the pushed shas and not already on the remote: like the
// pre-commit framework, exclude everything the remote's tracking refs know, and each remote sha we have.
// So a new branch scans only its own commits, a forced push scans what the remote lacks, a deletion nothing.
import { hasCommit } from '../git/repository.js';

const ZERO = /^0+$/;

export function parsePushLines(text: string): Array<{ localSha: string; remoteSha: string }> {
  const updates: Array<{ localSha: string; remoteSha: string }> = [];
  for (const line of text.split('\n')) {
    const [, localSha, , remoteSha] = line.trim().split(/\s+/);
    if (localSha && remoteSha && /^[0-9a-f]{40,64}$/.test(localSha)) updates.push({ localSha, remoteSha });
  }
  return updates;
}

/** rev-list arguments for the pushed commits, or null when the push sends none (only deletions). */
export async function pushRevs(refLines: string, remote: string, cwd: string): Promise<string[] | null> {
  const updates = parsePushLines(refLines).filter((u) => !ZERO.test(u.localSha));
  if (updates.length === 0) return null;
  const exclude: string[] = [];
  for (const { remoteSha } of updates) {
    if (!ZERO.test(remoteSha) && (await hasCommit(cwd, remoteSha))) exclude.push(remoteSha);
  }
  // A push to a URL has no remote-tracking refs to exclude; `--remotes=<url>` would simply match nothing.
  return [...updates.map((u) => u.localSha), '--not', ...exclude, `--remotes=${remote}`];
}
