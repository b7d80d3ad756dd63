import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import{a,b,c,d,e,f}from"./chunk-PJHHOFRM.js";import"./chunk-GDRMK3SU.js";import"./chunk-IE3QZ244.js";import"./chunk-LBPU55PS.js";export{a as findRepoRoot,c as hasCommit,f as hooksDir,d as isShallow,b as revisionExists,e as shallowBoundary};
