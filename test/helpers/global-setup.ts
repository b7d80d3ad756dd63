// Bundle the current src/ once per test run, exactly as `npm run build` does, so that end-to-end tests run
// the CLI as users and hooks run it (`node <bundle>/cli.js` in a child process), and the Action as the runner
// runs it (`node <bundle>/action.js`). (.ci/run checks separately that the committed dist/ is this same build.)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

export default function setup(project: TestProject): () => void {
  const outdir = mkdtempSync(join(tmpdir(), 'sg-dist-'));
  try {
    execFileSync(process.execPath, [resolve('scripts/build.mjs'), '--outdir', outdir], { stdio: 'pipe' });
    project.provide('cliBundle', join(outdir, 'cli.js'));
    project.provide('actionBundle', join(outdir, 'action.js'));
  } catch (error) {
    // Unit tests still run; every end-to-end test fails on the missing bundle, naming the build error.
    const failed = `build failed: ${String((error as { stderr?: Buffer }).stderr ?? error)}`;
    project.provide('cliBundle', failed);
    project.provide('actionBundle', failed);
  }
  return () => rmSync(outdir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    cliBundle: string;
    actionBundle: string;
  }
}
