// `secret-guard install` / `uninstall`: write (or remove) the pre-commit and pre-push hooks.
// Honours core.hooksPath (git resolves it for `rev-parse --git-path hooks`), keeps a hook that was already
// there and runs it first, and is safe to run twice: a hook of ours is rewritten, never chained to itself.
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { OperationalError, UsageError, errorMessage } from '../errors.js';
import { hooksDir } from '../git/repository.js';
import { HOOK_MARKER, hookScript, type HookName } from './hook-script.js';

const HOOKS: HookName[] = ['pre-commit', 'pre-push'];
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

export async function installCommand(
  command: 'install' | 'uninstall',
  args: string[],
  cwd: string,
  target: InstallTarget,
): Promise<string> {
  let values: { hook?: string | undefined };
  try {
    ({ values } = parseArgs({ args, options: { hook: { type: 'string' } }, strict: true }));
  } catch (error) {
    throw new UsageError(
      `${errorMessage(error)} (usage: secret-guard ${command} [--hook pre-commit|pre-push|all])`,
    );
  }
  const which = values.hook ?? 'all';
  if (which !== 'all' && !HOOKS.includes(which as HookName)) {
    throw new UsageError(`--hook must be pre-commit, pre-push or all, got '${which}'`);
  }
  const hooks = which === 'all' ? HOOKS : [which as HookName];
  const dir = await hooksDir(cwd);
  const lines = command === 'install' ? await install(dir, hooks, target) : await uninstall(dir, hooks);
  if (command === 'install' && /(^|[/\\])\.husky([/\\]|$)/.test(dir)) {
    lines.push(
      `note: ${relative(cwd, dir) || dir} is managed by husky, which may rewrite it; to keep secret-guard, add \`npx secret-guard hook pre-commit\` to .husky/pre-commit (see README).`,
    );
  }
  return lines.join('\n') + '\n';
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
