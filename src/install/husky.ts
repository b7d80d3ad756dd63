// husky 9 sets core.hooksPath to `.husky/_`, where each hook is a stub that runs husky's dispatcher `h`, and `h`
// runs the user's `.husky/<hook>` by the stub's own name. So secret-guard never writes into `.husky/_`: it
// adds one marked line to the user's `.husky/pre-commit` and `.husky/pre-push`, and uninstall removes exactly
// those lines (and a file it made, if nothing else was added to it).
import { rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { readIfExists } from './git-hooks.js';
import type { HookName } from './hook-script.js';
import type { ProjectCommands } from './project-command.js';

const MARKER = '# added by secret-guard install';

/** The folder of the user's husky scripts when `hooksDir` is husky 9's (`.husky/_`, holding its `h`). */
export async function huskyScriptsDir(hooksDir: string): Promise<string | null> {
  if (basename(hooksDir) !== '_') return null;
  const dispatcher = await readIfExists(join(hooksDir, 'h'));
  return dispatcher?.includes('husky') ? dirname(hooksDir) : null;
}

/** The line for one hook; pre-push passes on git's arguments (its stdin, the pushed refs, is inherited). */
export function huskyLine(hook: HookName, commands: ProjectCommands): string {
  return `${commands[hook]}${hook === 'pre-push' ? ' "$@"' : ''} ${MARKER}`;
}

const isOurs = (line: string): boolean => line.trimEnd().endsWith(MARKER);

/**
 * A command that can end the script or change its folder, at a line's start or after `;`, `&&`, `||`, `(`, `{`,
 * `then`, `do`, `else`.
 */
const ENDS_EARLY_OR_MOVES = /(?:^|[;&|({]|\b(?:then|do|else))\s*(?:exit|exec|return|cd)\b/m;
const LINE_ENDS_SCRIPT = /^\s*(?:exit|exec)\b/m;

export async function addHuskyLines(
  scriptsDir: string,
  hooks: HookName[],
  commands: ProjectCommands,
): Promise<string[]> {
  const lines: string[] = [];
  for (const hook of hooks) {
    const file = join(scriptsDir, hook);
    const line = huskyLine(hook, commands);
    const existing = await readIfExists(file);
    if (existing === null) {
      await writeFile(file, `${line}\n`);
      lines.push(`secret-guard: created ${file} with: ${line}`);
      continue;
    }
    const own = existing.split('\n');
    if (own.some(isOurs)) {
      await writeFile(file, own.map((l) => (isOurs(l) ? line : l)).join('\n'));
      lines.push(`secret-guard: updated the secret-guard line in ${file}`);
      continue;
    }
    // Last, so the user's own commands run as before; but first (after a shebang) when an `exit`, `exec` or
    // `return` (dash ends a script there too) starting a command there could end the script before a last line,
    // which would then never run: a key would pass unseen; or a `cd` would leave the line's path, relative to the
    // root, behind (husky's way for a package below the root). At pre-push, first only for a line that starts
    // with `exit` or `exec`: first, it reads the pushed refs, and a later command (git-lfs's, whose script exits
    // only when git-lfs is missing) would get none.
    if ((hook === 'pre-commit' ? ENDS_EARLY_OR_MOVES : LINE_ENDS_SCRIPT).test(existing)) {
      const shebang = existing.startsWith('#!') ? existing.slice(0, existing.indexOf('\n') + 1) : '';
      await writeFile(file, `${shebang}${line}\n${existing.slice(shebang.length)}`);
      lines.push(
        `secret-guard: added to ${file}, first (an exit, exec or cd there could skip a last line): ${line}`,
      );
      continue;
    }
    // After a last line without a newline, or alone in an empty file, the line goes without one, so that uninstall
    // gives the same bytes back: only a file that install made holds our line and a newline alone.
    await writeFile(
      file,
      existing === '' ? line : existing.endsWith('\n') ? `${existing}${line}\n` : `${existing}\n${line}`,
    );
    lines.push(`secret-guard: added to ${file}: ${line}`);
  }
  return lines;
}

export async function removeHuskyLines(scriptsDir: string, hooks: HookName[]): Promise<string[]> {
  const lines: string[] = [];
  for (const hook of hooks) {
    const file = join(scriptsDir, hook);
    const existing = await readIfExists(file);
    if (existing === null || !existing.split('\n').some(isOurs)) {
      lines.push(`secret-guard: no secret-guard line in ${file}`);
      continue;
    }
    const rest = existing
      .split('\n')
      .filter((l) => !isOurs(l))
      .join('\n');
    if (rest === '' && existing.endsWith('\n')) {
      await rm(file);
      lines.push(`secret-guard: removed ${file} (it held only secret-guard's line)`);
    } else {
      await writeFile(file, rest);
      lines.push(`secret-guard: removed secret-guard's line from ${file}`);
    }
  }
  return lines;
}
