import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import{a as n}from"./chunk-HQZSVVUY.js";import{a as h}from"./chunk-XO6YVKFT.js";import{a as l,d as i}from"./chunk-IE3QZ244.js";import"./chunk-LBPU55PS.js";var p={hook:{type:"string"}};function m(e,o){let{values:r}=h(e,o,p),t=r.hook??"all";if(t==="all")return[...n];let s=n.find(a=>a===t);if(s===void 0)throw new l(`--hook must be ${n.join(", ")} or all, got '${t}'`);return[s]}var c=`  --hook <hook>         ${n.join(", ")} or all (default: all)
  -h, --help            show this help`,w={summary:"install the pre-commit and pre-push hooks in this repository",help:`Usage: secret-guard install [--hook ${n.join("|")}|all]

Writes hooks that run this very secret-guard (or the one in the repository's node_modules). Honours
core.hooksPath, keeps a hook that was already there (it runs first) and is safe to run twice.

Options:
${c}`,async run(e,{io:o,output:r}){let t=m("install",e),{installHooks:s}=await import("./install-hooks-MYR3HNUP.js"),a=await s(o.cwd,t,{node:o.nodePath,cli:o.cliPath()});for(let u of a)r.out(`${u}
`);return i.clean}},g={summary:"remove the hooks that install wrote, restoring what was there before",help:`Usage: secret-guard uninstall [--hook ${n.join("|")}|all]

Options:
${c}`,async run(e,{io:o,output:r}){let t=m("uninstall",e),{uninstallHooks:s}=await import("./install-hooks-MYR3HNUP.js");for(let a of await s(o.cwd,t))r.out(`${a}
`);return i.clean}};export{w as installCommand,g as uninstallCommand};
