// Files and folders on disk, whole content. Inside a repository a folder's files are what git would track
// (`git ls-files -co --exclude-standard`: tracked plus untracked-not-ignored, never `.git`); outside one the
// folder is walked. Symlinks met while listing are not followed, so the scan never leaves the tree; a path the
// user names is read whatever .gitignore says, and a named symlink is followed (it was asked for). What a folder
// leaves out by design (ignored files, symlinks) is counted in the coverage's `excluded`.
// Whatever cannot be read (no permission, a FIFO or device named, a symlink loop) is named in the coverage's
// errors: the scan is partial, never clean.
import { lstat, readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { errorMessage, OperationalError } from '../errors.js';
import { readFileLines } from './file-lines.js';
import { findRepoRoot } from '../git/repository.js';
import { gitOutput, spawnGit } from '../git/run-git.js';
import { GIT_CONFIG_ARGS } from './git-flags.js';
import { noteError, type Coverage } from '../types.js';
import type { SourceContext } from './source-context.js';

export async function readPaths(paths: readonly string[], ctx: SourceContext): Promise<void> {
  const root = await findRepoRoot(ctx.cwd, { optional: true });
  // Findings name files relative to the repository root, or to where the command runs outside one.
  const base = root ?? resolve(ctx.cwd);
  const display = (file: string): string => relative(base, file).split(sep).join('/');
  const unreadable = (file: string, error: unknown): void => {
    const skipped = ctx.coverage.skipped;
    skipped['unreadable'] = (skipped['unreadable'] ?? 0) + 1;
    const message = `cannot read ${display(file) || '.'}: ${errorMessage(error)}`;
    ctx.logger.warn(message);
    noteError(ctx.coverage, message);
  };

  // Every named path must exist before anything is scanned: a typo is an error, not a clean result.
  const named: Array<{ file: string; isDirectory: boolean } | null> = [];
  for (const path of paths) {
    const file = resolve(ctx.cwd, path);
    try {
      const info = await stat(file);
      if (info.isDirectory() || info.isFile()) named.push({ file, isDirectory: info.isDirectory() });
      else {
        // Reading a FIFO would wait for a writer, a device may never end: neither is a file to scan.
        const message = `cannot read ${path}: not a regular file or folder (${specialKind(info)})`;
        ctx.logger.warn(message);
        noteError(ctx.coverage, message);
        const skipped = ctx.coverage.skipped;
        skipped['not-a-file'] = (skipped['not-a-file'] ?? 0) + 1;
        named.push(null);
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR')
        throw new OperationalError(`no such file or directory: ${path}`);
      unreadable(file, error);
      named.push(null);
    }
  }

  const sink = ctx.createSink();
  const seen = new Set<string>();
  const scan = async (file: string): Promise<void> => {
    if (seen.has(file)) return;
    seen.add(file);
    try {
      await readFileLines(file, display(file), sink, ctx.coverage);
    } catch (error) {
      if (!isFileSystemError(error)) throw error;
      unreadable(file, error);
    }
  };
  for (const entry of named) {
    if (entry === null) continue;
    if (!entry.isDirectory) await scan(entry.file);
    else for await (const file of listFolder(entry.file, unreadable, ctx.coverage)) await scan(file);
  }
  sink.end();
}

function specialKind(info: { isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean }): string {
  if (info.isFIFO()) return 'a FIFO';
  if (info.isSocket()) return 'a socket';
  return info.isCharacterDevice() ? 'a character device' : 'a block device';
}

/** A file system error (it has an errno code), as opposed to an error thrown by the sink. */
function isFileSystemError(error: unknown): boolean {
  return typeof (error as NodeJS.ErrnoException | null)?.code === 'string';
}

async function* listFolder(
  folder: string,
  unreadable: (file: string, error: unknown) => void,
  coverage: Coverage,
): AsyncGenerator<string> {
  const repo = await findRepoRoot(folder, { optional: true });
  if (repo !== null && isInside(repo, folder)) {
    // Informational: a failure to count is not a failure to scan.
    const ignored = countIgnored(repo, folder).catch(() => 0);
    yield* listTracked(repo, folder, coverage);
    exclude(coverage, 'gitignored', await ignored);
  } else yield* walk(folder, unreadable, coverage);
}

/** Count what a folder leaves out by design: it is listed in the report, and does not make the scan partial. */
function exclude(coverage: Coverage, reason: string, count = 1): void {
  if (count > 0) coverage.excluded[reason] = (coverage.excluded[reason] ?? 0) + count;
}

function gitPathspec(repo: string, folder: string): string {
  return relative(repo, folder).split(sep).join('/') || '.';
}

/** Files and folders under `folder` that .gitignore leaves out (an ignored folder counts once). */
async function countIgnored(repo: string, folder: string): Promise<number> {
  const args = [
    '--literal-pathspecs',
    ...GIT_CONFIG_ARGS,
    'ls-files',
    '-oi',
    '--exclude-standard',
    '--directory',
  ];
  const listed = await gitOutput(repo, [...args, '-z', '--', gitPathspec(repo, folder)]);
  return listed.split('\0').filter((name) => name.length > 0).length;
}

function isInside(parent: string, child: string): boolean {
  const rel = relative(resolve(parent), resolve(child));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The files git would track under `folder`, streamed from ls-files; only regular files, no symlinks. */
async function* listTracked(repo: string, folder: string, coverage: Coverage): AsyncGenerator<string> {
  const pathspec = gitPathspec(repo, folder);
  const proc = spawnGit({
    cwd: repo,
    args: [
      '--literal-pathspecs',
      ...GIT_CONFIG_ARGS,
      'ls-files',
      '-co',
      '--exclude-standard',
      '-z',
      '--',
      pathspec,
    ],
  });
  let finished = false;
  try {
    const decoder = new StringDecoder('utf8');
    let partial = '';
    for await (const chunk of proc.stdout as AsyncIterable<Buffer>) {
      const text = partial + decoder.write(chunk);
      const names = text.split('\0');
      partial = names.pop() ?? '';
      for (const name of names) {
        const file = join(repo, name);
        const kind = await fileKind(file);
        if (kind === 'file') yield file;
        else if (kind === 'symlink') exclude(coverage, 'symlink');
      }
    }
    await proc.done;
    finished = true;
  } finally {
    if (!finished) proc.kill();
  }
}

/** A plain walk outside any repository: skips `.git`, symlinks and special files. */
async function* walk(
  folder: string,
  unreadable: (file: string, error: unknown) => void,
  coverage: Coverage,
): AsyncGenerator<string> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    unreadable(folder, error);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name === '.git') continue;
    const file = join(folder, entry.name);
    if (entry.isDirectory()) yield* walk(file, unreadable, coverage);
    else if (entry.isFile()) yield file;
    else if (entry.isSymbolicLink()) exclude(coverage, 'symlink');
  }
}

/**
 * What a listed name is: a file to read, a symlink (skipped, counted), or something skipped quietly (gone from
 * the work tree, a submodule's folder).
 */
async function fileKind(file: string): Promise<'file' | 'symlink' | 'other'> {
  try {
    const info = await lstat(file);
    return info.isFile() ? 'file' : info.isSymbolicLink() ? 'symlink' : 'other';
  } catch (error) {
    // Anything but "not there" is left for the read to report as unreadable.
    const code = (error as NodeJS.ErrnoException).code;
    return code !== 'ENOENT' && code !== 'ENOTDIR' ? 'file' : 'other';
  }
}
