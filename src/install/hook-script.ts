// The shell script that `secret-guard install` writes. It runs the very CLI that installed it (falling back to
// the repository's node_modules, then PATH), after the hook that was there before, if any. pre-push gets its
// ref lines on stdin, so they are kept in a file and handed to both hooks. pre-commit runs the prefilter that
// lies beside that CLI (see prefilter-script.ts), which starts Node only when the staged diff may hold a key.
import { PREFILTER_SCRIPT, shQuote } from './prefilter-script.js';

export const HOOK_NAMES = ['pre-commit', 'pre-push'] as const;
export type HookName = (typeof HOOK_NAMES)[number];

/** Identifies a hook we wrote, so install can rewrite it and uninstall can remove it. */
export const HOOK_MARKER = '# secret-guard:hook';

export function hookScript(hook: HookName, node: string, cli: string): string {
  return `#!/bin/sh
${HOOK_MARKER} v1: installed by \`secret-guard install\`; \`secret-guard uninstall\` removes it.
# Blocks the ${hook === 'pre-commit' ? 'commit' : 'push'} when it adds an AWS access key. Skip once with --no-verify.
hook=${hook}
node=${shQuote(node)}
cli=${shQuote(cli)}
chained="\${0%/*}/$hook.secret-guard-chained"

if [ ! -f "$cli" ]; then
  root=$(git rev-parse --show-toplevel 2>/dev/null)
  if [ -f "$root/node_modules/secret-guard/dist/cli.js" ]; then
    cli="$root/node_modules/secret-guard/dist/cli.js"
  elif command -v secret-guard >/dev/null 2>&1; then
    cli=$(command -v secret-guard)
  else
    echo "secret-guard: $cli is gone; run 'secret-guard install' again (or skip once with --no-verify)" >&2
    exit 1
  fi
fi
[ -x "$node" ] || node=node

if [ "$hook" = pre-push ]; then
  refs=$(mktemp) || exit 1
  cat >"$refs"
  status=0
  if [ -x "$chained" ]; then "$chained" "$@" <"$refs" || status=$?; fi
  if [ "$status" -eq 0 ]; then "$node" "$cli" hook "$hook" "$@" <"$refs" || status=$?; fi
  rm -f "$refs"
  exit "$status"
fi

if [ -x "$chained" ]; then "$chained" "$@" || exit $?; fi
sg_dist=\${cli%/*}
if [ $# -eq 0 ] && [ -f "$sg_dist/${PREFILTER_SCRIPT}" ]; then . "$sg_dist/${PREFILTER_SCRIPT}"; fi
exec "$node" "$cli" hook "$hook" "$@"
`;
}
