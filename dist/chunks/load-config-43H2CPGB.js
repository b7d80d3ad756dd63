import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import{b as a,c as b,d as c,e as d,f as e}from"./chunk-56GHQ65P.js";import"./chunk-3L5LEPZF.js";import"./chunk-NKDHO3TB.js";import"./chunk-IE3QZ244.js";import"./chunk-LBPU55PS.js";export{a as CONFIG_FILE,b as MAX_CONFIG_BYTES,c as loadConfig,e as parseConfig,d as parseConfigText};
