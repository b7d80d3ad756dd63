import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import{a,b,c,d,e,f}from"./chunk-LYIV6FNQ.js";import"./chunk-WR376JH2.js";import"./chunk-IE3QZ244.js";import"./chunk-LBPU55PS.js";export{a as findRepoRoot,c as hasCommit,f as hooksDir,d as isShallow,b as revisionExists,e as shallowBoundary};
