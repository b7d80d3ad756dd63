import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OperationalError } from '../../src/errors.js';
import { makeRepo, type TempRepo } from '../helpers/git-repo.js';
import { makeKeyId } from '../helpers/keys.js';
import { runSource } from './run-source.js';

const cleanups: Array<() => void> = [];
function repo(): TempRepo {
  const r = makeRepo();
  cleanups.push(() => r.remove());
  return r;
}
function folder(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sg-paths-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const brief = (lines: Array<{ path: string; lineNo: number; text: string }>): string[] =>
  lines.map((l) => `${l.path}:${l.lineNo}:${l.text}`);

describe('paths source in a repository', () => {
  function project(): TempRepo {
    const r = repo();
    r.commit({
      '.gitignore': 'ignored.txt\nbuild/\n',
      'src/tracked.txt': 'tracked\n',
      'force-added.log': 'tracked although ignored\n',
    });
    r.write('.git/info/exclude', '*.log\n');
    r.write('src/untracked.txt', 'untracked\n');
    r.write('ignored.txt', 'ignored\n');
    r.write('build/out.txt', 'ignored folder\n');
    r.write(
      'src/image.png',
      Buffer.concat([Buffer.from('\x89PNG\r\n'), Buffer.alloc(20), Buffer.from('text after\n')]),
    );
    return r;
  }

  it('reads tracked and untracked files, skips ignored ones, .git and binary files', async () => {
    const r = project();
    const { lines, coverage } = await runSource({ kind: 'paths', paths: ['.'] }, r.dir);
    expect(brief(lines).sort()).toEqual([
      '.gitignore:1:ignored.txt',
      '.gitignore:2:build/',
      'force-added.log:1:tracked although ignored',
      'src/tracked.txt:1:tracked',
      'src/untracked.txt:1:untracked',
    ]);
    expect(coverage.binaryFiles).toBe(1);
    expect(coverage.files).toBe(4);
    expect(lines.every((l) => l.commit === null)).toBe(true);
  });

  it('reads an ignored file when it is named, and reports paths relative to the root from a subfolder', async () => {
    const r = project();
    const { lines } = await runSource({ kind: 'paths', paths: ['../ignored.txt', '.'] }, join(r.dir, 'src'));
    expect(brief(lines).sort()).toEqual([
      'ignored.txt:1:ignored',
      'src/tracked.txt:1:tracked',
      'src/untracked.txt:1:untracked',
    ]);
  });

  it('reads a file named twice only once', async () => {
    const r = project();
    const { lines } = await runSource(
      { kind: 'paths', paths: ['src/tracked.txt', 'src', './src/tracked.txt'] },
      r.dir,
    );
    expect(brief(lines).sort()).toEqual(['src/tracked.txt:1:tracked', 'src/untracked.txt:1:untracked']);
  });

  it('does not follow symlinks out of the tree', async () => {
    const outside = folder({ 'secret.txt': `${makeKeyId()}\n` });
    const r = project();
    symlinkSync(join(outside, 'secret.txt'), join(r.dir, 'src', 'link.txt'));
    symlinkSync(outside, join(r.dir, 'linked-folder'));
    const { lines } = await runSource({ kind: 'paths', paths: ['.'] }, r.dir);
    expect(lines.map((l) => l.path).filter((p) => p.includes('link'))).toEqual([]);
  });

  it('throws OperationalError for a named path that does not exist', async () => {
    const r = project();
    const error = await runSource({ kind: 'paths', paths: ['src', 'no/such/file.txt'] }, r.dir).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OperationalError);
    expect((error as Error).message).toBe('no such file or directory: no/such/file.txt');
  });
});

describe('paths source outside a repository', () => {
  it('walks the folder (skipping .git and symlinks), paths relative to cwd, lines numbered as in the file', async () => {
    const dir = folder({
      'a.txt': 'first\r\nsecond\r\n\r\nlast without newline',
      'nested/deeper/b.txt': 'b\n',
      'empty.txt': '',
      '.git/config': '[core]\n',
      'bin.dat': Buffer.from([1, 2, 0, 3]),
      'bad-utf8.txt': Buffer.from([0x41, 0xff, 0x42, 0x0a]),
    });
    symlinkSync('/etc/hostname', join(dir, 'host-link'));
    const { lines, coverage } = await runSource({ kind: 'paths', paths: ['.'] }, dir);
    expect(brief(lines)).toEqual([
      'a.txt:1:first',
      'a.txt:2:second',
      'a.txt:3:',
      'a.txt:4:last without newline',
      'bad-utf8.txt:1:A\uFFFDB',
      'nested/deeper/b.txt:1:b',
    ]);
    expect(coverage).toMatchObject({ binaryFiles: 1, addedLines: 6 });
  });

  it('detects a NUL anywhere in the first 8000 bytes, even when the file arrives in small reads', async () => {
    const dir = folder({
      'late-nul.txt': Buffer.concat([
        Buffer.from('x'.repeat(7990)),
        Buffer.from([0]),
        Buffer.from('\nmore\n'),
      ]),
      'nul-after-8000.txt': Buffer.concat([Buffer.from('y'.repeat(8000) + '\n'), Buffer.from([0, 10])]),
    });
    const { lines, coverage } = await runSource({ kind: 'paths', paths: ['.'] }, dir);
    expect(coverage.binaryFiles).toBe(1);
    expect(lines.map((l) => l.path)).toEqual(['nul-after-8000.txt', 'nul-after-8000.txt']);
  });

  it('reads a file with a 10 MB line whole', async () => {
    const keyId = makeKeyId();
    const long = 'z'.repeat(10 * 1024 * 1024) + keyId;
    const dir = folder({ 'big.txt': `${long}\nnext\n` });
    const { lines, coverage } = await runSource({ kind: 'paths', paths: ['big.txt'] }, dir);
    expect(lines).toHaveLength(2);
    expect(lines[0]!.text.length).toBe(long.length);
    expect(lines[0]!.text.endsWith(keyId)).toBe(true);
    expect(coverage.bytes).toBe(long.length + 4);
  });

  // Linux only, as is CI: the read error must happen for root too, which permissions cannot arrange.
  it('counts a file that fails to read as unreadable, warns, and goes on', async () => {
    const dir = folder({ 'ok.txt': 'ok\n' });
    // /proc/self/mem opens but fails on read (EIO at offset 0), even for root.
    const { lines, coverage, logger } = await runSource(
      { kind: 'paths', paths: ['/proc/self/mem', 'ok.txt'] },
      dir,
    );
    expect(brief(lines)).toEqual(['ok.txt:1:ok']);
    expect(coverage.skipped['unreadable']).toBe(1);
    expect(logger.messages.some((m) => m.level === 'warn' && m.message.startsWith('cannot read '))).toBe(
      true,
    );
  });
});
