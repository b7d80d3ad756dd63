import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import{a as r,f as e}from"./chunk-IE3QZ244.js";import{parseArgs as p}from"node:util";function f(s,t,o,n=!1){try{return p({args:t,options:o,allowPositionals:n,strict:!0})}catch(i){throw new r(`${e(i)} (see secret-guard ${s} --help)`)}}export{f as a};
