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

/**
 * The line for one hook. pre-push passes on git's arguments, and reads the pushed refs (git's stdin) from a copy,
 * which then becomes the script's stdin, rewound: the script's other commands (git-lfs's) read every ref line as
 * if the line were not there. Any failure (no temporary file, the scan's own) ends the script: the push stops.
 */
export function huskyLine(hook: HookName, commands: ProjectCommands): string {
  if (hook === 'pre-commit') return `${commands[hook]} ${MARKER}`;
  return (
    'sg_refs=$(mktemp) && cat >"$sg_refs" && exec <"$sg_refs" 3<"$sg_refs" && rm -f "$sg_refs" && ' +
    `${commands[hook]} "$@" <&3 && exec 3<&- || { rm -f "$sg_refs"; exit 1; } ${MARKER}`
  );
}

const isOurs = (line: string): boolean => line.trimEnd().endsWith(MARKER);

/**
 * A command that can end the script or change its folder, at a line's start or after `;`, `&&`, `||`, `(`, `{`,
 * `then`, `do`, `else`.
 */
const ENDS_EARLY_OR_MOVES = /(?:^|[;&|({]|\b(?:then|do|else))\s*(?:exit|exec|return|cd)\b/m;

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
      // An earlier pre-push line may sit after commands that read the refs: it moves first.
      const firstAt = own[0]?.startsWith('#!') ? 1 : 0;
      const updated =
        hook === 'pre-push' && !isOurs(own[firstAt] ?? '')
          ? putFirst(own.filter((l) => !isOurs(l)).join('\n'), line)
          : own.map((l) => (isOurs(l) ? line : l)).join('\n');
      await writeFile(file, updated);
      lines.push(`secret-guard: updated the secret-guard line in ${file}`);
      continue;
    }
    // pre-commit: last, so the user's own commands run as before; but first (after a shebang) when an `exit`,
    // `exec` or `return` (dash ends a script there too) starting a command there could end the script before a
    // last line, which would then never run: a key would pass unseen; or a `cd` would leave the line's path,
    // relative to the root, behind (husky's way for a package below the root). pre-push: always first, where the
    // pushed refs are still on stdin (a command before it, git-lfs's, would read them all); its line hands them on.
    if (hook === 'pre-push' || ENDS_EARLY_OR_MOVES.test(existing)) {
      await writeFile(file, putFirst(existing, line));
      lines.push(
        hook === 'pre-push'
          ? `secret-guard: added to ${file}, first (where the pushed refs are): ${line}`
          : `secret-guard: added to ${file}, first (an exit, exec or cd there could skip a last line): ${line}`,
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

/** `line` first in the script `text`, after its shebang if it has one; alone, without a newline, in an empty one. */
function putFirst(text: string, line: string): string {
  if (text === '') return line;
  const shebang = text.startsWith('#!') ? text.slice(0, text.indexOf('\n') + 1) : '';
  return `${shebang}${line}\n${text.slice(shebang.length)}`;
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
