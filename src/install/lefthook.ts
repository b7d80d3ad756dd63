// lefthook writes git's hooks from its own configuration and rewrites them on `lefthook install`, so
// secret-guard does not install beside it: it says what to add to that configuration instead.
import { join } from 'node:path';
import { readIfExists } from './git-hooks.js';
import type { HookName } from './hook-script.js';
import type { ProjectCommands } from './project-command.js';

/** The names lefthook reads its configuration from, at the repository root. */
const CONFIG_FILES = [
  'lefthook.yml',
  'lefthook.yaml',
  '.lefthook.yml',
  '.lefthook.yaml',
  '.config/lefthook.yml',
  '.config/lefthook.yaml',
];

/** lefthook's configuration file in the repository, and whether it runs secret-guard already for each of `hooks`. */
export async function findLefthookConfig(
  root: string,
  hooks: HookName[],
): Promise<{ file: string; runsUs: boolean } | null> {
  for (const name of CONFIG_FILES) {
    const text = await readIfExists(join(root, name));
    // `… secret-guard hook pre-commit`, `sh …/secret-guard/hooks/pre-commit` (the lines lefthookSnippet gives), on
    // a line that is not a comment: one for pre-push only, or commented out, leaves commits unscanned.
    if (text === null) continue;
    const runs = (hook: HookName): boolean =>
      new RegExp(`^[^#\\n]*secret-guard[^\\n]*(?: hook |/hooks/)${hook}\\b`, 'm').test(text);
    return { file: name, runsUs: hooks.every(runs) };
  }
  return null;
}

/** The YAML to add to lefthook's configuration for these hooks. */
export function lefthookSnippet(hooks: HookName[], commands: ProjectCommands): string {
  const blocks: string[] = [];
  if (hooks.includes('pre-commit')) {
    blocks.push(`pre-commit:\n  commands:\n    secret-guard:\n      run: ${commands['pre-commit']}`);
  }
  if (hooks.includes('pre-push')) {
    blocks.push(
      `pre-push:\n  commands:\n    secret-guard:\n      run: ${commands['pre-push']} {1}\n      use_stdin: true`,
    );
  }
  return blocks.join('\n');
}
