#!/usr/bin/env node
import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
import o from"node:module";import{homedir as r}from"node:os";import{join as e}from"node:path";import{fileURLToPath as i}from"node:url";var m=process.env.XDG_CACHE_HOME||e(r(),".cache");o.enableCompileCache?.(process.env.NODE_COMPILE_CACHE||e(m,"secret-guard","node-compile-cache"));var[{main:n},{run:a}]=await Promise.all([import("./chunks/main-2KS5MLQX.js"),import("./chunks/run-VRQPGS4E.js")]);await n(a,i(new URL("./history-worker.js",import.meta.url)));
