import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
function o(r){return s=>{let e={kept:[],suppressed:[]};for(let t of s)(r(t)?e.suppressed:e.kept).push(t);return e}}export{o as a};
