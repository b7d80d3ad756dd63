import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
var e=class{#i;#t="";constructor(n){this.#i=n}write(n){let s=this.#t+n.toString("latin1"),t=0;for(let i=s.indexOf(`
`);i!==-1;i=s.indexOf(`
`,t))i>t&&this.#i(s.slice(t,i)),t=i+1;this.#t=s.slice(t)}end(){this.#t.length>0&&this.#i(this.#t),this.#t=""}};export{e as a};
