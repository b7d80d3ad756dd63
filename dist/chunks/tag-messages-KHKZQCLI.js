import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import{d as g}from"./chunk-TSBWKR7X.js";import"./chunk-IE3QZ244.js";import"./chunk-LBPU55PS.js";function b(s){return`(tag ${s} message)`}async function v(s,t){let n=s==="all"?await w(t.cwd):await S(t.cwd,s);if(n.length===0)return;let i=t.createSink(),e=new f((r,a)=>B(r,a,i,t.coverage));await g({cwd:t.cwd,args:["cat-file","--batch"],input:n.join(`
`)+`
`,onStdout:r=>e.write(r)}).done,i.end()}async function w(s){let t=await h(s,["for-each-ref","--format=%(objecttype) %(objectname)"]);return d(t.filter(n=>n.startsWith("tag ")).map(n=>n.slice(4)))}async function S(s,t){let n=t.filter(e=>e.length>0&&!e.includes(`
`));if(n.length===0)return[];let i=await h(s,["cat-file","--batch-check=%(objecttype) %(objectname)"],n.join(`
`)+`
`);return d(i.filter(e=>e.startsWith("tag ")).map(e=>e.slice(4)))}async function h(s,t,n){let i=[];return await g({cwd:s,args:t,...n!==void 0?{input:n}:{},onStdout:e=>i.push(e)}).done,Buffer.concat(i).toString("utf8").split(`
`).filter(e=>e.length>0)}function d(s){return[...new Set(s)]}var f=class{#n;#t=Buffer.alloc(0);constructor(t){this.#n=t}write(t){for(this.#t=this.#t.length===0?t:Buffer.concat([this.#t,t]);;){let n=this.#t.indexOf(10);if(n===-1)return;let[i="",e="",o=""]=this.#t.subarray(0,n).toString("latin1").split(" "),r=e==="missing"?-1:Number(o);if(r<0){this.#t=this.#t.subarray(n+1);continue}if(this.#t.length<n+1+r+1)return;e==="tag"&&this.#n(i,this.#t.subarray(n+1,n+1+r)),this.#t=this.#t.subarray(n+2+r)}}};function B(s,t,n,i){let e=t.toString("utf8"),o=e.indexOf(`

`),r=o===-1?e:e.slice(0,o),a=o===-1?"":e.slice(o+2),m=/^tag (.*)$/m.exec(r)?.[1]??s.slice(0,12),c=/^tagger (.*) <([^>]*)> (\d+) ([+-]\d{4})$/m.exec(r),p={sha:s,author:c?.[1]??"",email:c?.[2]??"",date:c?j(Number(c[3]),c[4]):""};if(a.length===0)return;n.startFile({path:b(m),commit:p}),(a.endsWith(`
`)?a.slice(0,-1).split(`
`):a.split(`
`)).forEach((l,y)=>{let u=l.endsWith("\r")?l.slice(0,-1):l;i.addedLines++,i.bytes+=Buffer.byteLength(u,"utf8"),n.line(u,y+1)})}function j(s,t){let i=(t.startsWith("-")?-1:1)*(Number(t.slice(1,3))*60+Number(t.slice(3,5)));return`${new Date((s+i*60)*1e3).toISOString().slice(0,19)}${t.slice(0,3)}:${t.slice(3,5)}`}export{v as readTagMessages};
