import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import{createRequire as o}from"node:module";var e;function n(t){return e??=o(import.meta.url)("node:crypto"),e.createHash("sha256").update(t).digest("hex")}var p="secret-guard/v1",i=32;function c(t,r){return n(`${p}\0${t}\0${r}`).slice(0,i)}export{c as a};
