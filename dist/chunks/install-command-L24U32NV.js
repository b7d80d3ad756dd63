import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import{a as h,c as d,f as $}from"./chunk-IE3QZ244.js";import"./chunk-LBPU55PS.js";import{execFile as x}from"node:child_process";import{chmod as v,mkdir as H,readFile as N,rename as w,rm as E,writeFile as A}from"node:fs/promises";import{isAbsolute as O,join as g,relative as b}from"node:path";import{parseArgs as I}from"node:util";var l="# secret-guard:hook";function p(e){return`'${e.replace(/'/g,"'\\''")}'`}function f(e,o,i){return`#!/bin/sh
${l} v1: installed by \`secret-guard install\`; \`secret-guard uninstall\` removes it.
# Blocks the ${e==="pre-commit"?"commit":"push"} when it adds an AWS access key. Skip once with --no-verify.
hook=${e}
node=${p(o)}
cli=${p(i)}
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
`}var k=["pre-commit","pre-push"],m=".secret-guard-chained";async function P(e){let o=await new Promise((i,s)=>{x("git",["rev-parse","--git-path","hooks"],{cwd:e},(r,t)=>{r?s(new d(`not a git repository: ${e} (run install inside one)`)):i(t.trim())})});return O(o)?o:g(e,o)}async function u(e){try{return await N(e,"utf8")}catch{return null}}async function C(e,o,i,s){let r;try{({values:r}=I({args:o,options:{hook:{type:"string"}},strict:!0}))}catch(y){throw new h(`${$(y)} (usage: secret-guard ${e} [--hook pre-commit|pre-push|all])`)}let t=r.hook??"all";if(t!=="all"&&!k.includes(t))throw new h(`--hook must be pre-commit, pre-push or all, got '${t}'`);let n=t==="all"?k:[t],a=await P(i),c=e==="install"?await S(a,n,s):await F(a,n);return e==="install"&&/(^|[/\\])\.husky([/\\]|$)/.test(a)&&c.push(`note: ${b(i,a)||a} is managed by husky, which may rewrite it; to keep secret-guard, add \`npx secret-guard hook pre-commit\` to .husky/pre-commit (see README).`),c.join(`
`)+`
`}async function S(e,o,i){await H(e,{recursive:!0});let s=[];for(let r of o){let t=g(e,r),n=await u(t),a="";if(n!==null&&!n.includes(l)){let c=t+m;if(await u(c)!==null)throw new d(`${c} already exists: move it away, then run install again`);await w(t,c),a=` (the hook that was there runs first: ${r}${m})`}await A(t,f(r,i.node,i.cli)),await v(t,493),s.push(`secret-guard: installed ${t}${n?.includes(l)?" (updated)":""}${a}`)}return s}async function F(e,o){let i=[];for(let s of o){let r=g(e,s),t=await u(r);if(t===null||!t.includes(l)){i.push(`secret-guard: no secret-guard ${s} hook in ${e}`);continue}await E(r);let n=r+m;await u(n)!==null?(await w(n,r),i.push(`secret-guard: removed ${r}; restored the hook that was there before`)):i.push(`secret-guard: removed ${r}`)}return i}export{m as CHAINED_SUFFIX,C as installCommand};
