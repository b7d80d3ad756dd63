import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import{a,b}from"./chunk-6AGDJ6SH.js";import"./chunk-SQXWLNNM.js";import"./chunk-F3B6HD3T.js";import"./chunk-26MCZWNT.js";import"./chunk-5CP5CUXO.js";import"./chunk-5N5HXGCT.js";import"./chunk-LBPU55PS.js";export{a as keyFingerprint,b as rotationIssue};
