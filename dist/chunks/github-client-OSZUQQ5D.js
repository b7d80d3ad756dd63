import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import{a}from"./chunk-GQ65R3L7.js";import"./chunk-LBPU55PS.js";export{a as GitHubClient};
