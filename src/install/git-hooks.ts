// Hooks of our own in git's hooks folder (`.git/hooks` or core.hooksPath). A hook that was already there is
// kept and runs first (renamed `<hook>.secret-guard-chained`); install is safe to run twice: a hook of ours is
// rewritten, never chained to itself. Uninstall also finds our hook where `pre-commit install` moved it.
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OperationalError } from '../errors.js';
import { HOOK_MARKER, hookScript, type HookName } from './hook-script.js';

const CHAINED_SUFFIX = '.secret-guard-chained';
/** Where the pre-commit framework's `pre-commit install` moves the hook it replaces. */
const LEGACY_SUFFIX = '.legacy';

export interface InstallTarget {
  /** The node binary and CLI bundle that the hook runs: the very ones that installed it. */
  node: string;
  cli: string;
}

export async function readIfExists(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return null;
  }
}

export async function installGitHooks(
  dir: string,
  hooks: HookName[],
  target: InstallTarget,
): Promise<string[]> {
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

export async function uninstallGitHooks(
  dir: string,
  hooks: HookName[],
  { reportAbsent } = { reportAbsent: true },
): Promise<string[]> {
  const lines: string[] = [];
  for (const hook of hooks) {
    const file = join(dir, hook);
    const chained = file + CHAINED_SUFFIX;
    if ((await readIfExists(file))?.includes(HOOK_MARKER)) {
      await rm(file);
      if ((await readIfExists(chained)) !== null) {
        await rename(chained, file);
        lines.push(`secret-guard: removed ${file}; restored the hook that was there before`);
      } else {
        lines.push(`secret-guard: removed ${file}`);
      }
      continue;
    }
    // `pre-commit install` keeps the hook it replaces as `<hook>.legacy` and runs it first: ours may be there.
    const legacy = file + LEGACY_SUFFIX;
    if ((await readIfExists(legacy))?.includes(HOOK_MARKER)) {
      await rm(legacy);
      let restored = '';
      if ((await readIfExists(chained)) !== null) {
        await rename(chained, legacy);
        restored = `; the hook that was there before is ${hook}${LEGACY_SUFFIX} again`;
      }
      lines.push(`secret-guard: removed ${legacy} (where \`pre-commit install\` had moved it)${restored}`);
      continue;
    }
    if (reportAbsent) lines.push(`secret-guard: no secret-guard ${hook} hook in ${dir}`);
  }
  return lines;
}
