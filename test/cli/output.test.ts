// `--output`: the format its extension names unless --format says otherwise, and a clear error for a folder
// that does not exist, before anything is scanned.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeKeyId } from '../helpers/keys.js';
import { runInProcess } from './in-process.js';

function folderWithKey(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sg-output-'));
  writeFileSync(join(dir, 'app.env'), `AWS_ACCESS_KEY_ID=${makeKeyId()}\n`);
  return dir;
}

describe('scan --output', () => {
  it.each([
    ['report.json', (text: string) => expect(JSON.parse(text)).toMatchObject({ version: 1 })],
    ['report.sarif', (text: string) => expect(JSON.parse(text)).toMatchObject({ version: '2.1.0' })],
    ['report.txt', (text: string) => expect(text).toContain('✖ app.env:1:19')],
    ['report.log', (text: string) => expect(text).toContain('What to do next:')],
  ])('writes %s in the format its extension names (text when it names none)', async (name, check) => {
    const dir = folderWithKey();
    const result = await runInProcess(['scan', 'app.env', '--output', name], { cwd: dir });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`report written to ${join(dir, name)}`);
    check(readFileSync(join(dir, name), 'utf8'));
  });

  it('lets --format win over the extension', async () => {
    const dir = folderWithKey();
    const result = await runInProcess(['scan', 'app.env', '--format', 'text', '--output', 'out.json'], {
      cwd: dir,
    });
    expect(result.exitCode).toBe(1);
    expect(readFileSync(join(dir, 'out.json'), 'utf8')).toContain('What to do next:');
  });

  it('names a folder that does not exist (exit 2) and writes nothing', async () => {
    const dir = folderWithKey();
    const result = await runInProcess(['scan', 'app.env', '--output', 'reports/out.json'], { cwd: dir });
    expect(result).toMatchObject({ exitCode: 2, stdout: '' });
    expect(result.stderr).toBe(
      `secret-guard: --output reports/out.json: the folder ${join(dir, 'reports')} does not exist (create it first)\n`,
    );
    expect(existsSync(join(dir, 'reports'))).toBe(false);
  });

  it('says so when the file cannot be written (exit 3)', async () => {
    const dir = folderWithKey();
    const result = await runInProcess(['scan', 'app.env', '--output', '.'], { cwd: dir });
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toMatch(/^secret-guard: cannot write .*: EISDIR/);
  });
});

describe('baseline --output', () => {
  it('names a folder that does not exist (exit 2)', async () => {
    const dir = folderWithKey();
    const result = await runInProcess(['baseline', 'app.env', '--output', 'nope/base.json'], { cwd: dir });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`the folder ${join(dir, 'nope')} does not exist`);
  });
});
