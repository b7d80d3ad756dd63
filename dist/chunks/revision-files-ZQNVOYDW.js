import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import{a,b,c,d}from"./chunk-V7G2FPIO.js";import"./chunk-5J2ECWFS.js";import"./chunk-GDRMK3SU.js";import"./chunk-IE3QZ244.js";import"./chunk-LBPU55PS.js";export{c as boundaryCommits,d as changedPaths,b as readRevisionFiles,a as resolveCommit};
