#!/usr/bin/env node
import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import e from"node:module";import{fileURLToPath as o}from"node:url";e.enableCompileCache?.();var{main:a}=await import("./chunks/main-DYDZTYMQ.js");await a(o(new URL("./history-worker.js",import.meta.url)));
