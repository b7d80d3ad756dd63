import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import{h as u,i}from"./chunk-3SPCYWT2.js";import"./chunk-IVFK5HNQ.js";import"./chunk-XO6YVKFT.js";import"./chunk-MLSLSRLX.js";import"./chunk-EO7FLYKB.js";import"./chunk-2KYKYD7I.js";import"./chunk-F3B6HD3T.js";import"./chunk-V6YOTPEY.js";import"./chunk-MSMCDSNV.js";import"./chunk-26MCZWNT.js";import"./chunk-5CP5CUXO.js";import"./chunk-4ZZTLSEE.js";import{c as h}from"./chunk-BWGT6VWR.js";import"./chunk-VPFZPSIE.js";import"./chunk-TSBWKR7X.js";import"./chunk-IEIS6GTD.js";import{a,d as c}from"./chunk-IE3QZ244.js";import"./chunk-LBPU55PS.js";var p=/^0+$/;function d(r){let t=[];for(let e of r.split(`
`)){let[,o,,n]=e.trim().split(/\s+/);o&&n&&/^[0-9a-f]{40,64}$/.test(o)&&t.push({localSha:o,remoteSha:n})}return t}async function f(r){let t=[];for await(let e of r)t.push(Buffer.isBuffer(e)?e:Buffer.from(e));return Buffer.concat(t).toString("utf8")}async function l(r,t,e){let o=d(await f(r)).filter(s=>!p.test(s.localSha));if(o.length===0)return null;let n=[];for(let{remoteSha:s}of o)!p.test(s)&&await h(e,s)&&n.push(s);return[...o.map(s=>s.localSha),"--not",...n,`--remotes=${t}`]}var _={summary:"run as a Git hook (what installed hooks and hook managers call)",help:`Usage: secret-guard hook pre-commit
       secret-guard hook pre-push [<remote> [<url>]]   (the pushed refs on standard input, as git gives them)

pre-commit scans the staged changes; pre-push scans the commits the push sends that the remote does not have.
Under the pre-commit framework, pre-push reads the range it exports (PRE_COMMIT_FROM_REF, PRE_COMMIT_TO_REF).

Options:
  -h, --help            show this help`,async run(r,t){let[e,o,...n]=r;if(n.length>1)throw new a(`unexpected argument '${n[1]}' (see secret-guard hook --help)`);let s=u({},{kind:"staged"},t);if(e==="pre-commit")return i({scan:s,format:"text",blockedHeader:`secret-guard: commit blocked: an AWS access key is in the staged changes.

`},t);if(e==="pre-push"){let m=await g(t.io,o);return m===null?c.clean:i({scan:{...s,source:{kind:"push",revs:m}},format:"text",blockedHeader:`secret-guard: push blocked: an AWS access key is in the commits being pushed.

`},t)}throw new a(`unknown hook '${e??""}' (pre-commit or pre-push)`)}};async function g(r,t){let e=t??r.env.PRE_COMMIT_REMOTE_NAME??"origin",{PRE_COMMIT_FROM_REF:o,PRE_COMMIT_TO_REF:n}=r.env;if(n)return o?[n,"--not",o,`--remotes=${e}`]:[n,"--not",`--remotes=${e}`];let s=await l(r.stdin(),e,r.cwd);return s===null&&r.env.PRE_COMMIT?["HEAD","--not",`--remotes=${e}`]:s}export{_ as hookCommand};
