import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import{a as u,b as f,c as d,d as h,f as g,g as w,h as y}from"./chunk-LGUX25XE.js";import"./chunk-YX6GBPQ7.js";import{a as p}from"./chunk-KPIHTMLV.js";import"./chunk-X2FGRCKL.js";import{e as m}from"./chunk-X4AFGA3H.js";import"./chunk-7LXVNDLB.js";import{e as c}from"./chunk-TUXUUDFA.js";import"./chunk-BBR66WA7.js";import"./chunk-SQXWLNNM.js";import"./chunk-3NUCTGXZ.js";import"./chunk-O7VNSEFA.js";import{b as a,c as l}from"./chunk-K2HY2B6G.js";import"./chunk-LOK5KICW.js";import"./chunk-BSIXYOLM.js";import"./chunk-F3B6HD3T.js";import"./chunk-QQSDQTMZ.js";import"./chunk-QSC2SQDK.js";import"./chunk-HWAM3Y5L.js";import"./chunk-26MCZWNT.js";import"./chunk-GAEFN2J7.js";import"./chunk-5CP5CUXO.js";import"./chunk-EG5ECNL3.js";import"./chunk-3L5LEPZF.js";import"./chunk-REE34B5L.js";import"./chunk-5J2ECWFS.js";import"./chunk-ED7SPIXE.js";import{d as r}from"./chunk-5N5HXGCT.js";import"./chunk-LBPU55PS.js";var B={...d,output:{type:"string"},config:{type:"string"},"no-allow-comments":{type:"boolean"},workers:{type:"string"}},A={summary:"record the keys found now, so that later scans skip them",help:`Usage: secret-guard baseline [--staged | --range <A..B> | --all | --stdin | <path>...] [options]

Scans (by default the whole history, --all) without applying any baseline, and writes the fingerprints of
everything found. Commit the file: every scan skips what it lists. It holds fingerprints and key ids, never a
secret.

${h.replace("without one, in a Git repository: --staged","default: --all")}

Options:
  --output <file>       where to write it (default: the configuration's baseline, else .secret-guard-baseline.json)
  --config <file>       the configuration file (default: .secret-guard.yml at the repository root)
  --no-allow-comments   record keys on lines with \`secret-guard:allow\` comments too
  --workers <n>         git processes for history scans (1 to 64)
  -h, --help            show this help`,async run(b,t){let{values:e,positionals:o}=p("baseline",b,B,!0),O=g(e,o)?w(e,o):{kind:"all"},s=y(e,O,t),k=e.output===void 0?void 0:await u(s.cwd,e.output),{detections:S,root:v,config:C,result:E}=await m({...s,baselineFile:!1}),n=k??c(v,C.baseline),i=a(S);await f(n,l(i));let{commits:I,files:$}=E.coverage;return t.output.err(`secret-guard: baseline of ${i.entries.length} fingerprint(s) written to ${n} (scanned ${I} commit(s), ${$} file(s)); commit it so every scan skips them.`),r.clean}};export{A as baselineCommand};
