// Bundles the entry points into dist/ with every dependency inside, so that `node dist/cli.js` runs from a
// fresh clone without `npm install`. ESM with code splitting: the AWS SDK, Octokit and the YAML parser land
// in chunks that are only loaded (and parsed) when a scan needs them, which keeps the hook path fast.
import { build } from 'esbuild';
import { existsSync, rmSync } from 'node:fs';

// Every entry lands at the top of the output folder: the CLI finds history-worker.js beside cli.js.
const entryPoints = [
  { in: 'src/cli.ts', out: 'cli' },
  { in: 'src/scan/history-worker.ts', out: 'history-worker' },
  { in: 'src/action.ts', out: 'action' },
].filter((entry) => existsSync(entry.in));
// Tests bundle the current src/ into a folder of their own: `node scripts/build.mjs --outdir <dir>`.
const flag = process.argv.indexOf('--outdir');
const outdir = flag > 0 ? process.argv[flag + 1] : 'dist';

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints,
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  // Some bundled CommonJS dependencies call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
