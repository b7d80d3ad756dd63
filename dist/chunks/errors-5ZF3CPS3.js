import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import{a,b,c,d,e,f,g}from"./chunk-5N5HXGCT.js";import"./chunk-LBPU55PS.js";export{b as ConfigError,d as EXIT,c as OperationalError,a as UsageError,g as assertNever,f as errorMessage,e as exitCodeFor};
