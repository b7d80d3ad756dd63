import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { OperationalError } from '../../src/errors.js';
import { makeRepo } from '../helpers/git-repo.js';
import { makeKeyId } from '../helpers/keys.js';
import { runSource } from './run-source.js';

describe('stdin source', () => {
  it('parses a diff as it streams in, in whatever pieces it arrives', async () => {
    const keyId = makeKeyId();
    const text = `diff --git a/x.env b/x.env\n--- a/x.env\n+++ b/x.env\n@@ -1 +1,2 @@\n-old\n+KEY=${keyId}\n+é\n`;
    const bytes = Buffer.from(text);
    const pieces = [
      bytes.subarray(0, 7),
      bytes.subarray(7, bytes.length - 2),
      bytes.subarray(bytes.length - 2),
    ];
    const { lines, coverage } = await runSource({ kind: 'stdin' }, process.cwd(), {
      stdin: Readable.from(pieces),
    });
    expect(lines).toEqual([
      { path: 'x.env', lineNo: 1, text: `KEY=${keyId}`, commit: null },
      { path: 'x.env', lineNo: 2, text: 'é', commit: null },
    ]);
    expect(coverage.commits).toBe(0);
  });

  it('reads the output of a real `git log -p` piped in, commits included', async () => {
    const r = makeRepo();
    try {
      const sha = r.commit({ 'a b.txt': 'hello\n' });
      const log = r.git('log', '-p', '--format=%x00%H%x00%an%x00%ae%x00%aI', '--no-color') + '\n';
      const { lines } = await runSource({ kind: 'stdin' }, r.dir, { stdin: Readable.from([log]) });
      expect(lines).toEqual([{ path: 'a b.txt', lineNo: 1, text: 'hello', commit: sha }]);
    } finally {
      r.remove();
    }
  });

  it('empty input is an error of the scan (partial), never a clean result', async () => {
    const { lines, coverage } = await runSource({ kind: 'stdin' }, process.cwd(), {
      stdin: Readable.from([]),
    });
    expect(lines).toEqual([]);
    expect(coverage.addedLines).toBe(0);
    expect(coverage.errors).toEqual([
      'standard input was empty: there was no diff to scan (did the command before the pipe fail?)',
    ]);
  });

  it('input that holds no diff at all (an error message piped in) is an error too', async () => {
    const { coverage } = await runSource({ kind: 'stdin' }, process.cwd(), {
      stdin: Readable.from(["fatal: ambiguous argument 'badref..HEAD': unknown revision\n"]),
    });
    expect(coverage.errors).toEqual([
      'standard input is not a unified diff: no diff, file or hunk header was found',
    ]);
  });

  it('decodes a UTF-16 diff (PowerShell 5 `>`), with or without a byte-order mark, in any pieces', async () => {
    const keyId = makeKeyId();
    const text = `diff --git a/x.env b/x.env\r\n--- a/x.env\r\n+++ b/x.env\r\n@@ -0,0 +1,2 @@\r\n+é\r\n+KEY=${keyId}\r\n`;
    const utf16 = Buffer.from(text, 'utf16le');
    for (const bytes of [
      Buffer.concat([Buffer.from([0xff, 0xfe]), utf16]),
      utf16,
      Buffer.from(utf16).swap16(),
    ]) {
      const pieces = [bytes.subarray(0, 1), bytes.subarray(1, 3), bytes.subarray(3, 41), bytes.subarray(41)];
      const { lines, coverage } = await runSource({ kind: 'stdin' }, process.cwd(), {
        stdin: Readable.from(pieces),
      });
      expect(lines).toEqual([
        { path: 'x.env', lineNo: 1, text: 'é', commit: null },
        { path: 'x.env', lineNo: 2, text: `KEY=${keyId}`, commit: null },
      ]);
      expect(coverage.errors).toEqual([]);
    }
  });

  it('a malformed hunk header: the added lines after it are still scanned, and the scan is partial', async () => {
    const keyId = makeKeyId();
    const text = [
      'diff --git a/f b/f',
      '--- a/f',
      '+++ b/f',
      '@@ -1,x +7 @@ broken',
      '+first',
      ' context',
      `+KEY=${keyId}`,
      'diff --git a/g b/g',
      '--- a/g',
      '+++ b/g',
      '@@ -0,0 +1 @@',
      '+next file',
      '',
    ].join('\n');
    const { lines, coverage } = await runSource({ kind: 'stdin' }, process.cwd(), {
      stdin: Readable.from([text]),
    });
    expect(lines.map((l) => `${l.path}:${l.lineNo}:${l.text}`)).toEqual([
      'f:7:first',
      `f:9:KEY=${keyId}`,
      'g:1:next file',
    ]);
    expect(coverage.errors).toEqual([
      'f: a hunk header that cannot be read; the added lines after it were scanned, their line numbers may be off (input line 4)',
    ]);
  });

  it('turns a read error into an OperationalError', async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error('EIO: i/o error'));
      },
    });
    const error = await runSource({ kind: 'stdin' }, process.cwd(), { stdin: failing }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OperationalError);
    expect((error as Error).message).toBe('cannot read standard input: EIO: i/o error');
  });

  it('fails clearly when there is no standard input to read', async () => {
    await expect(runSource({ kind: 'stdin' }, process.cwd())).rejects.toThrow(OperationalError);
  });
});
