import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import{a as h}from"./chunk-YX6GBPQ7.js";import{a as x}from"./chunk-KPIHTMLV.js";import{a as c,b as y,c as b,e as S}from"./chunk-SXDHACTP.js";import{c as w}from"./chunk-BBR66WA7.js";import{a as s,c as m,d as g,f as u}from"./chunk-5N5HXGCT.js";import{resolve as O}from"node:path";import{stat as I,writeFile as T}from"node:fs/promises";import{dirname as A,extname as E,resolve as j}from"node:path";var B={".json":"json",".sarif":"sarif",".txt":"text"};function F(e){return B[E(e).toLowerCase()]}async function k(e,t){let n=j(e,t),i=A(n);if(!(await I(i).catch(()=>null))?.isDirectory())throw new s(`--output ${t}: the folder ${i} does not exist (create it first)`);return n}async function C(e,t){try{await T(e,t)}catch(n){throw new m(`cannot write ${e}: ${u(n)}`)}}var N={staged:{type:"boolean"},range:{type:"string"},all:{type:"boolean"},stdin:{type:"boolean"}},P={...N,format:{type:"string"},output:{type:"string"},config:{type:"string"},baseline:{type:"string"},"no-baseline":{type:"boolean"},"settings-from":{type:"string"},"no-allow-comments":{type:"boolean"},verify:{type:"boolean"},respond:{type:"boolean"},"dry-run":{type:"boolean"},workers:{type:"string"}},_=`Source (one of them; without one, in a Git repository: --staged):
  --staged              what \`git commit\` would add: the index against HEAD
  --range <A..B>        what each commit in the range adds
  --all                 every commit reachable from any ref
  --stdin               a unified diff on standard input
  <path>...             files and folders on disk, whole`,ee={summary:"scan staged changes, commits, the whole history, files or a diff for AWS access keys",help:`Usage: secret-guard scan [--staged | --range <A..B> | --all | --stdin | <path>...] [options]

${_}

Options:
  --format <format>     ${c.join(", ")} (default: the --output file's extension, .json,
                        .sarif or .txt; else text)
  --output <file>       write the report to this file instead of standard output
  --config <file>       the configuration file (default: .secret-guard.yml at the repository root)
  --baseline <file>     the baseline file (default: the configuration's, else .secret-guard-baseline.json)
  --no-baseline         apply no baseline at all
  --settings-from <rev> read .secret-guard.yml and the baseline from that revision, not the work tree (for CI:
                        the change under review must not decide how it is judged)
  --no-allow-comments   ignore \`secret-guard:allow\` comments (for CI)
  --verify              ask IAM and STS whether each key found is live, and whose
  --respond             deactivate a key proven live and of your accounts (implies --verify)
  --dry-run             with --respond: say what would be done, change nothing
  --workers <n>         git processes for history scans (1 to 64)
  -h, --help            show this help

Exit codes: 0 nothing found, 1 findings, 2 usage or configuration error, 3 operational failure or a
partial scan that found nothing.`,async run(e,t){let{values:n,positionals:i}=x("scan",e,P,!0),o=U(n,i),r=M(n.format)??F(n.output??"")??"text",d=W(n,o,t),f=n.output===void 0?void 0:await k(t.io.cwd,n.output);return D({scan:d,format:r,output:f},t)}};function te(e,t){return R(e,t)>0}function R(e,t){return[e.staged,e.range!==void 0,e.all,e.stdin,t.length>0].filter(Boolean).length}function U(e,t){if(R(e,t)>1)throw new s("choose one source: --staged, --range <A..B>, --all, --stdin or paths");if(e.range!==void 0){if(!e.range.includes("..")||e.range.startsWith("-"))throw new s(`--range expects A..B (or A...B), got '${e.range}'`);if(e.range.startsWith(".."))throw new s(`--range needs a start: got '${e.range}' (an empty variable?); name both ends, as in A..B`);return{kind:"range",range:e.range}}return e.all?{kind:"all"}:e.stdin?{kind:"stdin"}:t.length>0?{kind:"paths",paths:t}:{kind:"staged"}}function M(e){if(e!==void 0){if(!y(e))throw new s(`--format must be one of ${c.join(", ")}, got '${e}'`);return e}}function W(e,t,{io:n,output:i}){if(e["dry-run"]&&!e.respond)throw new s("--dry-run goes with --respond");let o;if(e.workers!==void 0&&(o=Number(e.workers),!Number.isInteger(o)||o<1||o>64))throw new s(`--workers must be a whole number from 1 to 64, got '${e.workers}'`);if(e.baseline!==void 0&&e["no-baseline"])throw new s("choose one of --baseline <file> and --no-baseline");let r=e["settings-from"];if(r!==void 0&&(r===""||r.startsWith("-")))throw new s(`--settings-from expects a revision (a branch, tag or commit), got '${r}'`);return{cwd:n.cwd,source:t,...e.config!==void 0?{configFile:O(n.cwd,e.config)}:{},...e.baseline!==void 0?{baselineFile:O(n.cwd,e.baseline)}:{},...e["no-baseline"]?{baselineFile:!1}:{},...r!==void 0?{settingsFrom:r}:{},ignoreAllowComments:e["no-allow-comments"]??!1,verify:e.verify??!1,respond:e.respond??!1,dryRun:e["dry-run"]??!1,aws:{},inCi:!!n.env.CI&&n.env.CI!=="false",...t.kind==="stdin"?{stdin:n.stdin()}:{},logger:i.logger,...o!==void 0?{workers:o}:{},...n.threadScript?{threadScript:n.threadScript}:{}}}async function D(e,{io:t,output:n}){let{scan:i,format:o}=e,r=await L(i.source,t),{result:d}=await S({...i,...r?{onProgress:(a,$)=>r.update(a,$)}:{}});r?.done();let f=o==="text"&&e.output===void 0&&t.stdoutIsTTY&&!t.env.NO_COLOR,p=b(o,d,{color:f,toolVersion:h,indexIsTemporary:e.indexIsTemporary??!1}),l=w(d);if(e.output!==void 0)await C(e.output,p),n.err(`secret-guard: ${d.findings.length} finding(s); ${o} report written to ${e.output}`);else{let a=l===g.findings?e.blocked:void 0;a&&n.out(`${a.header}

`),n.out(p),a&&n.out(`
${a.footer}
`)}return l}async function L(e,t){if(!(e.kind==="all"||e.kind==="range"||e.kind==="push")||!t.stderrStream?.isTTY)return null;let{createProgress:i}=await import("./progress-D2UERXTB.js");return i(t.stderrStream,()=>Date.now())}export{k as a,C as b,N as c,_ as d,ee as e,te as f,U as g,W as h,D as i};
