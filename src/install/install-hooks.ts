// Write (or remove) the pre-commit and pre-push hooks for `secret-guard install` / `uninstall`.
// Honours core.hooksPath (git resolves it for `rev-parse --git-path hooks`), keeps a hook that was already
// there and runs it first, and is safe to run twice: a hook of ours is rewritten, never chained to itself.
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { OperationalError } from '../errors.js';
import { hooksDir } from '../git/repository.js';
import { HOOK_MARKER, hookScript, type HookName } from './hook-script.js';

export const CHAINED_SUFFIX = '.secret-guard-chained';

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

/** Install (or rewrite) the hooks in the repository at `cwd`; one line per hook for the user. */
export async function installHooks(cwd: string, hooks: HookName[], target: InstallTarget): Promise<string[]> {
  const dir = await hooksDir(cwd);
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
  return uninstall(await hooksDir(cwd), hooks);
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
