// `npm run docs`: rewrites README.md's generated sections (scripts/readme-sections.ts) from the source.
// `node scripts/docs.mjs --check [file]` changes nothing and exits 1 when the file is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const args = process.argv.slice(2);
const check = args.includes('--check');
const file = args.find((arg) => arg !== '--check') ?? 'README.md';

// The sections are TypeScript that imports src/: bundle them in memory and load the result.
const sections = new URL('readme-sections.ts', import.meta.url);
const { outputFiles } = await build({
  entryPoints: [sections.pathname],
  bundle: true,
  format: 'esm',
  platform: 'node',
  write: false,
  logLevel: 'warning',
  // Loaded from a data: URL, the bundle still finds files beside the sections (action.yml) by their import.meta.url,
  // and its bundled CommonJS dependencies (the YAML parser) can require() Node's built-ins.
  define: { 'import.meta.url': JSON.stringify(sections.href) },
  banner: {
    js: `import { createRequire as __docsRequire } from 'node:module'; const require = __docsRequire(${JSON.stringify(sections.href)});`,
  },
});
const { updateReadme } = await import(
  `data:text/javascript;base64,${Buffer.from(outputFiles[0].text).toString('base64')}`
);

const current = readFileSync(file, 'utf8');
const updated = updateReadme(current);
if (updated === current) {
  console.log(`${file} is up to date`);
} else if (check) {
  console.error(`${file} is stale: run 'npm run docs' and commit it`);
  process.exitCode = 1;
} else {
  writeFileSync(file, updated);
  console.log(`${file}: generated sections rewritten`);
}
