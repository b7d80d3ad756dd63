import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import{a,b}from"./chunk-K7R4IW46.js";import"./chunk-LYIV6FNQ.js";import"./chunk-5J2ECWFS.js";import"./chunk-WR376JH2.js";import"./chunk-IE3QZ244.js";import"./chunk-LBPU55PS.js";export{b as assertHistoryComplete,a as assertRevisionsExist};
