import { execFileSync } from 'node:child_process';
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

  it('reads tracked and untracked files, binary ones too, and skips ignored ones and .git', async () => {
    const r = project();
    const { lines, coverage } = await runSource({ kind: 'paths', paths: ['.'] }, r.dir);
    expect(brief(lines.filter((l) => l.path !== 'src/image.png')).sort()).toEqual([
      '.gitignore:1:ignored.txt',
      '.gitignore:2:build/',
      'force-added.log:1:tracked although ignored',
      'src/tracked.txt:1:tracked',
      'src/untracked.txt:1:untracked',
    ]);
    expect(lines.find((l) => l.path === 'src/image.png' && l.lineNo === 2)?.text).toContain('text after');
    expect(coverage.binaryFiles).toBe(0);
    expect(coverage.files).toBe(5);
    expect(coverage.errors).toEqual([]);
    // What is left out by design is counted: ignored.txt and the ignored folder build/.
    expect(coverage.excluded).toEqual({ gitignored: 2 });
    expect(coverage.skipped).toEqual({});
    expect(lines.every((l) => l.commit === null)).toBe(true);
  });

  it('reads an ignored file when it is named, and reports paths relative to the root from a subfolder', async () => {
    const r = project();
    const { lines } = await runSource({ kind: 'paths', paths: ['../ignored.txt', '.'] }, join(r.dir, 'src'));
    expect(brief(lines.filter((l) => l.path !== 'src/image.png')).sort()).toEqual([
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
    expect(brief(lines.filter((l) => l.path !== 'src/image.png')).sort()).toEqual([
      'src/tracked.txt:1:tracked',
      'src/untracked.txt:1:untracked',
    ]);
  });

  it('does not follow symlinks out of the tree', async () => {
    const outside = folder({ 'secret.txt': `${makeKeyId()}\n` });
    const r = project();
    symlinkSync(join(outside, 'secret.txt'), join(r.dir, 'src', 'link.txt'));
    symlinkSync(outside, join(r.dir, 'linked-folder'));
    const { lines, coverage } = await runSource({ kind: 'paths', paths: ['.'] }, r.dir);
    expect(lines.map((l) => l.path).filter((p) => p.includes('link'))).toEqual([]);
    expect(coverage.excluded['symlink']).toBe(2);
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
    expect(coverage).toMatchObject({ binaryFiles: 0, addedLines: 6, skipped: {}, excluded: { symlink: 1 } });
  });

  it('reads binary content as its printable runs and UTF-16 as text', async () => {
    const keyIds = [makeKeyId(), makeKeyId(), makeKeyId(), makeKeyId()];
    const utf16 = (text: string, bom: number[]): Buffer =>
      Buffer.concat([Buffer.from(bom), Buffer.from(text, 'utf16le')]);
    const dir = folder({
      'late-nul.bin': Buffer.concat([
        Buffer.from('x'.repeat(7990)),
        Buffer.from([0]),
        Buffer.from(`\n${keyIds[0]}\n`),
      ]),
      'blob.bin': Buffer.concat([
        Buffer.from([0, 1, 2, 0]),
        Buffer.from(keyIds[1]!),
        Buffer.from([0, 0xff, 0]),
      ]),
      'ps.txt': utf16(`line one\r\nKEY=${keyIds[2]}\r\n`, [0xff, 0xfe]),
      'be.txt': Buffer.concat([Buffer.from([0xfe, 0xff]), utf16(`é\nKEY=${keyIds[3]}\n`, []).swap16()]),
    });
    const { lines, coverage } = await runSource({ kind: 'paths', paths: ['.'] }, dir);
    const where = (id: string): string[] =>
      lines.filter((l) => l.text.includes(id)).map((l) => `${l.path}:${l.lineNo}`);
    expect(keyIds.map(where)).toEqual([['late-nul.bin:2'], ['blob.bin:1'], ['ps.txt:2'], ['be.txt:2']]);
    expect(brief(lines.filter((l) => l.path === 'ps.txt' || l.path === 'be.txt'))).toEqual([
      'be.txt:1:é',
      `be.txt:2:KEY=${keyIds[3]}`,
      'ps.txt:1:line one',
      `ps.txt:2:KEY=${keyIds[2]}`,
    ]);
    expect(coverage.binaryFiles).toBe(0);
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

  it('names every named path it cannot read in the errors (a FIFO, a symlink loop): partial, not clean', async () => {
    const dir = folder({ 'ok.txt': 'ok\n' });
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    symlinkSync('loop', join(dir, 'loop'));
    const { lines, coverage } = await runSource({ kind: 'paths', paths: ['pipe', 'loop', 'ok.txt'] }, dir);
    expect(brief(lines)).toEqual(['ok.txt:1:ok']);
    expect(coverage.errors).toEqual([
      'cannot read pipe: not a regular file or folder (a FIFO)',
      expect.stringMatching(/^cannot read loop: ELOOP: too many symbolic links/),
    ]);
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
    expect(coverage.errors).toEqual([expect.stringMatching(/^cannot read .*proc\/self\/mem: EIO/)]);
    expect(logger.messages.some((m) => m.level === 'warn' && m.message.startsWith('cannot read '))).toBe(
      true,
    );
  });
});
