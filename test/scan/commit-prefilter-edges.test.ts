// Edge cases of the history prefilter found by attacking it: each compares a history scanned with the prefilter
// against the diff of every commit (and, through the CLI, the worker threads' pipe readers against one thread).
import { describe, expect, it } from 'vitest';

import { Detector } from '../../src/detect/detector.js';
import { RecordingLogger } from '../../src/logger.js';
import { readSource } from '../../src/source/read-source.js';
import { type Detection, emptyCoverage, type SourceSpec } from '../../src/types.js';
import { runCli } from '../helpers/cli.js';
import { WINDOW_CHARS } from '../../src/diff/line-windows.js';
import { tempRepos } from '../helpers/git-repo.js';
import { makeKeyId } from '../helpers/keys.js';

const repo = tempRepos();

/** What the scan of `spec` from `cwd` detects, with or without the prefilter, as comparable strings. */
async function detections(spec: SourceSpec, cwd: string, prefilter: boolean): Promise<string[]> {
  const found: Detection[] = [];
  await readSource(spec, {
    cwd,
    coverage: emptyCoverage(),
    logger: new RecordingLogger(),
    createSink: () => new Detector((d) => found.push(d)),
    prefilter,
    workers: 2,
  });
  return found.map((d) => `${d.commit?.sha.slice(0, 7)} ${d.file}:${d.line}:${d.column} ${d.rule}`).sort();
}

/** The findings of `scan --all --format json` through the CLI (worker threads, pipe readers). */
async function cliFindings(cwd: string, workers?: number): Promise<string[]> {
  const run = await runCli(
    ['scan', '--all', '--format', 'json', ...(workers ? ['--workers', `${workers}`] : [])],
    {
      cwd,
    },
  );
  expect(run.stderr).toBe('');
  const report = JSON.parse(run.stdout) as {
    findings: Array<{ file: string; line: number; column: number }>;
  };
  return report.findings.map((f) => `${f.file}:${f.line}:${f.column}`).sort();
}

describe('the history prefilter, attacked', () => {
  it('lists every blob from a subfolder whatever diff.relative says, as the diff route does', async () => {
    const r = repo();
    r.commit({ 'sub/a.txt': 'hello\n', 'top.env': `AWS_ACCESS_KEY_ID=${makeKeyId()}\n` });
    r.git('config', 'diff.relative', 'true');
    const sub = `${r.dir}/sub`;
    const full = await detections({ kind: 'all' }, sub, false);
    expect(full).toHaveLength(1);
    expect(await detections({ kind: 'all' }, sub, true)).toEqual(full);
    expect(await cliFindings(sub)).toHaveLength(1);
  }, 60_000);

  it('leaves to the diff route a line with NULs that the diff cuts into windows, each read apart', async () => {
    // One line of exactly WINDOW_CHARS bytes: with the diff's `+` the line is one character longer, so its last
    // 64 KiB are read as a window of their own. Most of the line is UTF-16 of one byte order, its end (an id) of
    // the other: read whole, the line decodes the first; the last window alone decodes the id.
    const tail = Buffer.concat([
      Buffer.from('y'),
      Buffer.from(`AWS_ACCESS_KEY_ID=${makeKeyId()}${' '.repeat(30000)}`, 'utf16le'),
      Buffer.from('z'),
    ]);
    const line = Buffer.concat([Buffer.from('x\0'.repeat((WINDOW_CHARS - tail.length) / 2)), tail]);
    expect(line.length).toBe(WINDOW_CHARS);
    const r = repo();
    r.commit({ 'a.txt': 'start\n' });
    r.commit({ 'data.bin': Buffer.concat([line, Buffer.from('\n')]) });
    const full = await detections({ kind: 'all' }, r.dir, false);
    expect(full).toHaveLength(1);
    expect(await detections({ kind: 'all' }, r.dir, true)).toEqual(full);
  }, 120_000);
});
