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

  it('accepts empty input', async () => {
    const { lines, coverage } = await runSource({ kind: 'stdin' }, process.cwd(), {
      stdin: Readable.from([]),
    });
    expect(lines).toEqual([]);
    expect(coverage.addedLines).toBe(0);
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
