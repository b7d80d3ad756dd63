import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import{b as h}from"./chunk-GAEFN2J7.js";import{d as f}from"./chunk-GDRMK3SU.js";import"./chunk-IE3QZ244.js";import"./chunk-LBPU55PS.js";function w(i){return`(tag ${i} message)`}async function P(i,n){let t=i==="all"?await S(n):await B(n.cwd,i);if(t.length===0)return;let s=n.createSink(),e=new g((r,a)=>j(r,a,s,n.coverage));await f({cwd:n.cwd,args:["cat-file","--batch"],input:t.join(`
`)+`
`,onStdout:r=>e.write(r)}).done,s.end()}async function S(i){let n=await m(i.cwd,["for-each-ref","--format=%(objecttype) %(objectname) %(*objecttype) %(refname)"]);for(let t of n){let[s="",,e="",...o]=t.split(" "),r=s==="tag"?e:s;(r==="blob"||r==="tree")&&h(i.coverage,`${o.join(" ")} points to a ${r}, not a commit: its content was not scanned`)}return d(n.filter(t=>t.startsWith("tag ")).map(t=>t.split(" ")[1]))}async function B(i,n){let t=n.filter(e=>e.length>0&&!e.includes(`
`));if(t.length===0)return[];let s=await m(i,["cat-file","--batch-check=%(objecttype) %(objectname)"],t.join(`
`)+`
`);return d(s.filter(e=>e.startsWith("tag ")).map(e=>e.slice(4)))}async function m(i,n,t){let s=[];return await f({cwd:i,args:n,...t!==void 0?{input:t}:{},onStdout:e=>s.push(e)}).done,Buffer.concat(s).toString("utf8").split(`
`).filter(e=>e.length>0)}function d(i){return[...new Set(i)]}var g=class{#n;#t=Buffer.alloc(0);constructor(n){this.#n=n}write(n){for(this.#t=this.#t.length===0?n:Buffer.concat([this.#t,n]);;){let t=this.#t.indexOf(10);if(t===-1)return;let[s="",e="",o=""]=this.#t.subarray(0,t).toString("latin1").split(" "),r=e==="missing"?-1:Number(o);if(r<0){this.#t=this.#t.subarray(t+1);continue}if(this.#t.length<t+1+r+1)return;e==="tag"&&this.#n(s,this.#t.subarray(t+1,t+1+r)),this.#t=this.#t.subarray(t+2+r)}}};function j(i,n,t,s){let e=n.toString("utf8"),o=e.indexOf(`

`),r=o===-1?e:e.slice(0,o),a=o===-1?"":e.slice(o+2),p=/^tag (.*)$/m.exec(r)?.[1]??i.slice(0,12),c=/^tagger (.*) <([^>]*)> (\d+) ([+-]\d{4})$/m.exec(r),y={sha:i,author:c?.[1]??"",email:c?.[2]??"",date:c?$(Number(c[3]),c[4]):""};if(a.length===0)return;t.startFile({path:w(p),commit:y}),(a.endsWith(`
`)?a.slice(0,-1).split(`
`):a.split(`
`)).forEach((l,b)=>{let u=l.endsWith("\r")?l.slice(0,-1):l;s.addedLines++,s.bytes+=Buffer.byteLength(u,"utf8"),t.line(u,b+1)})}function $(i,n){let s=(n.startsWith("-")?-1:1)*(Number(n.slice(1,3))*60+Number(n.slice(3,5)));return`${new Date((i+s*60)*1e3).toISOString().slice(0,19)}${n.slice(0,3)}:${n.slice(3,5)}`}export{P as readTagMessages};
