import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import{a,b,c,d,e,f}from"./chunk-BWGT6VWR.js";import"./chunk-TSBWKR7X.js";import"./chunk-IE3QZ244.js";import"./chunk-LBPU55PS.js";export{a as findRepoRoot,c as hasCommit,f as hooksDir,d as isShallow,b as revisionExists,e as shallowBoundary};
