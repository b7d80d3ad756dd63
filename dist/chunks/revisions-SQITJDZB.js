import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import{a,b}from"./chunk-76KEZNOY.js";import"./chunk-PJHHOFRM.js";import"./chunk-5J2ECWFS.js";import"./chunk-GDRMK3SU.js";import"./chunk-IE3QZ244.js";import"./chunk-LBPU55PS.js";export{b as assertHistoryComplete,a as assertRevisionsExist};
