import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import{a as u,b as f,c as d,d as h,f as g,g as y,h as w}from"./chunk-3X45E6PL.js";import"./chunk-LI6AQYMY.js";import{a as p}from"./chunk-X367KYNE.js";import"./chunk-X2FGRCKL.js";import{d as m}from"./chunk-IZUPHLUQ.js";import"./chunk-3HOB4OHL.js";import{e as c}from"./chunk-TWRHXULZ.js";import"./chunk-NIPL2YBY.js";import"./chunk-NSCOY4IC.js";import"./chunk-JM3CDI6X.js";import{a,b as l}from"./chunk-FV4WU7BW.js";import"./chunk-NIRXQKC4.js";import"./chunk-QFYZ4ZBN.js";import"./chunk-BSIXYOLM.js";import"./chunk-F3B6HD3T.js";import"./chunk-26MCZWNT.js";import"./chunk-XO25JUWH.js";import"./chunk-CPZHFSZ2.js";import"./chunk-WCAZQY4M.js";import"./chunk-BWX6OHJ2.js";import"./chunk-SCTNZDPQ.js";import"./chunk-MZID23XD.js";import"./chunk-GAEFN2J7.js";import"./chunk-56GHQ65P.js";import"./chunk-3L5LEPZF.js";import"./chunk-NKDHO3TB.js";import{d as r}from"./chunk-IE3QZ244.js";import"./chunk-LBPU55PS.js";var B={...d,output:{type:"string"},config:{type:"string"},"no-allow-comments":{type:"boolean"},workers:{type:"string"}},A={summary:"record the keys found now, so that later scans skip them",help:`Usage: secret-guard baseline [--staged | --range <A..B> | --all | --stdin | <path>...] [options]

Scans (by default the whole history, --all) without applying any baseline, and writes the fingerprints of
everything found. Commit the file: every scan skips what it lists. It holds fingerprints and key ids, never a
secret.

${h.replace("without one, in a Git repository: --staged","default: --all")}

Options:
  --output <file>       where to write it (default: the configuration's baseline, else .secret-guard-baseline.json)
  --config <file>       the configuration file (default: .secret-guard.yml at the repository root)
  --no-allow-comments   record keys on lines with \`secret-guard:allow\` comments too
  --workers <n>         git processes for history scans (1 to 64)
  -h, --help            show this help`,async run(b,t){let{values:e,positionals:o}=p("baseline",b,B,!0),O=g(e,o)?y(e,o):{kind:"all"},s=w(e,O,t),k=e.output===void 0?void 0:u(s.cwd,e.output),{detections:S,root:v,config:C,result:E}=await m({...s,baselineFile:!1}),n=k??c(v,C.baseline),i=a(S);f(n,l(i));let{commits:I,files:$}=E.coverage;return t.output.err(`secret-guard: baseline of ${i.entries.length} fingerprint(s) written to ${n} (scanned ${I} commit(s), ${$} file(s)); commit it so every scan skips them.`),r.clean}};export{A as baselineCommand};
