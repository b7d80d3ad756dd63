import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import{a}from"./chunk-7NDAHU3V.js";import"./chunk-LBPU55PS.js";export{a as GitHubClient};
