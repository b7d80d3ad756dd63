#!/usr/bin/env node
import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import o from"node:module";import{fileURLToPath as e}from"node:url";o.enableCompileCache?.();var[{main:i},{run:r}]=await Promise.all([import("./chunks/main-2KS5MLQX.js"),import("./chunks/run-XIKGYZRL.js")]);await i(r,e(new URL("./history-worker.js",import.meta.url)));
