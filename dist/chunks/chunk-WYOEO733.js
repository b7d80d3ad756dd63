import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
var t="pre-commit-prefilter.sh";function i(e){return`'${e.replace(/'/g,"'\\''")}'`}var p=["pre-commit","pre-push"],r="# secret-guard:hook";function m(e,o,s){return`#!/bin/sh
${r} v1: installed by \`secret-guard install\`; \`secret-guard uninstall\` removes it.
# Blocks the ${e==="pre-commit"?"commit":"push"} when it adds an AWS access key. Skip once with --no-verify.
hook=${e}
node=${i(o)}
cli=${i(s)}
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
if [ $# -eq 0 ] && [ -f "$sg_dist/${t}" ]; then . "$sg_dist/${t}"; fi
exec "$node" "$cli" hook "$hook" "$@"
`}export{i as a,p as b,r as c,m as d};
