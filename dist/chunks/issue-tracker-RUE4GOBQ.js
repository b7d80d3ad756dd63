import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import{a,b}from"./chunk-HZXBY2CZ.js";import"./chunk-LBPU55PS.js";export{b as IssueTracker,a as fingerprintMarker};
