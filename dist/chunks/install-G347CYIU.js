import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import{b as s}from"./chunk-WYOEO733.js";import{a as c}from"./chunk-X367KYNE.js";import"./chunk-X2FGRCKL.js";import"./chunk-YNY3NR2S.js";import"./chunk-QSC2SQDK.js";import"./chunk-SCTNZDPQ.js";import"./chunk-56GHQ65P.js";import"./chunk-3L5LEPZF.js";import"./chunk-NKDHO3TB.js";import{a as m,d as i}from"./chunk-IE3QZ244.js";import"./chunk-LBPU55PS.js";var p={hook:{type:"string"}};function d(a,o){let{values:t}=c(a,o,p),e=t.hook??"all";if(e==="all")return[...s];let n=s.find(r=>r===e);if(n===void 0)throw new m(`--hook must be ${s.join(", ")} or all, got '${e}'`);return[n]}var k=`  --hook <hook>         ${s.join(", ")} or all (default: all)
  -h, --help            show this help`,y={summary:"install the pre-commit and pre-push hooks in this repository",help:`Usage: secret-guard install [--hook ${s.join("|")}|all]

Writes hooks that run this very secret-guard (or the one in the repository's node_modules). Honours
core.hooksPath, keeps a hook that was already there (it runs first) and is safe to run twice. Refuses a bare
repository, and warns before writing into a core.hooksPath that your global git configuration sets.
Under husky 9 it adds one line to .husky/pre-commit and .husky/pre-push instead (making them if absent); where
lefthook manages the hooks it writes nothing and prints what to add to lefthook.yml (exit 2).

Options:
${k}`,async run(a,{io:o,output:t}){let e=d("install",a),{installHooks:n}=await import("./install-hooks-OGRPHKLZ.js"),r={node:o.nodePath,cli:o.cliPath()},{lines:h,installed:u}=await n(o.cwd,e,r,t.logger);if(!u){for(let l of h)t.err(l);return i.usage}for(let l of h)t.out(`${l}
`);return i.clean}},O={summary:"remove the hooks that install wrote, restoring what was there before",help:`Usage: secret-guard uninstall [--hook ${s.join("|")}|all]

Removes exactly what install added: its hooks (the hook that was there before comes back, also where
\`pre-commit install\` moved it to <hook>.legacy) and its lines in husky's scripts.

Options:
${k}`,async run(a,{io:o,output:t}){let e=d("uninstall",a),{uninstallHooks:n}=await import("./install-hooks-OGRPHKLZ.js");for(let r of await n(o.cwd,e))t.out(`${r}
`);return i.clean}};export{y as installCommand,O as uninstallCommand};
