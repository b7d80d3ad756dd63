import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import{a as h}from"./chunk-LI6AQYMY.js";import{a as F}from"./chunk-X367KYNE.js";import{a as c,b as y,c as b,d as x}from"./chunk-IZUPHLUQ.js";import{h as S}from"./chunk-TWRHXULZ.js";import{c as w}from"./chunk-NSCOY4IC.js";import{a as s,c as l,d as m,f as u}from"./chunk-IE3QZ244.js";import{resolve as R}from"node:path";import{statSync as E,writeFileSync as T}from"node:fs";import{dirname as A,extname as j,resolve as N}from"node:path";var B={".json":"json",".sarif":"sarif",".txt":"text"};function k(e){return B[j(e).toLowerCase()]}function C(e,n){let t=N(e,n),r=A(t);if(!E(r,{throwIfNoEntry:!1})?.isDirectory())throw new s(`--output ${n}: the folder ${r} does not exist (create it first)`);return t}function O(e,n){try{T(e,n)}catch(t){throw new l(`cannot write ${e}: ${u(t)}`)}}var P={staged:{type:"boolean"},range:{type:"string"},all:{type:"boolean"},stdin:{type:"boolean"}},_={...P,format:{type:"string"},output:{type:"string"},config:{type:"string"},baseline:{type:"string"},"no-baseline":{type:"boolean"},"settings-from":{type:"string"},"no-allow-comments":{type:"boolean"},verify:{type:"boolean"},respond:{type:"boolean"},"dry-run":{type:"boolean"},workers:{type:"string"}},U=`Source (one of them; without one, in a Git repository: --staged):
  --staged              what \`git commit\` would add: the index against HEAD
  --range <A..B>        what each commit in the range adds
  --all                 every commit reachable from any ref
  --stdin               a unified diff on standard input
  <path>...             files and folders on disk, whole`,oe={summary:"scan staged changes, commits, the whole history, files or a diff for AWS access keys",help:`Usage: secret-guard scan [--staged | --range <A..B> | --all | --stdin | <path>...] [options]

${U}

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
partial scan that found nothing.`,async run(e,n){let{values:t,positionals:r}=F("scan",e,_,!0),o=M(t,r),i=W(t.format)??k(t.output??"")??"text",a=D(t,o,n),d=t.output===void 0?void 0:C(n.io.cwd,t.output);return Y({scan:a,format:i,output:d},n)}};function re(e,n){return $(e,n)>0}function $(e,n){return[e.staged,e.range!==void 0,e.all,e.stdin,n.length>0].filter(Boolean).length}function M(e,n){if($(e,n)>1)throw new s("choose one source: --staged, --range <A..B>, --all, --stdin or paths");if(e.range!==void 0){if(!e.range.includes("..")||e.range.startsWith("-"))throw new s(`--range expects A..B (or A...B), got '${e.range}'`);if(e.range.startsWith(".."))throw new s(`--range needs a start: got '${e.range}' (an empty variable?); name both ends, as in A..B`);return{kind:"range",range:e.range}}return e.all?{kind:"all"}:e.stdin?{kind:"stdin"}:n.length>0?{kind:"paths",paths:n}:{kind:"staged"}}function W(e){if(e!==void 0){if(!y(e))throw new s(`--format must be one of ${c.join(", ")}, got '${e}'`);return e}}function D(e,n,{io:t,output:r}){if(e["dry-run"]&&!e.respond)throw new s("--dry-run goes with --respond");let o;if(e.workers!==void 0&&(o=Number(e.workers),!Number.isInteger(o)||o<1||o>64))throw new s(`--workers must be a whole number from 1 to 64, got '${e.workers}'`);if(e.baseline!==void 0&&e["no-baseline"])throw new s("choose one of --baseline <file> and --no-baseline");let i=e["settings-from"];if(i!==void 0&&(i===""||i.startsWith("-")))throw new s(`--settings-from expects a revision (a branch, tag or commit), got '${i}'`);let a=!!t.env.CI&&t.env.CI!=="false",d=i??(a&&e.config===void 0?L(n):void 0);return d!==void 0&&i===void 0&&r.logger.info(`secret-guard: settings and baseline from ${d}, where the range starts (CI; pin with --settings-from or --config)`),{cwd:t.cwd,source:n,...e.config!==void 0?{configFile:R(t.cwd,e.config)}:{},...e.baseline!==void 0?{baselineFile:R(t.cwd,e.baseline)}:{},...e["no-baseline"]?{baselineFile:!1}:{},...d!==void 0?{settingsFrom:d}:{},ignoreAllowComments:e["no-allow-comments"]??!1,verify:e.verify??!1,respond:e.respond??!1,dryRun:e["dry-run"]??!1,aws:{},inCi:a,...n.kind==="stdin"?{stdin:t.stdin()}:{},logger:r.logger,...o!==void 0?{workers:o}:{},...t.threadScript?{threadScript:t.threadScript}:{}}}function L(e){return e.kind==="range"?S(e.range)[0]:void 0}async function Y(e,{io:n,output:t}){let{scan:r,format:o}=e,i=await H(r.source,n),{result:a}=await x({...r,...i?{onProgress:(f,I)=>i.update(f,I)}:{}});i?.done();let d=o==="text"&&e.output===void 0&&n.stdoutIsTTY&&!n.env.NO_COLOR,g=b(o,a,{color:d,toolVersion:h,indexIsTemporary:e.indexIsTemporary??!1}),p=w(a);if(e.output!==void 0)O(e.output,g),t.err(`secret-guard: ${a.findings.length} finding(s); ${o} report written to ${e.output}`);else{let f=p===m.findings?e.blocked:void 0;f&&t.out(`${f.header}

`),t.out(g),f&&t.out(`
${f.footer}
`)}return p}async function H(e,n){if(!(e.kind==="all"||e.kind==="range"||e.kind==="push")||!n.stderrStream?.isTTY)return null;let{createProgress:r}=await import("./progress-S7L4UAP6.js");return r(n.stderrStream,()=>Date.now())}export{C as a,O as b,P as c,U as d,oe as e,re as f,M as g,D as h,Y as i};
