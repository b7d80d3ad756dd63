import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import{a}from"./chunk-RCIEO27U.js";import"./chunk-IE3QZ244.js";import"./chunk-LBPU55PS.js";export{a as findRepoRoot};
