// Files and folders on disk, whole content. Inside a repository a folder's files are what git would track
// (`git ls-files -co --exclude-standard`: tracked plus untracked-not-ignored, never `.git`); outside one the
// folder is walked. Symlinks met while listing are not followed, so the scan never leaves the tree; a path the
// user names is read whatever .gitignore says, and a named symlink is followed (it was asked for).
import { lstat, readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { errorMessage, OperationalError } from '../errors.js';
import { readFileLines } from './file-lines.js';
import { findRepoRoot } from '../git/repository.js';
import { spawnGit } from '../git/run-git.js';
import { GIT_CONFIG_ARGS } from './git-flags.js';
import type { SourceContext } from './source-context.js';

export async function readPaths(paths: readonly string[], ctx: SourceContext): Promise<void> {
  const root = await findRepoRoot(ctx.cwd, { optional: true });
  // Findings name files relative to the repository root, or to where the command runs outside one.
  const base = root ?? resolve(ctx.cwd);
  const display = (file: string): string => relative(base, file).split(sep).join('/');
  const unreadable = (file: string, error: unknown): void => {
    const skipped = ctx.coverage.skipped;
    skipped['unreadable'] = (skipped['unreadable'] ?? 0) + 1;
    ctx.logger.warn(`cannot read ${display(file) || '.'}: ${errorMessage(error)}`);
  };

  // Every named path must exist before anything is scanned: a typo is an error, not a clean result.
  const named: Array<{ file: string; isDirectory: boolean } | null> = [];
  for (const path of paths) {
    const file = resolve(ctx.cwd, path);
    try {
      const info = await stat(file);
      if (info.isDirectory() || info.isFile()) named.push({ file, isDirectory: info.isDirectory() });
      else {
        ctx.logger.warn(`skipping ${path}: not a regular file or folder`);
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
    else for await (const file of listFolder(entry.file, unreadable)) await scan(file);
  }
  sink.end();
}

/** A file system error (it has an errno code), as opposed to an error thrown by the sink. */
function isFileSystemError(error: unknown): boolean {
  return typeof (error as NodeJS.ErrnoException | null)?.code === 'string';
}

async function* listFolder(
  folder: string,
  unreadable: (file: string, error: unknown) => void,
): AsyncGenerator<string> {
  const repo = await findRepoRoot(folder, { optional: true });
  if (repo !== null && isInside(repo, folder)) yield* listTracked(repo, folder);
  else yield* walk(folder, unreadable);
}

function isInside(parent: string, child: string): boolean {
  const rel = relative(resolve(parent), resolve(child));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The files git would track under `folder`, streamed from ls-files; only regular files, no symlinks. */
async function* listTracked(repo: string, folder: string): AsyncGenerator<string> {
  const pathspec = relative(repo, folder).split(sep).join('/') || '.';
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
        if (await isRegularFile(file)) yield file;
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
    if (entry.isDirectory()) yield* walk(file, unreadable);
    else if (entry.isFile()) yield file;
  }
}

/** Listed files that are gone from the work tree, symlinks and submodule folders are skipped quietly. */
async function isRegularFile(file: string): Promise<boolean> {
  try {
    return (await lstat(file)).isFile();
  } catch (error) {
    // Anything but "not there" is left for the read to report as unreadable.
    const code = (error as NodeJS.ErrnoException).code;
    return code !== 'ENOENT' && code !== 'ENOTDIR';
  }
}
