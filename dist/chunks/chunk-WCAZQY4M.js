import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
function r(e){return e.onMoved?{onMoved:o=>e.onMoved?.(o)}:{}}export{r as a};
