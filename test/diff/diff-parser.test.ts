import { describe, expect, it } from 'vitest';
import { COMMIT_FORMAT, parseCommitLine } from '../../src/diff/commit-header.js';
import { COMMIT_MESSAGE_PATH, DiffParser, UNKNOWN_PATH } from '../../src/diff/diff-parser.js';
import { emptyCoverage, type MovedFile } from '../../src/types.js';
import { makeKeyId, makeSecret } from '../helpers/keys.js';
import { CollectingSink, parseDiff, summary } from './collecting-sink.js';

const SHA1 = '1'.repeat(40);
const SHA2 = '2'.repeat(40);
const commitLine = (sha: string, author = 'Ada Lovelace', email = 'ada@example.com'): string =>
  `\0${sha}\0${author}\0${email}\x002026-01-02T03:04:05+00:00`;
const diff = (...lines: string[]): string => lines.join('\n') + '\n';

interface Case {
  input: string;
  /** `path:lineNo:text` of every added line reported, in order. */
  lines: string[];
  /** Coverage fields to check (others unchecked). */
  coverage?: Partial<{
    files: number;
    addedLines: number;
    binaryFiles: number;
    commits: number;
    bytes: number;
    excluded: Record<string, number>;
  }>;
  malformed?: number;
}

const cases: Record<string, Case> = {
  'new file: every line is added, numbered from 1': {
    input: diff(
      'diff --git a/config/prod.env b/config/prod.env',
      'new file mode 100644',
      'index 0000000..1111111',
      '--- /dev/null',
      '+++ b/config/prod.env',
      '@@ -0,0 +1,3 @@',
      '+A=1',
      '+B=2',
      '+C=3',
    ),
    lines: ['config/prod.env:1:A=1', 'config/prod.env:2:B=2', 'config/prod.env:3:C=3'],
    coverage: { files: 1, addedLines: 3, bytes: 9 },
  },
  'modified file with -U0 hunks: new-file line numbers, removed lines skipped': {
    input: diff(
      'diff --git a/f.txt b/f.txt',
      'index 1111111..2222222 100644',
      '--- a/f.txt',
      '+++ b/f.txt',
      '@@ -3 +3 @@ section',
      '-old three',
      '+new three',
      '@@ -10,0 +11,2 @@',
      '+eleven',
      '+twelve',
      '@@ -20,2 +21,0 @@',
      '-gone',
      '-gone too',
    ),
    lines: ['f.txt:3:new three', 'f.txt:11:eleven', 'f.txt:12:twelve'],
    coverage: { files: 1, addedLines: 3 },
  },
  'context lines move the line number but are not reported': {
    input: diff(
      'diff --git a/f b/f',
      '--- a/f',
      '+++ b/f',
      '@@ -1,4 +1,5 @@',
      ' one',
      '-two',
      '+TWO',
      '+two and a half',
      ' three',
      '',
      '@@ -10,1 +11,1 @@',
      '-x',
      '+y',
    ),
    lines: ['f:2:TWO', 'f:3:two and a half', 'f:11:y'],
  },
  'added lines that look like headers are content, thanks to the hunk counts': {
    input: diff(
      'diff --git a/f b/f',
      '--- a/f',
      '+++ b/f',
      '@@ -1,2 +1,5 @@',
      '---- not a header',
      '-+++ neither',
      '++++ b/evil',
      '+--- a/evil',
      '+@@ -1 +1 @@',
      '+diff --git a/x b/x',
      '+\\ No newline at end of file',
    ),
    lines: [
      'f:1:+++ b/evil',
      'f:2:--- a/evil',
      'f:3:@@ -1 +1 @@',
      'f:4:diff --git a/x b/x',
      'f:5:\\ No newline at end of file',
    ],
    malformed: 0,
  },
  'deleted file: nothing to report': {
    input: diff(
      'diff --git a/secret.env b/secret.env',
      'deleted file mode 100644',
      'index 1111111..0000000',
      '--- a/secret.env',
      '+++ /dev/null',
      '@@ -1,2 +0,0 @@',
      '-A=1',
      '-B=2',
    ),
    lines: [],
    coverage: { files: 0, addedLines: 0 },
    malformed: 0,
  },
  'mode-only change and empty new file: no content, nothing malformed': {
    input: diff(
      'diff --git a/run.sh b/run.sh',
      'old mode 100644',
      'new mode 100755',
      'diff --git a/empty b/empty',
      'new file mode 100644',
      'index 0000000..e69de29',
      'diff --git a/after b/after',
      '--- a/after',
      '+++ b/after',
      '@@ -1 +1 @@',
      '-a',
      '+b',
    ),
    lines: ['after:1:b'],
    coverage: { files: 1 },
    malformed: 0,
  },
  'pure rename reports nothing; a rename with edits reports the edits under the new name': {
    input: diff(
      'diff --git a/old name.txt b/new name.txt',
      'similarity index 100%',
      'rename from old name.txt',
      'rename to new name.txt',
      'diff --git a/src/a.ts b/lib/a.ts',
      'similarity index 90%',
      'rename from src/a.ts',
      'rename to lib/a.ts',
      'index 1111111..2222222 100644',
      '--- a/src/a.ts',
      '+++ b/lib/a.ts',
      '@@ -5 +5 @@',
      '-x',
      '+y',
    ),
    lines: ['lib/a.ts:5:y'],
    malformed: 0,
  },
  'copy with edits reports under the copy': {
    input: diff(
      'diff --git a/a.txt b/b.txt',
      'similarity index 80%',
      'copy from a.txt',
      'copy to b.txt',
      '--- a/a.txt',
      '+++ b/b.txt',
      '@@ -2,0 +3 @@',
      '+copied and changed',
    ),
    lines: ['b.txt:3:copied and changed'],
  },
  'quoted paths: escapes, octal UTF-8 bytes, quotes, tabs and newlines': {
    input: diff(
      'diff --git "a/with space\\tand \\"quote\\" and \\303\\251" "b/with space\\tand \\"quote\\" and \\303\\251"',
      'new file mode 100644',
      '--- /dev/null',
      '+++ "b/with space\\tand \\"quote\\" and \\303\\251"',
      '@@ -0,0 +1 @@',
      '+one',
      'diff --git "a/new\\nline" "b/new\\nline"',
      '--- /dev/null',
      '+++ "b/new\\nline"',
      '@@ -0,0 +1 @@',
      '+two',
      'diff --git "a/back\\\\slash" "b/back\\\\slash"',
      '--- /dev/null',
      '+++ "b/back\\\\slash"',
      '@@ -0,0 +1 @@',
      '+three',
    ),
    lines: ['with space\tand "quote" and é:1:one', 'new\nline:1:two', 'back\\slash:1:three'],
  },
  'unquoted names with spaces and non-ASCII (core.quotepath=off), with the tab git appends': {
    input: diff(
      'diff --git a/dir with space/naïve file.txt b/dir with space/naïve file.txt',
      '--- a/dir with space/naïve file.txt\t',
      '+++ b/dir with space/naïve file.txt\t',
      '@@ -1 +1 @@',
      '-x',
      '+日本語',
    ),
    lines: ['dir with space/naïve file.txt:1:日本語'],
    coverage: { bytes: 9 },
  },
  'binary files are skipped and counted': {
    input: diff(
      'diff --git a/logo.png b/logo.png',
      'new file mode 100644',
      'index 0000000..1111111',
      'Binary files /dev/null and b/logo.png differ',
      'diff --git a/data.bin b/data.bin',
      'index 1111111..2222222 100644',
      'GIT binary patch',
      'literal 12',
      'zcmZQzKm%ukPbp0000',
      '',
      'literal 0',
      'HcmV?d00001',
      '',
      'diff --git a/t.txt b/t.txt',
      '--- a/t.txt',
      '+++ b/t.txt',
      '@@ -0,0 +1 @@',
      '+text',
    ),
    lines: ['t.txt:1:text'],
    coverage: { binaryFiles: 2, files: 1 },
    malformed: 0,
  },
  '"No newline at end of file" markers are ignored': {
    input: diff(
      'diff --git a/f b/f',
      '--- a/f',
      '+++ b/f',
      '@@ -1 +1 @@',
      '-old',
      '\\ No newline at end of file',
      '+new',
      '\\ No newline at end of file',
    ),
    lines: ['f:1:new'],
    malformed: 0,
  },
  'CRLF content: one trailing CR is stripped from added text': {
    input: diff(
      'diff --git a/w.txt b/w.txt',
      '--- a/w.txt',
      '+++ b/w.txt',
      '@@ -0,0 +1,2 @@',
      '+line one\r',
      '+two CRs\r\r',
    ),
    lines: ['w.txt:1:line one', 'w.txt:2:two CRs\r'],
  },
  'a whole diff saved with CRLF line ends': {
    input: ['diff --git a/f b/f', '--- a/f', '+++ b/f', '@@ -1 +1,2 @@', '-a', '+b', '+c', ''].join('\r\n'),
    lines: ['f:1:b', 'f:2:c'],
    malformed: 0,
  },
  'commit lines set the commit of the files that follow': {
    input: diff(
      commitLine(SHA1),
      '',
      'diff --git a/f b/f',
      '--- a/f',
      '+++ b/f',
      '@@ -0,0 +1 @@',
      '+from one',
      commitLine(SHA2),
      '',
      commitLine(SHA1.replace(/1/g, '3')),
      '',
      'diff --git a/f b/f',
      '--- a/f',
      '+++ b/f',
      '@@ -1 +1 @@',
      '-from one',
      '+from three',
    ),
    lines: ['f:1:from one', 'f:1:from three'],
    coverage: { commits: 3 },
  },
  'combined diff of a merge: only lines new to every parent are reported': {
    input: diff(
      commitLine(SHA1),
      '',
      'diff --cc f',
      'index 7d2e724,2b1936b..c3662e1',
      '--- a/f',
      '+++ b/f',
      '@@@ -5,0 -4,1 +5,2 @@@',
      '+ side',
      '++resolution',
      '@@@ -10,3 -9,2 +10,4 @@@',
      '  both had it',
      ' +from first parent only',
      '+ from second parent only',
      '++++not a header',
      '- lost from first',
      ' -lost from second',
      '--lost from both',
    ),
    lines: ['f:6:resolution', 'f:13:++not a header'],
    malformed: 0,
  },
  'octopus merge: three parents, four @, three columns': {
    input: diff(
      'diff --cc "quoted \\"name\\""',
      '--- a/quoted "name"',
      '+++ b/quoted "name"',
      '@@@@ -1,2 -1,1 -1,2 +1,3 @@@@',
      '  +in one and two',
      '+++merge only',
      '++ in three',
      '- -lost',
    ),
    lines: ['quoted "name":2:merge only'],
    malformed: 0,
  },
  '`diff --combined` (git log -c) reads like --cc': {
    input: diff(
      'diff --combined "sp ace\\t.txt"',
      'index 1111111,2222222..3333333',
      '--- a/sp ace\t.txt',
      '+++ "b/sp ace\\t.txt"',
      '@@@ -1,1 -1,1 +1,2 @@@',
      '  same',
      '++merged',
    ),
    lines: ['sp ace\t.txt:2:merged'],
    malformed: 0,
  },
  'merge that adds a file new to both parents': {
    input: diff(
      'diff --cc new.txt',
      'new file mode 100644',
      '--- /dev/null',
      '+++ b/new.txt',
      '@@@ -0,0 -0,0 +1,2 @@@',
      '++first',
      '++second',
    ),
    lines: ['new.txt:1:first', 'new.txt:2:second'],
  },
  'submodule pointer changes are not content, and are counted as excluded': {
    input: diff(
      'diff --git a/vendor/lib b/vendor/lib',
      'new file mode 160000',
      'index 0000000..1234567',
      '--- /dev/null',
      '+++ b/vendor/lib',
      '@@ -0,0 +1 @@',
      '+Subproject commit 1234567890abcdef1234567890abcdef12345678',
      'diff --git a/vendor/other b/vendor/other',
      'index 1234567..89abcde 160000',
      '--- a/vendor/other',
      '+++ b/vendor/other',
      '@@ -1 +1 @@',
      '-Subproject commit 1234567890abcdef1234567890abcdef12345678',
      '+Subproject commit 89abcdef1234567890abcdef1234567890abcdef',
      'Submodule vendor/x 1234567..89abcde:',
      '  > a commit message shown by --submodule=log',
    ),
    lines: [],
    coverage: { files: 0, excluded: { submodule: 2 } },
    malformed: 0,
  },
  'plain `diff -u` with dates and no diff --git line': {
    input: diff(
      '--- config.ini\t2026-01-01 10:00:00.000000000 +0000',
      '+++ config.ini\t2026-01-02 10:00:00.000000000 +0000',
      '@@ -1,2 +1,2 @@',
      ' [aws]',
      '-key = old',
      '+key = new',
      '--- other file.txt\t2026-01-01 10:00:00 +0000',
      '+++ other file.txt\t2026-01-02 10:00:00 +0000',
      '@@ -0,0 +1 @@',
      '+hello',
    ),
    lines: ['config.ini:2:key = new', 'other file.txt:1:hello'],
    malformed: 0,
  },
  'plain recursive diff: `diff -ru` and `Only in` lines between files': {
    input: diff(
      'Only in new: extra.txt',
      'diff -ru old/a.txt new/a.txt',
      '--- old/a.txt\t2026-01-01',
      '+++ new/a.txt\t2026-01-02',
      '@@ -1 +1 @@',
      '-1',
      '+2',
      'diff -ru old/b.txt new/b.txt',
      '--- a/b.txt',
      '+++ b/b.txt',
      '@@ -1 +1 @@',
      '-1',
      '+3',
    ),
    lines: ['new/a.txt:1:2', 'b.txt:1:3'],
    malformed: 0,
  },
  'default `git log -p` text and a format-patch mail around the diffs are ignored': {
    input: diff(
      'From 1111111111111111111111111111111111111111 Mon Sep 17 00:00:00 2001',
      'Subject: [PATCH] change',
      '',
      '    +indented message line',
      '---',
      ' f | 1 +',
      '',
      'diff --git a/f b/f',
      '--- a/f',
      '+++ b/f',
      '@@ -0,0 +1 @@',
      '+x',
      '-- ',
      '2.39.5',
    ),
    lines: ['f:1:x'],
    malformed: 0,
  },
  'empty input': { input: '', lines: [], coverage: { files: 0, commits: 0 }, malformed: 0 },
  'a stream that ends mid-line still reports the line, and the cut hunk is counted': {
    input: 'diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -0,0 +1,3 @@\n+first\n+cut sho',
    lines: ['f:1:first', 'f:2:cut sho'],
    malformed: 1,
  },
  'a complete last line without a newline is not malformed': {
    input: 'diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -0,0 +1 @@\n+last',
    lines: ['f:1:last'],
    malformed: 0,
  },
  'a broken hunk header is counted, and the added lines after it are still reported': {
    input: diff(
      'diff --git a/f b/f',
      '--- a/f',
      '+++ b/f',
      '@@ -1,x +3 @@',
      '+not lost',
      ' context',
      '-removed',
      '+numbered on',
      'diff --git a/g b/g',
      '--- a/g',
      '+++ b/g',
      '@@ -0,0 +1 @@',
      '+found',
    ),
    lines: ['f:3:not lost', 'f:5:numbered on', 'g:1:found'],
    malformed: 1,
  },
  'a broken hunk header without a readable start numbers its lines on from the last known one': {
    input: diff('diff --git a/f b/f', '--- a/f', '+++ b/f', '@@ garbage @@', '+one', '+two'),
    lines: ['f:1:one', 'f:2:two'],
    malformed: 1,
  },
  'a line that does not fit a hunk is counted, and the next header is still read': {
    input: diff(
      'diff --git a/f b/f',
      '--- a/f',
      '+++ b/f',
      '@@ -0,0 +1,3 @@',
      '+one',
      'diff --git a/g b/g',
      '--- a/g',
      '+++ b/g',
      '@@ -0,0 +1 @@',
      '+two',
    ),
    lines: ['f:1:one', 'g:1:two'],
    malformed: 1,
  },
  'hunk counts that are too small: the extra added lines are still reported, and counted': {
    input: diff('diff --git a/f b/f', '--- a/f', '+++ b/f', '@@ -0,0 +1 @@', '+one', '+two', '+three'),
    lines: ['f:1:one', 'f:2:two', 'f:3:three'],
    malformed: 1,
  },
  'a hunk without file headers is reported under an unknown path (failing closed)': {
    input: diff('@@ -0,0 +1 @@', '+orphan'),
    lines: [`${UNKNOWN_PATH}:1:orphan`],
    malformed: 1,
  },
  'a hunk after diff --git but without ---/+++ uses the header path': {
    input: diff('diff --git a/my file b/my file', '@@ -0,0 +1 @@', '+x'),
    lines: ['my file:1:x'],
    malformed: 1,
  },
  'a broken commit line is counted and skipped up to the next header': {
    input: diff('\0not-a-sha\0x', 'diff --git a/f b/f', '--- a/f', '+++ b/f', '@@ -0,0 +1 @@', '+after'),
    lines: ['f:1:after'],
    malformed: 1,
  },
};

