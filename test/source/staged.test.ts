import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OperationalError } from '../../src/errors.js';
import { tempRepos } from '../helpers/git-repo.js';
import { makeKeyId, makeSecret } from '../helpers/keys.js';
import { runSource } from './run-source.js';

const repo = tempRepos();

describe('staged source', () => {
  it('scans the index before the first commit (no HEAD yet)', async () => {
    const r = repo();
    const keyId = makeKeyId();
    r.write('config/.env', `# keys\nAWS_ACCESS_KEY_ID=${keyId}\n`);
    r.git('add', '-A');
    const { lines, coverage } = await runSource({ kind: 'staged' }, r.dir);
    expect(lines).toEqual([
      { path: 'config/.env', lineNo: 1, text: '# keys', commit: null },
      { path: 'config/.env', lineNo: 2, text: `AWS_ACCESS_KEY_ID=${keyId}`, commit: null },
    ]);
    expect(coverage).toMatchObject({ files: 1, addedLines: 2, commits: 0 });
  });

  it('scans only what the index adds over HEAD: not unstaged edits, not removed lines', async () => {
    const r = repo();
    r.commit({ 'a.txt': 'one\ntwo\nthree\n', 'gone.txt': 'bye\n' });
    r.write('a.txt', 'one\nTWO\nthree\nfour\n');
    r.git('add', 'a.txt');
    r.git('rm', '-q', 'gone.txt');
    r.write('a.txt', 'one\nTWO\nthree\nfour\nunstaged\n');
    r.write('untracked.txt', 'not staged\n');
    const { lines } = await runSource({ kind: 'staged' }, r.dir);
    expect(lines.map((l) => `${l.path}:${l.lineNo}:${l.text}`)).toEqual(['a.txt:2:TWO', 'a.txt:4:four']);
  });

  it('reads from a subfolder, with paths relative to the repository root', async () => {
    const r = repo();
    r.write('deep/er/f.txt', 'x\n');
    r.git('add', '-A');
    const { lines } = await runSource({ kind: 'staged' }, join(r.dir, 'deep'));
    expect(lines.map((l) => l.path)).toEqual(['deep/er/f.txt']);
  });

  it('reports odd file names as they are: spaces, tab, newline, quotes, backslash, UTF-8', async () => {
    const r = repo();
    const names = [
      'with space.txt',
      'tab\there.txt',
      'new\nline.txt',
      'quote"d.txt',
      'back\\slash.txt',
      'naïve 日本.txt',
    ];
    for (const name of names) r.write(name, `content of ${JSON.stringify(name)}\n`);
    r.git('add', '-A');
    const { lines } = await runSource({ kind: 'staged' }, r.dir);
    expect(lines.map((l) => l.path).sort()).toEqual([...names].sort());
    for (const l of lines) expect(l.text).toBe(`content of ${JSON.stringify(l.path)}`);
  });

  it('scans binary files for their printable runs, strips CR from CRLF lines', async () => {
    const r = repo();
    const keyId = makeKeyId();
    r.write(
      'image.bin',
      Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 0, 10, 0]), Buffer.from(keyId)]),
    );
    r.write('win.txt', 'first\r\nsecond\r\n');
    r.git('add', '-A');
    const { lines, coverage } = await runSource({ kind: 'staged' }, r.dir);
    expect(
      lines.filter((l) => l.path === 'win.txt').map((l) => `${l.lineNo}:${JSON.stringify(l.text)}`),
    ).toEqual(['1:"first"', '2:"second"']);
    expect(
      lines.filter((l) => l.path === 'image.bin' && l.text.includes(keyId)).map((l) => l.lineNo),
    ).toEqual([2]);
    expect(coverage.binaryFiles).toBe(0);
  });

  it('scans files that attributes or size would make binary, whatever the index or config says', async () => {
    const r = repo();
    r.commit({ '.gitattributes': '*.env -diff\n*.bin binary\n*.drv diff=opaque\n' });
    r.git('config', 'diff.opaque.binary', 'true');
    r.git('config', 'core.bigFileThreshold', '1k');
    const files = {
      'a.env': makeKeyId(),
      'b.bin': makeKeyId(),
      'c.drv': makeKeyId(),
      'big.txt': makeKeyId(),
    };
    for (const [path, id] of Object.entries(files))
      r.write(path, `${'x'.repeat(path === 'big.txt' ? 2000 : 1)}\nKEY=${id}\n`);
    r.git('add', '-A');
    const { lines, coverage } = await runSource({ kind: 'staged' }, r.dir);
    for (const [path, id] of Object.entries(files)) {
      expect(lines.filter((l) => l.text === `KEY=${id}`).map((l) => `${l.path}:${l.lineNo}`)).toEqual([
        `${path}:2`,
      ]);
    }
    expect(coverage.errors).toEqual([]);
  });

  it('is not fooled by configuration that changes diff output', async () => {
    const r = repo();
    r.commit({ 'sub/a.txt': 'a\n' });
    const secret = makeSecret();
    r.write('sub/a.txt', `a\n${secret}\n`);
    r.write('sub/é b.txt', 'x\n');
    r.git('add', '-A');
    const settings: Array<[string, string]> = [
      ['color.ui', 'always'],
      ['color.diff', 'always'],
      ['diff.noprefix', 'true'],
      ['diff.mnemonicPrefix', 'true'],
      ['diff.relative', 'true'],
      ['diff.context', '7'],
      ['diff.interHunkContext', '10'],
      ['diff.external', 'false'],
      ['diff.renames', 'false'],
      ['core.quotepath', 'true'],
      ['diff.suppressBlankEmpty', 'true'],
    ];
    for (const [key, value] of settings) r.git('config', key, value);
    const { lines } = await runSource({ kind: 'staged' }, join(r.dir, 'sub'));
    expect(lines.map((l) => `${l.path}:${l.lineNo}:${l.text}`)).toEqual([
      `sub/a.txt:2:${secret}`,
      'sub/é b.txt:1:x',
    ]);
  });

  it('fails with "not a git repository" outside a repository', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-norepo-'));
    try {
      const error = await runSource({ kind: 'staged' }, dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OperationalError);
      expect((error as Error).message).toBe(`not a git repository: ${dir}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
