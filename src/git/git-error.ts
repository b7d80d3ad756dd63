// The one vocabulary for git failing, whatever the command: every git process secret-guard starts goes through
// src/git/run-git.ts, and its failure is classified here once, so that each cause reads the same everywhere and
// names its fix. All are OperationalErrors (exit 3).
import { OperationalError } from '../errors.js';

type GitErrorKind =
  | 'not-installed'
  | 'no-such-folder'
  | 'not-a-repository'
  | 'dubious-ownership'
  | 'unknown-revision'
  | 'missing-history'
  | 'stopped'
  | 'failed';

export class GitError extends OperationalError {
  override name = 'GitError';
  readonly kind: GitErrorKind;

  constructor(kind: GitErrorKind, message: string) {
    super(message);
    this.kind = kind;
  }
}

/** How to get the history a shallow clone lacks. */
export const SHALLOW_FIX =
  'fetch the missing history with `git fetch --unshallow` (in GitHub Actions: `fetch-depth: 0` in actions/checkout)';

export function notARepository(cwd: string): GitError {
  return new GitError('not-a-repository', `not a git repository: ${cwd}`);
}

/** git could not be started at all. `folderExists` tells a missing git from a missing working folder. */
export function spawnFailure(cwd: string, error: NodeJS.ErrnoException, folderExists: boolean): GitError {
  if (error.code === 'ENOENT' && !folderExists) {
    return new GitError(
      'no-such-folder',
      `the folder ${cwd} does not exist (was it deleted or moved?): run secret-guard from an existing folder`,
    );
  }
  if (error.code === 'ENOENT') {
    return new GitError('not-installed', 'git is not installed or not on PATH: install git, then run again');
  }
  return new GitError('failed', `cannot run git: ${error.message}`);
}

/** git ran and failed: say why in the project's words where the cause is known, in git's own otherwise. */
export function gitFailure(
  cwd: string,
  args: readonly string[],
  code: number | null,
  signal: string | null,
  stderr: string,
): GitError {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const first = lines[0] ?? '';
  const all = lines.join('\n');

  const dubious = /detected dubious ownership in repository at '([^']*)'/.exec(all);
  if (dubious) {
    const path = dubious[1]!;
    return new GitError(
      'dubious-ownership',
      `git refuses the repository at ${path}: it is owned by another user (git: "detected dubious ownership"); ` +
        `if you trust it, run \`git config --global --add safe.directory ${path}\``,
    );
  }
  if (/not a git repository/i.test(all)) return notARepository(cwd);
  const revision =
    /ambiguous argument '([^']*)': unknown revision/.exec(all) ??
    /bad revision '([^']*)'/.exec(all) ??
    /unknown revision '?([^'\s]*)'?/.exec(all);
  if (revision) {
    return new GitError(
      'unknown-revision',
      `unknown revision '${revision[1]!}' (no such branch, tag or commit in this repository)`,
    );
  }
  if (/bad object|could not read|unable to read|missing (blob|tree|commit)|shallow/i.test(all)) {
    return new GitError(
      'missing-history',
      `git ${subcommand(args)} failed: ${first}; objects are missing from this clone: if it is shallow or ` +
        `partial, ${SHALLOW_FIX}`,
    );
  }
  const how = code !== null ? `exit code ${code}` : `signal ${signal ?? 'unknown'}`;
  return new GitError('failed', `git ${subcommand(args)} failed (${how})${first ? `: ${first}` : ''}`);
}

export function stopped(args: readonly string[]): GitError {
  return new GitError('stopped', `git ${subcommand(args)} was stopped`);
}

/** The subcommand of an argument list that may start with `-c key=value` pairs and global options. */
function subcommand(args: readonly string[]): string {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-c' || arg === '-C') i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return '';
}
