import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import{a as c,b as m,c as u,d as f,f as d,g as h,h as g}from"./chunk-3SPCYWT2.js";import"./chunk-IVFK5HNQ.js";import{a as p}from"./chunk-XO6YVKFT.js";import"./chunk-MLSLSRLX.js";import{b as a,c as l}from"./chunk-EO7FLYKB.js";import"./chunk-2KYKYD7I.js";import"./chunk-F3B6HD3T.js";import"./chunk-V6YOTPEY.js";import"./chunk-MSMCDSNV.js";import"./chunk-26MCZWNT.js";import"./chunk-5CP5CUXO.js";import"./chunk-4ZZTLSEE.js";import"./chunk-BWGT6VWR.js";import"./chunk-VPFZPSIE.js";import"./chunk-TSBWKR7X.js";import"./chunk-IEIS6GTD.js";import{d as r}from"./chunk-IE3QZ244.js";import"./chunk-LBPU55PS.js";import{writeFile as E}from"node:fs/promises";import{resolve as I}from"node:path";var $={...u,output:{type:"string"},config:{type:"string"},"no-allow-comments":{type:"boolean"},workers:{type:"string"}},j={summary:"record the keys found now, so that later scans skip them",help:`Usage: secret-guard baseline [--staged | --range <A..B> | --all | --stdin | <path>...] [options]

Scans (by default the whole history, --all) without applying any baseline, and writes the fingerprints of
everything found. Commit the file: every scan skips what it lists. It holds fingerprints and key ids, never a
secret.

${f.replace("without one, in a Git repository: --staged","default: --all")}

Options:
  --output <file>       where to write it (default: the configuration's baseline, else .secret-guard-baseline.json)
  --config <file>       the configuration file (default: .secret-guard.yml at the repository root)
  --no-allow-comments   record keys on lines with \`secret-guard:allow\` comments too
  --workers <n>         git processes for history scans (1 to 64)
  -h, --help            show this help`,async run(y,t){let{values:e,positionals:o}=p("baseline",y,$,!0),w=d(e,o)?h(e,o):{kind:"all"},s=g(e,w,t),{detections:b,root:k,config:O,result:S}=await c({...s,baselineFile:!1}),n=e.output!==void 0?I(s.cwd,e.output):m(k,O.baseline),i=a(b);await E(n,l(i));let{commits:v,files:C}=S.coverage;return t.output.err(`secret-guard: baseline of ${i.entries.length} fingerprint(s) written to ${n} (scanned ${v} commit(s), ${C} file(s)); commit it so every scan skips them.`),r.clean}};export{j as baselineCommand};
