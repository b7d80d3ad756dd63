// Files as a commit holds them, for settings that must not come from the work tree (`--settings-from`) and for
// what the scanned commits change in secret-guard's own settings. Small files only: each is read whole.
import { OperationalError } from '../errors.js';
import { ShaLines } from '../source/sha-lines.js';
import { gitOutput, pipeGit, spawnGit, tryGitOutput } from './run-git.js';

/** A file at a commit: its blob's object name, its size, and its content (null when over the size limit). */
export interface RevisionFile {
  oid: string;
  size: number;
  content: Buffer | null;
}

/** The commit `rev` names, or null when it names none in this repository. */
export async function resolveCommit(cwd: string, rev: string): Promise<string | null> {
  const sha = await tryGitOutput(cwd, [
    'rev-parse',
    '--verify',
    '--quiet',
    '--end-of-options',
    `${rev}^{commit}`,
  ]);
  return sha ? sha : null;
}

/**
 * Each `<commit>:<path>` as a file, or null where the commit has no file at that path (absent, or a folder).
 * Sizes are asked first (`cat-file --batch-check`), so that a blob over `maxBytes` is never read into memory.
 * Throws a GitError when git fails.
 */
export async function readRevisionFiles(
  cwd: string,
  specs: ReadonlyArray<{ commit: string; path: string }>,
  maxBytes: number,
): Promise<Array<RevisionFile | null>> {
  if (specs.length === 0) return [];
  const odd = specs.find(({ path }) => path.includes('\n'));
  if (odd) throw new OperationalError(`cannot read a file whose name holds a line break at ${odd.commit}`);
  // `<oid> <type> <size>` for each, or `<spec> missing` (and `ambiguous`) when there is no such object.
  const checked: Buffer[] = [];
  await spawnGit({
    cwd,
    args: ['cat-file', '--batch-check'],
    input: specs.map(({ commit, path }) => `${commit}:${path}\n`).join(''),
    onStdout: (chunk) => checked.push(chunk),
  }).done;
  const lines = Buffer.concat(checked).toString('utf8').trimEnd().split('\n');
  const files = lines.map((line): RevisionFile | null => {
    const [oid = '', type = '', size = '', ...rest] = line.split(' ');
    if (rest.length > 0 || type !== 'blob' || !/^\d+$/.test(size)) return null;
    return { oid, size: Number(size), content: null };
  });
  if (files.length !== specs.length)
    throw new OperationalError('git cat-file --batch-check gave too few answers');
  const wanted = files.filter((file): file is RevisionFile => file !== null && file.size <= maxBytes);
  if (wanted.length > 0) {
    const chunks: Buffer[] = [];
    await spawnGit({
      cwd,
      args: ['cat-file', '--batch'],
      input: wanted.map((file) => `${file.oid}\n`).join(''),
      onStdout: (chunk) => chunks.push(chunk),
    }).done;
    const out = Buffer.concat(chunks);
    let at = 0;
    for (const file of wanted) {
      // `<oid> blob <size>\n<content>\n`
      const start = out.indexOf(0x0a, at) + 1;
      file.content = out.subarray(start, start + file.size);
      at = start + file.size + 1;
    }
  }
  return files;
}

/**
 * The commits just outside what `revListArgs` select (git's `--boundary`): the trusted side a range or a push
 * starts from. Empty when the selection reaches a root commit on every line.
 */
export async function boundaryCommits(cwd: string, revListArgs: readonly string[]): Promise<string[]> {
  const boundary: string[] = [];
  const lines = new ShaLines((line) => {
    if (line.startsWith('-')) boundary.push(line.slice(1));
  });
  await pipeGit({ cwd, args: ['rev-list', '--boundary', ...revListArgs] }, (chunk) => lines.write(chunk))
    .done;
  lines.end();
  return boundary;
}

/** The paths matching `pathspecs` whose content differs between two commits (`from` null: the empty tree). */
export async function changedPaths(
  cwd: string,
  from: string | null,
  to: string,
  pathspecs: readonly string[],
): Promise<string[]> {
  // The empty tree's name depends on the repository's hash (SHA-1 or SHA-256): ask git.
  const base = from ?? (await gitOutput(cwd, ['hash-object', '-t', 'tree', '--stdin']));
  const out = await gitOutput(cwd, [
    'diff-tree',
    '-r',
    '-z',
    '--name-only',
    '--no-renames',
    base,
    to,
    '--',
    ...pathspecs,
  ]);
  return out.split('\0').filter((path) => path.length > 0);
}