describe('DiffParser', () => {
  for (const [name, c] of Object.entries(cases)) {
    it(name, () => {
      const { sink, coverage } = parseDiff(c.input);
      expect(summary(sink.lines)).toEqual(c.lines);
      expect(sink.ended).toBe(1);
      if (c.coverage) expect(coverage).toMatchObject(c.coverage);
      if (c.malformed !== undefined) expect(coverage.skipped['malformed-diff'] ?? 0).toBe(c.malformed);
      expect(coverage.addedLines).toBe(c.lines.length);
      // Each broken section and each binary file the diff has no content for is named: the scan is partial.
      expect(coverage.errors).toHaveLength((coverage.skipped['malformed-diff'] ?? 0) + coverage.binaryFiles);
    });
  }

  it('passes the commit parsed from the commit line to startFile', () => {
    const { sink } = parseDiff(
      diff(
        commitLine(SHA1, "Zoë O'Brien", 'zoe@example.com'),
        '',
        'diff --git a/f b/f',
        '--- a/f',
        '+++ b/f',
        '@@ -0,0 +1 @@',
        '+x',
      ),
    );
    expect(sink.files).toEqual([
      {
        path: 'f',
        commit: {
          sha: SHA1,
          author: "Zoë O'Brien",
          email: 'zoe@example.com',
          date: '2026-01-02T03:04:05+00:00',
        },
      },
    ]);
  });

  it('reports each renamed or copied file, with or without hunks, quoted names unquoted, with its commit', () => {
    const moved: MovedFile[] = [];
    const parser = new DiffParser(new CollectingSink(), emptyCoverage(), { onMoved: (m) => moved.push(m) });
    parser.write(
      Buffer.from(
        diff(
          commitLine(SHA1),
          '',
          'diff --git a/old name.txt b/new name.txt',
          'similarity index 100%',
          'rename from old name.txt',
          'rename to new name.txt',
          'diff --git a/src/a.ts b/lib/a.ts',
          'similarity index 90%',
          'rename from src/a.ts',
          'rename to lib/a.ts',
          '--- a/src/a.ts',
          '+++ b/lib/a.ts',
          '@@ -5 +5 @@',
          '-x',
          '+y',
          commitLine(SHA2),
          '',
          'diff --git "a/tab\\there" b/copy.txt',
          'similarity index 80%',
          'copy from "tab\\there"',
          'copy to copy.txt',
          // An added line that reads like a header is content, not a rename.
          'diff --git a/f b/f',
          '--- a/f',
          '+++ b/f',
          '@@ -0,0 +1 @@',
          '+rename to elsewhere',
        ),
      ),
    );
    parser.end();
    expect(moved.map((m) => `${m.from} -> ${m.to} @${m.commit?.sha.slice(0, 1)}`)).toEqual([
      'old name.txt -> new name.txt @1',
      'src/a.ts -> lib/a.ts @1',
      'tab\there -> copy.txt @2',
    ]);
  });

  it('announces each file section once, before its first added line, and again for a new commit', () => {
    const section = ['diff --git a/f b/f', '--- a/f', '+++ b/f', '@@ -0,0 +1,2 @@', '+x', '+y'];
    const { sink } = parseDiff(diff(commitLine(SHA1), ...section, commitLine(SHA2), ...section));
    expect(sink.files.map((f) => `${f.path}@${f.commit?.sha.slice(0, 1)}`)).toEqual(['f@1', 'f@2']);
  });

  it('decodes invalid UTF-8 with replacement characters, never throwing', () => {
    const input = Buffer.concat([
      Buffer.from('diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -0,0 +1,2 @@\n+bad '),
      Buffer.from([0xff, 0xc3, 0x28, 0xe2, 0x82]),
      Buffer.from('\n+ok\n'),
    ]);
    const { sink } = parseDiff(input);
    expect(summary(sink.lines)).toEqual(['f:1:bad \uFFFD\uFFFD(\uFFFD', 'f:2:ok']);
  });

  it('decodes a multi-byte character split across chunks', () => {
    const input = diff('diff --git a/é b/é', '--- a/é', '+++ b/é', '@@ -0,0 +1 @@', '+日本語 🔑 key');
    const whole = parseDiff(input);
    for (let size = 1; size <= 5; size++) {
      expect(summary(parseDiff(input, [size]).sink.lines)).toEqual(summary(whole.sink.lines));
    }
    expect(whole.coverage.bytes).toBe(Buffer.byteLength('日本語 🔑 key'));
  });

  it('reports a 10 MB added line whole, fed in 64 KiB chunks, with a key at its end', () => {
    const keyId = makeKeyId();
    const secret = makeSecret();
    const long = 'x'.repeat(10 * 1024 * 1024) + ` ${keyId} ${secret}`;
    const input = Buffer.from(
      diff('diff --git a/big b/big', '--- a/big', '+++ b/big', '@@ -0,0 +1,2 @@', '+' + long, '+after'),
    );
    const { sink, coverage } = parseDiff(input, [65536]);
    expect(sink.lines).toHaveLength(2);
    expect(sink.lines[0]!.text.length).toBe(long.length);
    expect(sink.lines[0]!.text.endsWith(`${keyId} ${secret}`)).toBe(true);
    expect(sink.lines[1]).toMatchObject({ lineNo: 2, text: 'after' });
    expect(coverage.bytes).toBe(long.length + 5);
  });

  it('ignores writes after end and ends the sink once', () => {
    const sink = new CollectingSink();
    const parser = new DiffParser(sink, emptyCoverage());
    parser.write(Buffer.from('diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -0,0 +1 @@\n+x\n'));
    parser.end();
    parser.write(Buffer.from('+y\n'));
    parser.end();
    expect(sink.lines).toHaveLength(1);
    expect(sink.ended).toBe(1);
  });

  it('never throws on arbitrary bytes', () => {
    for (let seed = 1; seed < 200; seed++) {
      let s = seed;
      const bytes = Buffer.alloc(2000);
      for (let i = 0; i < bytes.length; i++) {
        s = (s * 1103515245 + 12345) & 0x7fffffff;
        // Mostly diff-ish characters, with newlines and NULs, so that every state is reached.
        bytes[i] = '+- @\n\0dfi/ab\\"\r1,'.charCodeAt(s % 20) || s & 0xff;
      }
      expect(() =>
        parseDiff(Buffer.concat([Buffer.from('diff --git a/f b/f\n+++ b/f\n@@ -1,5 +1,5 @@\n'), bytes])),
      ).not.toThrow();
    }
  });
});

