import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import{a,b,c,d,e,f}from"./chunk-O7VNSEFA.js";import"./chunk-ED7SPIXE.js";import"./chunk-5N5HXGCT.js";import"./chunk-LBPU55PS.js";export{a as findRepoRoot,c as hasCommit,f as hooksDir,d as isShallow,b as revisionExists,e as shallowBoundary};
