import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import{b as a,c as b,d as c,e as d,f as e}from"./chunk-EG5ECNL3.js";import"./chunk-3L5LEPZF.js";import"./chunk-REE34B5L.js";import"./chunk-5N5HXGCT.js";import"./chunk-LBPU55PS.js";export{a as CONFIG_FILE,b as MAX_CONFIG_BYTES,c as loadConfig,e as parseConfig,d as parseConfigText};
