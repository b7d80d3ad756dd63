import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import{a,b,c,d}from"./chunk-N6QHS6OH.js";import"./chunk-5J2ECWFS.js";import"./chunk-VPFZPSIE.js";import"./chunk-3ALMJCPH.js";import"./chunk-OWOAO2ZU.js";import"./chunk-IE3QZ244.js";import"./chunk-LBPU55PS.js";export{a as MAX_BATCH,b as defaultWorkers,c as parseBatch,d as readHistory};
