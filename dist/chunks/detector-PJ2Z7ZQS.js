import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import{a}from"./chunk-QFYZ4ZBN.js";import"./chunk-BSIXYOLM.js";import"./chunk-F3B6HD3T.js";import"./chunk-26MCZWNT.js";import"./chunk-XO25JUWH.js";import"./chunk-SCTNZDPQ.js";import"./chunk-LBPU55PS.js";export{a as Detector};
