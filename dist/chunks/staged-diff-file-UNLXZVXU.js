import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import{a,b}from"./chunk-CPZHFSZ2.js";import"./chunk-WCAZQY4M.js";import"./chunk-BWX6OHJ2.js";import"./chunk-MZID23XD.js";import"./chunk-GAEFN2J7.js";import"./chunk-IE3QZ244.js";import"./chunk-LBPU55PS.js";export{b as diffFileHasChanges,a as readStagedDiffFile};