describe('commit line', () => {
  it('COMMIT_FORMAT starts with a NUL and separates fields with NULs', () => {
    expect(COMMIT_FORMAT.startsWith('%x00')).toBe(true);
    expect(COMMIT_FORMAT.split('%x00')).toHaveLength(5);
  });

  it.each([
    ['no leading NUL', `${SHA1}\0a\0b\0c`],
    ['short sha', '\0abc\0a\0b\0c'],
    ['missing field', `\0${SHA1}\0a\0b`],
    ['extra field', `\0${SHA1}\0a\0b\0c\0d`],
  ])('rejects a line with %s', (_name, line) => {
    expect(parseCommitLine(line)).toBeNull();
  });

  it('accepts a SHA-256 object name', () => {
    expect(parseCommitLine(`\0${'a'.repeat(64)}\0n\0e\0d`)?.sha).toBe('a'.repeat(64));
  });
});

describe('commit messages', () => {
  const log = (...lines: string[]): string => lines.join('\n') + '\n';

  it('with commitMessages, reports the lines between a commit line and its lone NUL as (commit message)', () => {
    const input = log(
      commitLine(SHA1),
      'subject',
      '',
      'diff --git a/x b/x',
      '\0',
      '',
      'diff --git a/f b/f',
      '--- a/f',
      '+++ b/f',
      '@@ -0,0 +1 @@',
      '+x',
      commitLine(SHA2),
      'only line\0',
    );
    const sink = new CollectingSink();
    const coverage = emptyCoverage();
    const parser = new DiffParser(sink, coverage, { commitMessages: true });
    parser.write(Buffer.from(input));
    parser.end();
    expect(sink.lines.map((l) => `${l.path}:${l.lineNo}:${l.text}@${l.commit?.[0]}`)).toEqual([
      `${COMMIT_MESSAGE_PATH}:1:subject@1`,
      `${COMMIT_MESSAGE_PATH}:2:@1`,
      `${COMMIT_MESSAGE_PATH}:3:diff --git a/x b/x@1`,
      'f:1:x@1',
      `${COMMIT_MESSAGE_PATH}:1:only line@2`,
    ]);
    expect(coverage.errors).toEqual([]);
    expect(coverage.files).toBe(1);
  });

  it('without it (a diff on stdin), message-like text and a lone NUL line are neither content nor errors', () => {
    const { sink, coverage } = parseDiff(
      log(
        commitLine(SHA1),
        'subject',
        '\0',
        'diff --git a/f b/f',
        '--- a/f',
        '+++ b/f',
        '@@ -0,0 +1 @@',
        '+x',
      ),
    );
    expect(summary(sink.lines)).toEqual(['f:1:x']);
    expect(coverage.errors).toEqual([]);
  });
});

describe('errors that make a scan partial', () => {
  it('name the file, the commit and the input line, and never the content', () => {
    const keyId = makeKeyId();
    const { coverage } = parseDiff(
      diff(
        commitLine(SHA1),
        'diff --git a/f.env b/f.env',
        '--- a/f.env',
        '+++ b/f.env',
        `@@ -0,0 +1,x @@ ${keyId}`,
        `+${keyId}`,
        'diff --git a/logo.png b/logo.png',
        'Binary files /dev/null and b/logo.png differ',
      ),
    );
    expect(coverage.errors).toEqual([
      `f.env in commit ${SHA1.slice(0, 12)}: a hunk header that cannot be read; the added lines after it were scanned, their line numbers may be off (input line 5)`,
      `logo.png in commit ${SHA1.slice(0, 12)}: a binary file whose content the diff leaves out, so it was not scanned (make the diff with \`git diff --text\`)`,
    ]);
  });
});
