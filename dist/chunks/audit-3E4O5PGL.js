import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import{a as y}from"./chunk-X367KYNE.js";import"./chunk-X2FGRCKL.js";import{c as f}from"./chunk-3L5LEPZF.js";import{a as r}from"./chunk-IE3QZ244.js";import"./chunk-LBPU55PS.js";import{resolve as v}from"node:path";var w={"max-age":{type:"string"},"max-unused":{type:"string"},format:{type:"string"},respond:{type:"boolean"},"dry-run":{type:"boolean"},"deactivate-unused":{type:"boolean"},source:{type:"string"},config:{type:"string"}};function l(a,t){if(t===void 0)return;let n=Number(t);if(!/^\d+$/.test(t)||!f(n))throw new r(`--${a} must be a whole number of days from 1 to 3650, got '${t}'`);return n}var U={summary:"audit every IAM user's access keys: age, last use, two active keys, inactive keys",help:`Usage: secret-guard audit [--max-age <days>] [--max-unused <days>] [--format text|json]
                          [--respond [--deactivate-unused]] [--dry-run] [--source <source>] [--config <file>]

Reads every IAM user's access keys (the credential report, or user by user) with the AWS credentials of the
default chain, and lists the keys out of policy, most urgent first: active keys older than the maximum age,
active keys unused (or never used) for longer than the limit, users with two active keys beyond a grace period,
inactive keys left undeleted. Exceptions and defaults come from the audit: section of .secret-guard.yml.

Options:
  --max-age <days>      oldest an active key may be (default 90, audit.maxAgeDays)
  --max-unused <days>   longest an active key may go unused (default 45, audit.maxUnusedDays)
  --format <format>     text (default) or json
  --respond             open or update one rotation issue per key to rotate or retire (needs GITHUB_TOKEN and
                        GITHUB_REPOSITORY), and deactivate unused keys where asked
  --deactivate-unused   with --respond: deactivate active keys unused beyond --max-unused, after IAM confirms
                        they still are (audit.deactivateUnused); never a key used within the limit; never deletes
  --dry-run             with --respond: print the plan, change nothing
  --source <source>     auto (default: the credential report, the listing if it cannot be had),
                        credential-report or listing
  --config <file>       the configuration file (default: .secret-guard.yml in the current folder)
  -h, --help            show this help

Exit codes: 0 every key in policy, 1 a key out of policy, 2 usage or configuration error,
3 the audit could not complete (or some users could not be read) and found nothing.`,async run(a,{io:t,output:n}){let{values:e}=y("audit",a,w),s=e.format??"text";if(s!=="text"&&s!=="json")throw new r(`--format must be text or json for audit, got '${s}'`);if(e["dry-run"]&&!e.respond)throw new r("--dry-run goes with --respond");if(e["deactivate-unused"]&&!e.respond)throw new r("--deactivate-unused goes with --respond");let o=e.source;if(o!==void 0&&!["auto","credential-report","listing"].includes(o))throw new r(`--source must be auto, credential-report or listing, got '${o}'`);let u=l("max-age",e["max-age"]),c=l("max-unused",e["max-unused"]),d=t.env.GITHUB_TOKEN||t.env.GH_TOKEN||"",i=t.env.GITHUB_REPOSITORY||"";e.respond&&(!d||!i)&&n.err("secret-guard: no GITHUB_TOKEN and GITHUB_REPOSITORY: rotation issues will not be opened");let{runAudit:p}=await import("./audit-6Q5DL6UL.js"),{auditExitCode:g}=await import("./audit-result-A2V7CDKP.js"),m=await p({cwd:t.cwd,...e.config!==void 0?{configFile:v(t.cwd,e.config)}:{},overrides:{...u!==void 0?{maxAgeDays:u}:{},...c!==void 0?{maxUnusedDays:c}:{},...e["deactivate-unused"]?{deactivateUnused:!0}:{},...o!==void 0?{source:o}:{}},aws:{},respond:e.respond??!1,dryRun:e["dry-run"]??!1,github:d&&i?{token:d,repository:i,...t.env.GITHUB_API_URL?{apiUrl:t.env.GITHUB_API_URL}:{}}:null,logger:n.logger}),h=s==="json"?(await import("./audit-json-457JB2PT.js")).auditJson:(await import("./audit-text-QJKBSLH3.js")).auditText;return n.out(h(m)),g(m)}};export{U as auditCommand};
