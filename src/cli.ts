#!/usr/bin/env node
// The bin: Node's compile cache, then run the CLI (src/cli/main.ts) and print what it returns.
import module from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Node 22.1+ keeps compiled code between runs (the hook runs on every commit); the rest of the CLI is loaded
// after this call so that it benefits. On older Node this is a no-op. The cache is the user's own (the same folder
// as the hooks' prefilter uses), not Node's default in the shared temporary folder: compiled code that other users
// can write would run as this user.
const cacheHome = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
(module as { enableCompileCache?: (dir?: string) => unknown }).enableCompileCache?.(
  process.env.NODE_COMPILE_CACHE || join(cacheHome, 'secret-guard', 'node-compile-cache'),
);
const [{ main }, { run }] = await Promise.all([import('./cli/main.js'), import('./cli/run.js')]);
// Built beside this file by scripts/build.mjs.
await main(run, fileURLToPath(new URL('./history-worker.js', import.meta.url)));
