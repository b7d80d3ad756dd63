// Write (or remove) the pre-commit and pre-push hooks for `secret-guard install` / `uninstall`.
// Honours core.hooksPath (git resolves it for `rev-parse --git-path hooks`), keeps a hook that was already
// there and runs it first, and is safe to run twice: a hook of ours is rewritten, never chained to itself.
import { execFile } from 'node:child_process';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { OperationalError } from '../errors.js';
import type { Logger } from '../logger.js';
import { dubiousOwnership } from '../source/git-process.js';
import { HOOK_MARKER, hookScript, type HookName } from './hook-script.js';

export const CHAINED_SUFFIX = '.secret-guard-chained';

/** git's answer, trimmed; null when it failed for a reason other than refusing the repository. */
async function ask(cwd: string, args: string[]): Promise<string | null> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, encoding: 'utf8' }, (error, stdout, stderr) => {
      const refused = error ? dubiousOwnership(stderr) : null;
      if (refused !== null) reject(new OperationalError(refused));
      else resolve(error ? null : stdout.trim());
    });
  });
}

interface HooksLocation {
  dir: string;
  /** The configuration file that sets core.hooksPath for every repository of the user (or the machine). */
  sharedBy?: string;
}

/** Where git runs this repository's hooks from: `.git/hooks`, or core.hooksPath. */
async function locateHooks(cwd: string, purpose: 'install' | 'uninstall'): Promise<HooksLocation> {
  const answer = await ask(cwd, ['rev-parse', '--is-bare-repository', '--git-path', 'hooks']);
  if (answer === null) throw new OperationalError(`not a git repository: ${cwd} (run install inside one)`);
  const [bare, path = 'hooks'] = answer.split('\n');
  if (bare === 'true' && purpose === 'install') {
    throw new OperationalError(
      `${cwd} is a bare repository: nobody commits in it, so its pre-commit and pre-push hooks never run; install in a clone with a work tree`,
    );
  }
  const dir = isAbsolute(path) ? path : join(cwd, path);
  // `global\tfile:/home/me/.gitconfig\t/home/me/.githooks`
  const [scope, origin] =
    (await ask(cwd, ['config', '--show-scope', '--show-origin', '--get', 'core.hooksPath']))?.split('\t') ??
    [];
  const shared = scope === 'global' || scope === 'system';
  return { dir, ...(shared && origin ? { sharedBy: origin.replace(/^file:/, '') } : {}) };
}

async function readIfExists(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return null;
  }
}

export interface InstallTarget {
  /** The node binary and CLI bundle that the hook runs: the very ones that installed it. */
  node: string;
  cli: string;
}

/**
 * Install (or rewrite) the hooks in the repository at `cwd`; returns one line per hook for the user and warns
 * (before writing) through `logger` about what reaches beyond this repository.
 */
export async function installHooks(
  cwd: string,
  hooks: HookName[],
  target: InstallTarget,
  logger: Logger,
): Promise<string[]> {
  const { dir, sharedBy } = await locateHooks(cwd, 'install');
  if (sharedBy !== undefined) {
    logger.warn(
      `core.hooksPath is set for all your repositories (in ${sharedBy}): the hooks written to ${dir} run in every repository that uses it, not only this one`,
    );
  }
  const lines = await install(dir, hooks, target);
  if (/(^|[/\\])\.husky([/\\]|$)/.test(dir)) {
    lines.push(
      `note: ${relative(cwd, dir) || dir} is managed by husky, which may rewrite it; to keep secret-guard, add \`npx secret-guard hook pre-commit\` to .husky/pre-commit (see README).`,
    );
  }
  return lines;
}

/** Remove the hooks that install wrote, restoring what was there before; one line per hook. */
export async function uninstallHooks(cwd: string, hooks: HookName[]): Promise<string[]> {
  return uninstall((await locateHooks(cwd, 'uninstall')).dir, hooks);
}

async function install(dir: string, hooks: HookName[], target: InstallTarget): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const lines: string[] = [];
  for (const hook of hooks) {
    const file = join(dir, hook);
    const existing = await readIfExists(file);
    let note = '';
    if (existing !== null && !existing.includes(HOOK_MARKER)) {
      const chained = file + CHAINED_SUFFIX;
      if ((await readIfExists(chained)) !== null) {
        throw new OperationalError(`${chained} already exists: move it away, then run install again`);
      }
      await rename(file, chained);
      note = ` (the hook that was there runs first: ${hook}${CHAINED_SUFFIX})`;
    }
    await writeFile(file, hookScript(hook, target.node, target.cli));
    await chmod(file, 0o755);
    lines.push(
      `secret-guard: installed ${file}${existing?.includes(HOOK_MARKER) ? ' (updated)' : ''}${note}`,
    );
  }
  return lines;
}

async function uninstall(dir: string, hooks: HookName[]): Promise<string[]> {
  const lines: string[] = [];
  for (const hook of hooks) {
    const file = join(dir, hook);
    const existing = await readIfExists(file);
    if (existing === null || !existing.includes(HOOK_MARKER)) {
      lines.push(`secret-guard: no secret-guard ${hook} hook in ${dir}`);
      continue;
    }
    await rm(file);
    const chained = file + CHAINED_SUFFIX;
    if ((await readIfExists(chained)) !== null) {
      await rename(chained, file);
      lines.push(`secret-guard: removed ${file}; restored the hook that was there before`);
    } else {
      lines.push(`secret-guard: removed ${file}`);
    }
  }
  return lines;
}
