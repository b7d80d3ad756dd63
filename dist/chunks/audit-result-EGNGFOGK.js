import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import{a,b}from"./chunk-RXFGCYZC.js";import"./chunk-5N5HXGCT.js";import"./chunk-LBPU55PS.js";export{b as auditExitCode,a as isPartial};
