import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import{d as i}from"./chunk-IE3QZ244.js";function n(e){return e.inventory.failures.some(t=>!t.judged)}function r(e){return e.findings.length>0?i.findings:n(e)?i.operational:i.clean}export{n as a,r as b};
