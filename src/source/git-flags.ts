// Flags that make git's output the same whatever the user's or the repository's configuration says, so that
// the diff parser sees one format: no colour, no external diff or textconv driver, the `a/` `b/` prefixes,
// no context lines, unquoted UTF-8 names, root-relative paths, renames detected (moved content is not new).
// And every file's content as text (`--text`): neither a `.gitattributes` of the change under review (`-diff`,
// `binary`, a diff driver with `binary = true`) nor core.bigFileThreshold can turn content into "Binary files
// differ"; the diff parser searches binary content for its printable runs and decodes UTF-16.

/** `-c` overrides, placed before the subcommand. */
export const GIT_CONFIG_ARGS: readonly string[] = [
  '-c',
  'core.quotepath=off',
  '-c',
  'log.showSignature=false',
];

/** For `git diff` and `git log -p`. */
export const DIFF_ARGS: readonly string[] = [
  '--text',
  '--no-color',
  '--no-ext-diff',
  '--no-textconv',
  '--src-prefix=a/',
  '--dst-prefix=b/',
  '-U0',
  '--inter-hunk-context=0',
  '-M',
  '--no-relative',
  '--submodule=short',
];

/** For `git log -p` on top of DIFF_ARGS: root commits against the empty tree, merges as combined diffs. */
export const LOG_ARGS: readonly string[] = [
  '--root',
  '--cc',
  '--no-show-signature',
  '--encoding=UTF-8',
  '--no-notes',
];
