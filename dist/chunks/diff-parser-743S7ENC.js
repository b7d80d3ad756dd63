import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import{b as a,c as b,d as c}from"./chunk-BWX6OHJ2.js";import"./chunk-MZID23XD.js";import"./chunk-GAEFN2J7.js";import"./chunk-LBPU55PS.js";export{b as COMMIT_MESSAGE_PATH,c as DiffParser,a as UNKNOWN_PATH};
