import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import{a as o}from"./chunk-3HOB4OHL.js";var r=o.version;export{r as a};
