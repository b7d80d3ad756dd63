import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import{a,b}from"./chunk-EU5J3VXE.js";import"./chunk-NSCOY4IC.js";import"./chunk-JM3CDI6X.js";import"./chunk-F3B6HD3T.js";import"./chunk-26MCZWNT.js";import"./chunk-XO25JUWH.js";import"./chunk-IE3QZ244.js";import"./chunk-LBPU55PS.js";export{a as keyFingerprint,b as rotationIssue};
