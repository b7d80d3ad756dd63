import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import{a,b}from"./chunk-KGFH3JM7.js";import"./chunk-IE3QZ244.js";import"./chunk-LBPU55PS.js";export{b as auditExitCode,a as isPartial};
