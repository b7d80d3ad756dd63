import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
var s=["pre-commit","pre-push"],r="# secret-guard:hook";function t(e){return`'${e.replace(/'/g,"'\\''")}'`}function n(e,o,i){return`#!/bin/sh
${r} v1: installed by \`secret-guard install\`; \`secret-guard uninstall\` removes it.
# Blocks the ${e==="pre-commit"?"commit":"push"} when it adds an AWS access key. Skip once with --no-verify.
hook=${e}
node=${t(o)}
cli=${t(i)}
here=$(dirname "$0")
chained="$here/$hook.secret-guard-chained"

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
exec "$node" "$cli" hook "$hook" "$@"
`}export{s as a,r as b,n as c};
