import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import{a}from"./chunk-DE3BIA5G.js";import"./chunk-BSIXYOLM.js";import"./chunk-F3B6HD3T.js";import"./chunk-26MCZWNT.js";import"./chunk-XO25JUWH.js";import"./chunk-SOWOOZSH.js";import"./chunk-LBPU55PS.js";export{a as Detector};
