// One file as a revision holds it (`git show <rev>:<path>`), for the `config` input pinned to a trusted revision.
import { OperationalError } from '../errors.js';
import { spawnGit } from '../git/run-git.js';

export async function readRevisionFile(cwd: string, rev: string, path: string): Promise<string> {
  const chunks: Buffer[] = [];
  try {
    await spawnGit({ cwd, args: ['show', `${rev}:${path}`], onStdout: (c) => chunks.push(c) }).done;
  } catch {
    throw new OperationalError(
      `the configuration file ${path} (input 'config') is not in the trusted revision ${rev.slice(0, 12)}: ` +
        'commit it to the base branch first (a pull request cannot bring its own)',
    );
  }
  return Buffer.concat(chunks).toString('utf8');
}
