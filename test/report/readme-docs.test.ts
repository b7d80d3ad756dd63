// The README's runbook is generated from src/report/remediation.ts by `npm run docs`: these fail when it is stale.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterEach, describe, expect, it } from 'vitest';

import { updateReadme } from '../../scripts/readme-sections.js';
import { GENERIC_KEY, remediationFor, remediationMarkdown } from '../../src/report/remediation.js';

const ROOT = new URL('../../', import.meta.url);
const README = readFileSync(new URL('README.md', ROOT), 'utf8');
const SCRIPT = new URL('scripts/docs.mjs', ROOT).pathname;
const run = promisify(execFile);

describe('README.md generated sections', () => {
  it("are up to date (if not: run 'npm run docs' and commit README.md)", () => {
    expect(updateReadme(README)).toBe(README);
  });

  it('hold the runbook word for word', () => {
    const runbook = remediationMarkdown(remediationFor(GENERIC_KEY), { title: false, headingLevel: 3 });
    expect(README).toContain(runbook.trimEnd());
  });

  it('refuse a README without its markers, or with them twice', () => {
    expect(() => updateReadme('# nothing here\n')).toThrow(/exactly one pair of markers for 'remediation'/);
    const twice = README + README;
    expect(() => updateReadme(twice)).toThrow(/exactly one pair of markers/);
  });
});

describe('npm run docs (scripts/docs.mjs)', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('rewrites a stale section in place, and --check fails on a stale file without writing it', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sg-docs-'));
    const file = join(dir, 'README.md');
    const stale = README.replace('Create a second access key', 'Make a key');
    expect(stale).not.toBe(README);
    writeFileSync(file, stale);

    const failure = await run(process.execPath, [SCRIPT, '--check', file], { cwd: dir }).then(
      () => null,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('is stale');
    expect(readFileSync(file, 'utf8')).toBe(stale);

    await run(process.execPath, [SCRIPT, file], { cwd: dir });
    expect(readFileSync(file, 'utf8')).toBe(README);
    const { stdout } = await run(process.execPath, [SCRIPT, '--check', file], { cwd: dir });
    expect(stdout).toContain('up to date');
  });
});
