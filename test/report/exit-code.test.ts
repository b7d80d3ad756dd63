// One function decides the exit code from a result; the CLI exits with it. A partial scan is never clean.
import { execFileSync } from 'node:child_process';

import { describe, expect, it } from 'vitest';

import { EXIT } from '../../src/errors.js';
import { isPartial, partialReasons, scanExitCode } from '../../src/report/scan-facts.js';
import type { ScanResult } from '../../src/types.js';
import { runCli } from '../helpers/cli.js';
import { tempRepos } from '../helpers/git-repo.js';
import { makeKeyId, makeSecret } from '../helpers/keys.js';
import { coverage, makePair, scan } from './scan-results.js';

describe('scanExitCode', () => {
  it.each<[string, () => ScanResult, number]>([
    ['a clean scan', () => scan(), EXIT.clean],
    [
      'a scan that saw nothing (nothing could hide a key)',
      () => scan({ coverage: coverage({ files: 0 }) }),
      0,
    ],
    ['what the design leaves out', () => scan({ coverage: coverage({ excluded: { submodule: 3 } }) }), 0],
    ['findings', () => scan({ findings: [makePair().id] }), EXIT.findings],
    ['an error, nothing found', () => scan({ coverage: coverage({ errors: ['git failed'] }) }), 3],
    ['a counted skip, nothing found', () => scan({ coverage: coverage({ skipped: { unreadable: 1 } }) }), 3],
    [
      'findings in a partial scan: findings win',
      () => scan({ findings: [makePair().id], coverage: coverage({ errors: ['git failed'] }) }),
      EXIT.findings,
    ],
    [
      'findings whose response failed: still findings, never clean',
      () => {
        const pair = makePair();
        pair.id.response = { action: 'failed', reason: 'AWS unreachable' };
        return scan({ findings: [pair.id] });
      },
      EXIT.findings,
    ],
  ])('%s', (_name, build, expected) => {
    expect(scanExitCode(build())).toBe(expected);
  });

  it('agrees with isPartial and partialReasons', () => {
    const partial = scan({ coverage: coverage({ errors: ['a', 'b'], skipped: { unreadable: 2 } }) });
    expect(isPartial(partial)).toBe(true);
    // The errors name what was skipped: the counts are not listed a second time.
    expect(partialReasons(partial)).toEqual(['a', 'b']);
    expect(
      partialReasons(scan({ coverage: coverage({ skipped: { unreadable: 1, 'not-a-file': 0 } }) })),
    ).toEqual(['1 part of the input skipped: unreadable']);
    expect(isPartial(scan({ coverage: coverage({ excluded: { gitignored: 9 } }) }))).toBe(false);
  });
});

describe('the CLI exits as the result says', () => {
  const repo = tempRepos();

  it('exits 3 with PARTIAL when a named path cannot be read and nothing was found, in every format', async () => {
    const r = repo();
    r.write('notes.txt', 'nothing here\n');
    execFileSync('mkfifo', ['pipe'], { cwd: r.dir });

    const text = await runCli(['scan', 'notes.txt', 'pipe'], { cwd: r.dir });
    expect(text.exitCode).toBe(3);
    expect(text.stdout).toContain('⚠ PARTIAL SCAN: no AWS keys found in what was read');
    expect(text.stdout).not.toContain('✔');

    const json = await runCli(['scan', 'notes.txt', 'pipe', '--format', 'json'], { cwd: r.dir });
    expect(json.exitCode).toBe(3);
    const report = JSON.parse(json.stdout) as { partial: boolean; partialReasons: string[] };
    expect(report.partial).toBe(true);
    expect(report.partialReasons.length).toBeGreaterThan(0);

    const sarif = await runCli(['scan', 'notes.txt', 'pipe', '--format', 'sarif'], { cwd: r.dir });
    expect(sarif.exitCode).toBe(3);
    const log = JSON.parse(sarif.stdout) as {
      runs: Array<{
        invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications: unknown[] }>;
      }>;
    };
    expect(log.runs[0]?.invocations[0]?.executionSuccessful).toBe(false);
    expect(log.runs[0]?.invocations[0]?.toolExecutionNotifications.length).toBeGreaterThan(0);
  });

  it('exits 1 when a partial scan still found a key, and 0 when the same paths are readable and clean', async () => {
    const r = repo();
    r.write('aws.ini', `aws_access_key_id = ${makeKeyId()}\naws_secret_access_key = ${makeSecret()}\n`);
    r.write('notes.txt', 'nothing here\n');
    execFileSync('mkfifo', ['pipe'], { cwd: r.dir });

    const found = await runCli(['scan', 'aws.ini', 'pipe'], { cwd: r.dir });
    expect(found.exitCode).toBe(1);
    expect(found.stdout).toContain('PARTIAL SCAN');

    const clean = await runCli(['scan', 'notes.txt'], { cwd: r.dir });
    expect(clean.exitCode).toBe(0);
    expect(clean.stdout).toContain('✔ No AWS keys found');
  });
});
