#!/usr/bin/env node
// The bin: Node's compile cache, then run the CLI (src/cli/main.ts) and print what it returns.
import module from 'node:module';
import { fileURLToPath } from 'node:url';

// Node 22.1+ keeps compiled code between runs (the hook runs on every commit); the rest of the CLI is loaded
// after this call so that it benefits. On older Node this is a no-op.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
const [{ main }, { run }] = await Promise.all([import('./cli/main.js'), import('./cli/run.js')]);
// Built beside this file by scripts/build.mjs.
await main(run, fileURLToPath(new URL('./history-worker.js', import.meta.url)));
