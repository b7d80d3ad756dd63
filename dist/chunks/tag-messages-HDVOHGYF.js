import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import{b as m}from"./chunk-GAEFN2J7.js";import{d as g}from"./chunk-GDRMK3SU.js";import"./chunk-IE3QZ244.js";import"./chunk-LBPU55PS.js";function w(i){return`(tag ${i} message)`}async function W(i,n){let t=i==="all"?await B(n):await j(n.cwd,i);if(t.length===0)return;let s=n.createSink(),e=new Set(t);for(;t.length>0;){let o=[],r=new u((c,l)=>{$(c,l,s,n.coverage);let a=S(l);a!==null&&!e.has(a)&&(e.add(a),o.push(a))});await g({cwd:n.cwd,args:["cat-file","--batch"],input:t.join(`
`)+`
`,onStdout:c=>r.write(c)}).done,t=o}s.end()}function S(i){let n=i.indexOf(`

`),t=i.subarray(0,n===-1?i.length:n).toString("latin1");return/^type tag$/m.test(t)?/^object ([0-9a-f]+)$/m.exec(t)?.[1]??null:null}async function B(i){let n=await d(i.cwd,["for-each-ref","--format=%(objecttype) %(objectname) %(*objecttype) %(refname)"]);for(let t of n){let[s="",,e="",...o]=t.split(" "),r=s==="tag"?e:s;(r==="blob"||r==="tree")&&m(i.coverage,`${o.join(" ")} points to a ${r}, not a commit: its content was not scanned`)}return p(n.filter(t=>t.startsWith("tag ")).map(t=>t.split(" ")[1]))}async function j(i,n){let t=n.filter(e=>e.length>0&&!e.includes(`
`));if(t.length===0)return[];let s=await d(i,["cat-file","--batch-check=%(objecttype) %(objectname)"],t.join(`
`)+`
`);return p(s.filter(e=>e.startsWith("tag ")).map(e=>e.slice(4)))}async function d(i,n,t){let s=[];return await g({cwd:i,args:n,...t!==void 0?{input:t}:{},onStdout:e=>s.push(e)}).done,Buffer.concat(s).toString("utf8").split(`
`).filter(e=>e.length>0)}function p(i){return[...new Set(i)]}var u=class{#n;#t=Buffer.alloc(0);constructor(n){this.#n=n}write(n){for(this.#t=this.#t.length===0?n:Buffer.concat([this.#t,n]);;){let t=this.#t.indexOf(10);if(t===-1)return;let[s="",e="",o=""]=this.#t.subarray(0,t).toString("latin1").split(" "),r=e==="missing"?-1:Number(o);if(r<0){this.#t=this.#t.subarray(t+1);continue}if(this.#t.length<t+1+r+1)return;e==="tag"&&this.#n(s,this.#t.subarray(t+1,t+1+r)),this.#t=this.#t.subarray(t+2+r)}}};function $(i,n,t,s){let e=n.toString("utf8"),o=e.indexOf(`

`),r=o===-1?e:e.slice(0,o),c=o===-1?"":e.slice(o+2),l=/^tag (.*)$/m.exec(r)?.[1]??i.slice(0,12),a=/^tagger (.*) <([^>]*)> (\d+) ([+-]\d{4})$/m.exec(r),y={sha:i,author:a?.[1]??"",email:a?.[2]??"",date:a?x(Number(a[3]),a[4]):""};if(c.length===0)return;t.startFile({path:w(l),commit:y}),(c.endsWith(`
`)?c.slice(0,-1).split(`
`):c.split(`
`)).forEach((f,b)=>{let h=f.endsWith("\r")?f.slice(0,-1):f;s.addedLines++,s.bytes+=Buffer.byteLength(h,"utf8"),t.line(h,b+1)})}function x(i,n){let s=(n.startsWith("-")?-1:1)*(Number(n.slice(1,3))*60+Number(n.slice(3,5)));return`${new Date((i+s*60)*1e3).toISOString().slice(0,19)}${n.slice(0,3)}:${n.slice(3,5)}`}export{W as readTagMessages};
