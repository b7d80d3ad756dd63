// `secret-guard install` / `uninstall`: where git runs this repository's hooks, and who manages them. Plain
// hooks (`.git/hooks` or core.hooksPath) get a hook of ours (git-hooks.ts); husky 9's scripts get one line each
// (husky.ts); lefthook's configuration gets the lines to add (lefthook.ts), written by the user.
import { join } from 'node:path';
import { OperationalError } from '../errors.js';
import { hooksDir } from '../git/repository.js';
import { gitOutput, tryGitOutput } from '../git/run-git.js';
import type { Logger } from '../logger.js';
import { installGitHooks, uninstallGitHooks, type InstallTarget } from './git-hooks.js';
import type { HookName } from './hook-script.js';
import { addHuskyLines, huskyLine, huskyScriptsDir, removeHuskyLines } from './husky.js';
import { findLefthookConfig, lefthookSnippet } from './lefthook.js';
import { FALLBACK_COMMANDS, projectCommands, type ProjectCommands } from './project-command.js';

export type { InstallTarget } from './git-hooks.js';

interface HooksLocation {
  dir: string;
  /** The work tree's top folder; null in a bare repository. */
  root: string | null;
  /** The configuration file that sets core.hooksPath for every repository of the user (or the machine). */
  sharedBy?: string;
}

/** Where git runs this repository's hooks from: `.git/hooks`, or core.hooksPath. */
async function locateHooks(cwd: string): Promise<HooksLocation> {
  const bare = (await gitOutput(cwd, ['rev-parse', '--is-bare-repository'])) === 'true';
  const dir = await hooksDir(cwd);
  const root = bare ? null : await gitOutput(cwd, ['rev-parse', '--show-toplevel']);
  // `global\tfile:/home/me/.gitconfig\t/home/me/.githooks`
  const config = await tryGitOutput(cwd, [
    'config',
    '--show-scope',
    '--show-origin',
    '--get',
    'core.hooksPath',
  ]);
  const [scope, origin] = config?.split('\t') ?? [];
  const shared = (scope === 'global' || scope === 'system') && origin !== undefined;
  return { dir, root, ...(shared ? { sharedBy: origin.replace(/^file:/, '') } : {}) };
}

export interface InstallOutcome {
  /** What was done, or what the user is to do. */
  lines: string[];
  /** False when nothing was written: the hooks are someone else's to change (the lines say how). */
  installed: boolean;
}

/** Install (or rewrite) the hooks in the repository at `cwd`, warning first about anything beyond it. */
export async function installHooks(
  cwd: string,
  hooks: HookName[],
  target: InstallTarget,
  logger: Logger,
): Promise<InstallOutcome> {
  const { dir, root, sharedBy } = await locateHooks(cwd);
  if (root === null) {
    throw new OperationalError(
      `${cwd} is a bare repository: nobody commits in it, so its pre-commit and pre-push hooks never run; install in a clone with a work tree`,
    );
  }
  const lefthook = await findLefthookConfig(root, hooks);
  if (lefthook) return lefthookOutcome(lefthook, hooks, await projectCommands(root, target.cli));
  const husky = await huskyScriptsDir(dir);
  if (husky) return huskyOutcome(husky, hooks, await projectCommands(root, target.cli));
  if (sharedBy !== undefined) {
    logger.warn(
      `core.hooksPath is set for all your repositories (in ${sharedBy}): the hooks written to ${dir} run in every repository that uses it, not only this one`,
    );
  }
  return { installed: true, lines: await installGitHooks(dir, hooks, target) };
}

async function huskyOutcome(
  scriptsDir: string,
  hooks: HookName[],
  commands: ProjectCommands | null,
): Promise<InstallOutcome> {
  if (commands !== null) return { installed: true, lines: await addHuskyLines(scriptsDir, hooks, commands) };
  return {
    installed: false,
    lines: [
      `secret-guard: husky runs this repository's hooks, and secret-guard is not in this project's node_modules, so install wrote nothing.`,
      `Add it to the project first (see "Installing" in the README), then run install again; or add these lines yourself:`,
      ...hooks.map((hook) => `  ${join(scriptsDir, hook)}:  ${huskyLine(hook, FALLBACK_COMMANDS)}`),
    ],
  };
}

function lefthookOutcome(
  lefthook: { file: string; runsUs: boolean },
  hooks: HookName[],
  commands: ProjectCommands | null,
): InstallOutcome {
  if (lefthook.runsUs) {
    return {
      installed: true,
      lines: [
        `secret-guard: ${lefthook.file} runs secret-guard already; if its hooks are not installed yet, run \`npx lefthook install\`.`,
      ],
    };
  }
  return {
    installed: false,
    lines: [
      `secret-guard: lefthook manages this repository's hooks (${lefthook.file}), so install wrote nothing.`,
      `Add this to ${lefthook.file} (beside any pre-commit: and pre-push: entries it has), then run \`npx lefthook install\`:`,
      '',
      lefthookSnippet(hooks, commands ?? FALLBACK_COMMANDS),
      ...(commands === null
        ? [
            '',
            'secret-guard is not in this project\'s node_modules yet: add it first (see "Installing" in the README).',
          ]
        : []),
    ],
  };
}

/** Remove what install wrote: our hooks (restoring what was there before) and our lines in husky's scripts. */
export async function uninstallHooks(cwd: string, hooks: HookName[]): Promise<string[]> {
  const { dir } = await locateHooks(cwd);
  const husky = await huskyScriptsDir(dir);
  if (!husky) return uninstallGitHooks(dir, hooks);
  // Under husky: the lines in its scripts, and any hook an older secret-guard chained into husky's own folder.
  const lines = await removeHuskyLines(husky, hooks);
  return [...lines, ...(await uninstallGitHooks(dir, hooks, { reportAbsent: false }))];
}
