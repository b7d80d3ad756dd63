import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
function d(s){return`<!-- secret-guard:fingerprint=${s} -->`}function p(s){return`<!-- secret-guard:sighting=${s} -->`}function l(s){return s.replace(/[^A-Za-z0-9._:/@+=-]/g,"_").replace(/-{2,}/g,"-")}var c=class{#e;#n;#t=null;#s=null;constructor(e,r){this.#e=e,this.#n=r}async openOrUpdate(e){return await this.#i(e,!0)}async updateIfTracked(e){return this.#i(e,!1)}async#i(e,r){let o=d(l(e.fingerprint)),u=p(l(e.sighting.id));this.#t??=this.#e.listIssues(this.#n[0]?.name??null);let a=await this.#t,n=a.find(t=>t.body.includes(o));if(!n&&!r||n&&!r&&n.state==="closed")return null;if(!n){this.#s??=this.#e.ensureLabels(this.#n),await this.#s;let t=await this.#e.createIssue({title:e.title,body:`${e.body}

${o}
${u}
`,labels:this.#n.map(g=>g.name)});return a.push(t),{action:"opened",number:t.number,url:t.url}}let m=n.body.includes(u)||(await this.#e.listComments(n.number)).some(t=>t.includes(u)),i="unchanged";return e.reopen&&n.state==="closed"&&(await this.#e.reopen(n.number),n.state="open",i="reopened"),(!m||i==="reopened")&&(await this.#e.comment(n.number,`${e.sighting.comment}

${u}
`),i==="unchanged"&&(i="commented")),{action:i,number:n.number,url:n.url}}};export{d as a,c as b};
