import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import{a,b,c,d}from"./chunk-3QDDDMUP.js";import"./chunk-5J2ECWFS.js";import"./chunk-ED7SPIXE.js";import"./chunk-5N5HXGCT.js";import"./chunk-LBPU55PS.js";export{c as boundaryCommits,d as changedPaths,b as readRevisionFiles,a as resolveCommit};
