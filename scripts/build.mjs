// Bundles the entry points into dist/ with every dependency inside, so that `node dist/cli.js` runs from a
// fresh clone without `npm install`. ESM with code splitting: the AWS SDK, Octokit and the YAML parser land
// in chunks that are only loaded (and parsed) when a scan needs them, which keeps the hook path fast. The licence
// texts of the bundled packages go beside them, in THIRD-PARTY-NOTICES.txt.
import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Every entry lands at the top of the output folder: the CLI finds history-worker.js beside cli.js.
const entryPoints = [
  { in: 'src/cli.ts', out: 'cli' },
  { in: 'src/scan/history-worker.ts', out: 'history-worker' },
  { in: 'src/action.ts', out: 'action' },
].filter((entry) => existsSync(entry.in));
// Tests bundle the current src/ into a folder of their own: `node scripts/build.mjs --outdir <dir>`.
const flag = process.argv.indexOf('--outdir');
const outdir = flag > 0 ? process.argv[flag + 1] : 'dist';

const NOTICES_FILE = 'THIRD-PARTY-NOTICES.txt';

rmSync(outdir, { recursive: true, force: true });
const { metafile } = await build({
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
  metafile: true,
});
writeFileSync(join(outdir, NOTICES_FILE), thirdPartyNotices(metafile));

// The pre-commit hook's path alone, as one CommonJS file: no module graph to load when the hooks' prefilter
// starts Node (src/pre-commit-main.ts). A hook never verifies nor responds, so their modules (and with them the AWS
// SDK and Octokit) are left out, each replaced by a module that says so if it is ever loaded; the YAML parser, needed
// only when a configuration file exists, stays in a file of its own.
const HOOK_NEVER_LOADS =
  /^(?:@(?:aws-sdk|smithy|aws-crypto|octokit|actions)\/|\.\.?\/(?:verify|respond|github)\/|\.\/aws\/session\.js$)/;
await build({
  entryPoints: [
    { in: 'src/pre-commit-main.ts', out: 'pre-commit' },
    { in: 'src/config/yaml-parser.ts', out: 'pre-commit-yaml' },
  ],
  outdir,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  // import.meta.url as ES modules have it, for the code that loads Node modules lazily with createRequire.
  define: { 'import.meta.url': '__sgImportMetaUrl' },
  banner: { js: "const __sgImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
  plugins: [
    {
      name: 'pre-commit-path-only',
      setup(hookBuild) {
        hookBuild.onResolve({ filter: /yaml-parser\.js$/ }, (args) =>
          args.importer.endsWith('pre-commit-main.ts') || args.kind === 'entry-point'
            ? undefined
            : { path: './pre-commit-yaml.cjs', external: true },
        );
        hookBuild.onResolve({ filter: HOOK_NEVER_LOADS }, (args) => ({
          path: args.path,
          namespace: 'left-out',
        }));
        hookBuild.onLoad({ filter: /.*/, namespace: 'left-out' }, (args) => ({
          contents: leftOut(args.path),
          loader: 'js',
        }));
      },
    },
  ],
});

// The hooks' prefilter, made from the detector's own lists: see src/install/prefilter-script.ts.
const { outputFiles } = await build({
  entryPoints: ['src/install/prefilter-script.ts'],
  bundle: true,
  format: 'esm',
  platform: 'node',
  write: false,
  logLevel: 'warning',
});
const { prefilterFiles } = await import(
  `data:text/javascript;base64,${Buffer.from(outputFiles[0].contents).toString('base64')}`
);
for (const [name, text] of Object.entries(prefilterFiles())) writeFileSync(join(outdir, name), text);

/** CommonJS, so that named imports of it are allowed; it throws if it is ever loaded. */
function leftOut(what) {
  return `throw new Error(${JSON.stringify(`${what} is not in the pre-commit bundle`)}); module.exports = {};`;
}

/**
 * The licence texts of every package esbuild bundled (from its metafile), for dist/THIRD-PARTY-NOTICES.txt:
 * the package ships them, since its dist/ carries their code. Packages with the same texts share one entry.
 */
function thirdPartyNotices(meta) {
  const roots = new Set();
  for (const input of Object.keys(meta.inputs)) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) roots.add(match[1]);
  }
  const byText = new Map();
  for (const root of roots) {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const files = readdirSync(root)
      .filter((name) => /^(licen[cs]e|copying|notice)/i.test(name))
      .sort();
    const text =
      files.map((name) => readFileSync(join(root, name), 'utf8').trim()).join('\n\n') ||
      `The package ships no licence text; its package.json names the licence: ${pkg.license ?? 'none'}.`;
    const id = `${pkg.name}@${pkg.version} (${pkg.license ?? 'no licence named'})`;
    byText.set(text, [...(byText.get(text) ?? []), id]);
  }
  const entries = [...byText].map(([text, ids]) => ({ ids: [...new Set(ids)].sort(), text }));
  entries.sort((a, b) => a.ids[0].localeCompare(b.ids[0]));
  const rule = '-'.repeat(100);
  return (
    [
      `secret-guard's dist/ bundles the following ${roots.size} third-party packages. Their licences follow.`,
      ...entries.map(({ ids, text }) => `${rule}\n${ids.join('\n')}\n\n${text}`),
    ].join('\n\n') + '\n'
  );
}
