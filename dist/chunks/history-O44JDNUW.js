import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import{a,b}from"./chunk-RLDKZRSC.js";import"./chunk-5J2ECWFS.js";import"./chunk-VPFZPSIE.js";import"./chunk-TSBWKR7X.js";import"./chunk-IEIS6GTD.js";import"./chunk-IE3QZ244.js";import"./chunk-LBPU55PS.js";export{a as parseBatch,b as readHistory};
