import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OperationalError } from '../../src/errors.js';
import { silentLogger } from '../../src/logger.js';
import { readSource } from '../../src/source/read-source.js';
import { emptyCoverage } from '../../src/types.js';
import { git, makeRepo, type TempRepo } from '../helpers/git-repo.js';
import { makeKeyId, makeSecret } from '../helpers/keys.js';
import { runSource, sorted } from './run-source.js';

const cleanups: Array<() => void> = [];
function repo(options?: { bare?: boolean }): TempRepo {
  const r = makeRepo(options);
  cleanups.push(() => r.remove());
  return r;
}
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sg-clone-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const brief = (
  lines: Array<{ path: string; lineNo: number; text: string; commit: string | null }>,
): string[] => lines.map((l) => `${l.path}:${l.lineNo}:${l.text}@${l.commit ?? '-'}`);

describe('history source: range', () => {
  it('scans each commit of A..B against its own parent, with its commit info', async () => {
    const r = repo();
    const c1 = r.commit({ 'a.txt': 'one\n' }, 'first');
    const c2 = r.commit({ 'a.txt': 'one\ntwo\n' }, 'second');
    const c3 = r.commit({ 'b.txt': 'three\n', 'a.txt': 'ONE\ntwo\n' }, 'third');
    const { lines, coverage, sinks } = await runSource({ kind: 'range', range: `${c1}..${c3}` }, r.dir);
    expect(sorted(lines)).toEqual(
      sorted([
        { path: 'a.txt', lineNo: 2, text: 'two', commit: c2 },
        { path: 'a.txt', lineNo: 1, text: 'ONE', commit: c3 },
        { path: 'b.txt', lineNo: 1, text: 'three', commit: c3 },
      ]),
    );
    expect(coverage.commits).toBe(2);
    const info = sinks.flatMap((s) => s.files).find((f) => f.commit?.sha === c3)?.commit;
    expect(info).toEqual({
      sha: c3,
      author: 'Test Author',
      email: 'author@example.com',
      date: '2026-01-02T03:04:05Z'.replace('Z', '+00:00'),
    });
  });

  it('scans A...B (both sides since the merge base) and a single revision (all its ancestors)', async () => {
    const r = repo();
    const base = r.commit({ 'f.txt': 'base\n' });
    r.git('checkout', '-q', '-b', 'side');
    const side = r.commit({ 's.txt': 'side\n' });
    r.git('checkout', '-q', 'main');
    const main = r.commit({ 'm.txt': 'main\n' });
    const sym = await runSource({ kind: 'range', range: 'main...side' }, r.dir);
    expect(brief(sym.lines).sort()).toEqual([`m.txt:1:main@${main}`, `s.txt:1:side@${side}`]);
    const single = await runSource({ kind: 'range', range: 'side' }, r.dir);
    expect(brief(single.lines).sort()).toEqual([`f.txt:1:base@${base}`, `s.txt:1:side@${side}`]);
  });

  it('throws OperationalError naming an unknown revision', async () => {
    const r = repo();
    r.commit({ 'a.txt': 'a\n' });
    for (const range of ['nope..HEAD', 'HEAD..nope', 'HEAD~5..HEAD', '--output=/tmp/x']) {
      const error = await runSource({ kind: 'range', range }, r.dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OperationalError);
      expect((error as Error).message).toMatch(
        /^unknown revision '.+' \(no such branch, tag or commit in this repository\)$/,
      );
    }
    const error = await runSource({ kind: 'range', range: 'main..nope' }, r.dir).catch((e: unknown) => e);
    expect((error as Error).message).toContain("unknown revision 'nope'");
  });

  it('does not report moved content again: renames are detected', async () => {
    const r = repo();
    const keyId = makeKeyId();
    const body = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n') + `\nkey=${keyId}\n`;
    const c1 = r.commit({ 'old/place.env': body });
    mkdirSync(join(r.dir, 'new'));
    r.git('mv', 'old/place.env', 'new/place.env');
    r.git('commit', '-q', '-m', 'move');
    r.write('new/place.env', body + 'added after the move\n');
    const c3 = r.commit({}, 'edit');
    const { lines } = await runSource({ kind: 'range', range: `${c1}..HEAD` }, r.dir);
    expect(brief(lines)).toEqual([`new/place.env:22:added after the move@${c3}`]);
  });

  it('reports lines of quoted file names, binary content as its printable runs, CRLF stripped, a 10 MB line whole', async () => {
    const r = repo();
    const c0 = r.commit({ README: 'start\n' });
    const secret = makeSecret();
    const big = 'y'.repeat(10 * 1024 * 1024) + ` ${secret}`;
    const c1 = r.commit({
      'tab\tand "quote" é.txt': 'odd\n',
      'new\nline': 'nl\n',
      'blob.bin': Buffer.from([0, 1, 2, 0, 255, 10]),
      'dos.txt': 'a\r\nb\r\n',
      'big.txt': big + '\n',
    });
    const { lines, coverage } = await runSource({ kind: 'range', range: `${c0}..${c1}` }, r.dir);
    const byPath = new Map(lines.map((l) => [l.path, l]));
    expect([...byPath.keys()].sort()).toEqual([
      'big.txt',
      'blob.bin',
      'dos.txt',
      'new\nline',
      'tab\tand "quote" é.txt',
    ]);
    expect(lines.filter((l) => l.path === 'dos.txt').map((l) => l.text)).toEqual(['a', 'b']);
    expect(byPath.get('blob.bin')!.text).toBe('\0\x01\x02\0\uFFFD');
    expect(byPath.get('big.txt')!.text.length).toBe(big.length);
    expect(byPath.get('big.txt')!.text.endsWith(secret)).toBe(true);
    expect(coverage.binaryFiles).toBe(0);
    expect(coverage.errors).toEqual([]);
  });

  it('reports progress, ending with the full count', async () => {
    const r = repo();
    r.commit({ 'a.txt': '1\n' });
    r.commit({ 'a.txt': '2\n' });
    const { progress } = await runSource({ kind: 'range', range: 'HEAD' }, r.dir);
    expect(progress.at(-1)).toEqual([2, 2]);
  });
});

describe('history source: merges', () => {
  it('reports a line only the merge resolution adds once, with the merge sha; side lines only in their own commit', async () => {
    const r = repo();
    const keyId = makeKeyId();
    r.commit({ 'f.txt': 'a\nb\nc\n' });
    r.git('checkout', '-q', '-b', 'side');
    const side = r.commit({ 'f.txt': 'a\nb-side\nc\n', 'side.txt': 'side only\n' }, 'side');
    r.git('checkout', '-q', 'main');
    const main = r.commit({ 'f.txt': 'a\nb-main\nc\n' }, 'main');
    // A conflicting merge, resolved with a line neither parent had.
    expect(() => r.git('merge', '-q', 'side', '-m', 'merge')).toThrow();
    r.write('f.txt', `a\nb-resolved ${keyId}\nc\n`);
    const merge = r.commit({}, 'merge');
    const { lines } = await runSource({ kind: 'all' }, r.dir);
    const report = brief(lines).sort();
    expect(report.filter((l) => l.includes(keyId))).toEqual([`f.txt:2:b-resolved ${keyId}@${merge}`]);
    expect(report.filter((l) => l.includes('side only'))).toEqual([`side.txt:1:side only@${side}`]);
    expect(report.filter((l) => l.includes('b-side'))).toEqual([`f.txt:2:b-side@${side}`]);
    expect(report.filter((l) => l.includes('b-main'))).toEqual([`f.txt:2:b-main@${main}`]);
  });

  it('reports what an "evil" merge without conflicts slips in', async () => {
    const r = repo();
    const secret = makeSecret();
    r.commit({ 'f.txt': '1\n2\n3\n4\n5\n6\n' });
    r.git('checkout', '-q', '-b', 'side');
    const side = r.commit({ 'f.txt': '1\n2\n3\n4\n5\n6 side\n' });
    r.git('checkout', '-q', 'main');
    const main = r.commit({ 'f.txt': '1 main\n2\n3\n4\n5\n6\n' });
    r.git('merge', '-q', '--no-commit', 'side');
    r.write('f.txt', `1 main\n2\n3\nsecret=${secret}\n4\n5\n6 side\n`);
    const merge = r.commit({}, 'merge');
    // HEAD^..HEAD is the merge and the side branch it brings in.
    const { lines } = await runSource({ kind: 'range', range: 'HEAD^..HEAD' }, r.dir);
    expect(brief(lines).sort()).toEqual(
      [`f.txt:4:secret=${secret}@${merge}`, `f.txt:6:6 side@${side}`].sort(),
    );
    const all = await runSource({ kind: 'all' }, r.dir);
    expect(brief(all.lines).filter((l) => l.startsWith('f.txt:1:1 main'))).toEqual([
      `f.txt:1:1 main@${main}`,
    ]);
  });
});

describe('history source: all and push', () => {
  it('--all covers every ref, a detached HEAD, tags and stashes; an empty repository has nothing and no error', async () => {
    const empty = repo();
    const none = await runSource({ kind: 'all' }, empty.dir);
    expect(none.lines).toEqual([]);
    expect(none.coverage.commits).toBe(0);

    const r = repo();
    r.commit({ 'a.txt': 'on main\n' });
    r.git('checkout', '-q', '--detach');
    const detached = r.commit({ 'd.txt': 'detached\n' });
    r.git('checkout', '-q', '--orphan', 'tmp');
    r.git('rm', '-rq', '--cached', '.');
    const tagged = r.commit({ 't.txt': 'tagged only\n' });
    r.git('tag', 'v1');
    r.git('checkout', '-q', '-f', 'main');
    r.git('branch', '-D', 'tmp');
    r.write('a.txt', 'on main\nstashed, never committed\n');
    r.git('stash', '-q');
    r.git('checkout', '-q', detached);
    const { lines } = await runSource({ kind: 'all' }, r.dir);
    const report = brief(lines);
    expect(report).toContain(`d.txt:1:detached@${detached}`);
    expect(report).toContain(`t.txt:1:tagged only@${tagged}`);
    expect(report.filter((l) => l.startsWith('a.txt:2:stashed, never committed@'))).toHaveLength(1);
    // A range ending at a detached HEAD works too.
    const range = await runSource({ kind: 'range', range: 'main..HEAD' }, r.dir);
    expect(brief(range.lines)).toEqual([`d.txt:1:detached@${detached}`]);
  });

  it('gives the same result with one worker and with several, over several batches', async () => {
    const r = repo();
    importCommits(r, 700);
    const one = await runSource({ kind: 'all' }, r.dir, { workers: 1 });
    const four = await runSource({ kind: 'all' }, r.dir, { workers: 4 });
    expect(one.coverage.commits).toBe(Number(r.git('rev-list', '--all', '--count')));
    expect(four.sinks.length).toBeGreaterThan(3);
    expect(sorted(four.lines)).toEqual(sorted(one.lines));
    expect(four.coverage).toEqual(one.coverage);
    // Every commit's line arrives exactly once.
    expect(new Set(sorted(one.lines)).size).toBe(one.lines.length);
  });

  it('push revs scan only what the remote lacks', async () => {
    const remote = repo({ bare: true });
    const r = repo();
    r.commit({ 'a.txt': 'pushed before\n' });
    r.git('remote', 'add', 'origin', remote.dir);
    r.git('push', '-q', 'origin', 'main');
    const c2 = r.commit({ 'a.txt': 'pushed before\nnew one\n' });
    const c3 = r.commit({ 'b.txt': 'new two\n' });
    const { lines } = await runSource({ kind: 'push', revs: [c3, '--not', '--remotes=origin'] }, r.dir);
    expect(brief(lines).sort()).toEqual([`a.txt:2:new one@${c2}`, `b.txt:1:new two@${c3}`]);
    const error = await runSource(
      { kind: 'push', revs: ['f'.repeat(40), '--not', '--remotes=origin'] },
      r.dir,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OperationalError);
  });
});

describe('history source: messages and content git calls binary', () => {
  it('reports commit message lines under (commit message), numbered from the subject', async () => {
    const r = repo();
    const c0 = r.commit({ 'a.txt': 'a\n' });
    const keyId = makeKeyId();
    const c1 = r.commit({ 'b.txt': 'b\n' }, `deploy\n\nuse ${keyId} for now\r\n`);
    const c2 = r.commit({}, 'empty commit, one line');
    const { messages, lines } = await runSource({ kind: 'range', range: `${c0}..${c2}` }, r.dir);
    // Newest first, as git lists them.
    expect(brief(messages)).toEqual([
      `(commit message):1:empty commit, one line@${c2}`,
      `(commit message):1:deploy@${c1}`,
      `(commit message):2:@${c1}`,
      `(commit message):3:use ${keyId} for now@${c1}`,
    ]);
    expect(brief(lines)).toEqual([`b.txt:1:b@${c1}`]);
  });

  it('reads a message line that holds diff-like text as the message, not as a diff', async () => {
    const r = repo();
    const c = r.commit(
      { 'a.txt': 'a\n' },
      'subject\n\ndiff --git a/x b/x\n+++ b/x\n@@ -0,0 +1 @@\n+not a file',
    );
    const { messages, lines } = await runSource({ kind: 'all' }, r.dir);
    expect(messages.map((l) => l.text)).toEqual([
      'subject',
      '',
      'diff --git a/x b/x',
      '+++ b/x',
      '@@ -0,0 +1 @@',
      '+not a file',
    ]);
    expect(brief(lines)).toEqual([`a.txt:1:a@${c}`]);
  });

  it('annotated tag messages: every one in --all, the named tag in a range, a pushed tag whose commit the remote has', async () => {
    const remote = repo({ bare: true });
    const r = repo();
    r.git('remote', 'add', 'origin', remote.dir);
    const c0 = r.commit({ 'a.txt': 'a\n' });
    r.git('tag', '-a', 'v0', '-m', 'first release');
    r.git('push', '-q', 'origin', 'main');
    const keyId = makeKeyId();
    r.git('tag', '-a', 'v1', '-m', `release\n\nkey ${keyId}`);
    r.git('tag', 'lightweight');
    const v1 = r.git('rev-parse', 'v1');

    const all = await runSource({ kind: 'all' }, r.dir);
    expect(brief(all.messages.filter((l) => l.path.startsWith('(tag')))).toEqual([
      `(tag v0 message):1:first release@${r.git('rev-parse', 'v0')}`,
      `(tag v1 message):1:release@${v1}`,
      `(tag v1 message):2:@${v1}`,
      `(tag v1 message):3:key ${keyId}@${v1}`,
    ]);
    const tagger = all.sinks.flatMap((s) => [...s.commits.values()]).find((c) => c.sha === v1);
    expect(tagger).toEqual({
      sha: v1,
      author: 'Test Committer',
      email: 'committer@example.com',
      date: '2026-01-02T03:04:05+00:00',
    });

    const range = await runSource({ kind: 'range', range: `${c0}..v1` }, r.dir);
    expect(brief(range.messages)).toEqual([
      `(tag v1 message):1:release@${v1}`,
      `(tag v1 message):2:@${v1}`,
      `(tag v1 message):3:key ${keyId}@${v1}`,
    ]);
    // A push of the tag alone: its commit is on the remote already, its message is not.
    const push = await runSource({ kind: 'push', revs: [v1, '--not', '--remotes=origin'] }, r.dir);
    expect(push.lines).toEqual([]);
    expect(push.messages.map((l) => l.text)).toEqual(['release', '', `key ${keyId}`]);
  });

  it('scans files that attributes or size make binary as text, and decodes UTF-16', async () => {
    const r = repo();
    const c0 = r.commit({
      '.gitattributes': '*.env -diff\n*.bin binary\n*.drv diff=opaque\n',
      README: 'x\n',
    });
    r.git('config', 'diff.opaque.binary', 'true');
    r.git('config', 'core.bigFileThreshold', '1k');
    const ids = [makeKeyId(), makeKeyId(), makeKeyId(), makeKeyId(), makeKeyId(), makeKeyId()];
    const c1 = r.commit({
      'a.env': `KEY=${ids[0]}\n`,
      'b.bin': `KEY=${ids[1]}\n`,
      'c.drv': `KEY=${ids[2]}\n`,
      'big.txt': 'x'.repeat(4000) + `\nKEY=${ids[3]}\n`,
      'utf16.txt': Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from(`first\r\nKEY=${ids[4]}\r\n`, 'utf16le'),
      ]),
      'nul.dat': Buffer.concat([
        Buffer.from([0, 1, 2, 0]),
        Buffer.from(`KEY=${ids[5]}`),
        Buffer.from([0, 0, 10]),
      ]),
    });
    const { lines, coverage } = await runSource({ kind: 'range', range: `${c0}..${c1}` }, r.dir);
    const where = (id: string): string[] =>
      lines.filter((l) => l.text.includes(`KEY=${id}`)).map((l) => `${l.path}:${l.lineNo}@${l.commit}`);
    expect(ids.map(where)).toEqual([
      [`a.env:1@${c1}`],
      [`b.bin:1@${c1}`],
      [`c.drv:1@${c1}`],
      [`big.txt:2@${c1}`],
      [`utf16.txt:2@${c1}`],
      [`nul.dat:1@${c1}`],
    ]);
    // UTF-16 is read as text: its decoding comes first, so positions on the line hold.
    expect(
      lines.find((l) => l.path === 'utf16.txt' && l.lineNo === 2)?.text.startsWith(`KEY=${ids[4]} `),
    ).toBe(true);
    expect(coverage.binaryFiles).toBe(0);
    expect(coverage.errors).toEqual([]);
  });
});

describe('history source: shallow clones', () => {
  function shallowClone(depth: number): { source: TempRepo; dir: string; shas: string[] } {
    const source = repo();
    const shas = [1, 2, 3, 4].map((n) => source.commit({ [`f${n}.txt`]: `commit ${n}\n` }, `c${n}`));
    const dir = join(tempDir(), 'clone');
    git(tmpdir(), ['clone', '-q', `--depth=${depth}`, `file://${source.dir}`, dir]);
    return { source, dir, shas };
  }

  it('--all in a shallow clone throws, saying what is missing and how to fetch it', async () => {
    const { dir } = shallowClone(1);
    const error = await runSource({ kind: 'all' }, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OperationalError);
    expect((error as Error).message).toMatch(/shallow clone/);
    expect((error as Error).message).toContain('git fetch --unshallow');
    expect((error as Error).message).toContain('fetch-depth: 0');
  });

  it('a range reaching past the cut throws; one inside the fetched history works', async () => {
    const { dir, shas } = shallowClone(2);
    const missing = await runSource({ kind: 'range', range: `${shas[1]}..HEAD` }, dir).catch(
      (e: unknown) => e,
    );
    expect(missing).toBeInstanceOf(OperationalError);
    expect((missing as Error).message).toMatch(
      /^unknown revision '[0-9a-f]{40}' \(not in this shallow clone.*git fetch --unshallow/,
    );
    const pastCut = await runSource({ kind: 'range', range: 'HEAD' }, dir).catch((e: unknown) => e);
    expect(pastCut).toBeInstanceOf(OperationalError);
    expect((pastCut as Error).message).toMatch(/^cannot scan the range HEAD: this is a shallow clone/);
    const inside = await runSource({ kind: 'range', range: 'HEAD~1..HEAD' }, dir);
    expect(brief(inside.lines)).toEqual([`f4.txt:1:commit 4@${shas[3]}`]);
  });
});

describe('history source: failures', () => {
  it('a sink that throws fails the scan with its own error', async () => {
    const r = repo();
    r.commit({ 'a.txt': 'x\n' });
    const boom = new Error('sink failed');
    const run = readSource(
      { kind: 'all' },
      {
        cwd: r.dir,
        coverage: emptyCoverage(),
        logger: silentLogger,
        createSink: () => ({
          startFile() {},
          line() {
            throw boom;
          },
          end() {},
        }),
      },
    );
    await expect(run).rejects.toBe(boom);
  });

  it('outside a repository: "not a git repository"', async () => {
    const dir = tempDir();
    const error = await runSource({ kind: 'all' }, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OperationalError);
    expect((error as Error).message).toBe(`not a git repository: ${dir}`);
  });
});

/** Many commits at once through fast-import: files added and edited on two branches, with a merge. */
function importCommits(r: TempRepo, count: number): void {
  let stream = '';
  const data = (text: string): string => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const commitHeader = (ref: string, mark: number, n: number): string =>
    `commit ${ref}\nmark :${mark}\nauthor A <a@example.com> ${1700000000 + n} +0000\n` +
    `committer A <a@example.com> ${1700000000 + n} +0000\n${data(`commit ${n}`)}`;
  const log: string[] = [];
  for (let n = 1; n <= count; n++) {
    stream += commitHeader('refs/heads/main', n, n);
    log.push(`line ${n}`);
    stream += `M 100644 inline files/${n % 17}.txt\n${data(`added in ${n}\n`)}`;
    if (n % 5 === 0) stream += `M 100644 inline log.txt\n${data(log.join('\n') + '\n')}`;
    if (n === 400) stream += `reset refs/heads/side\nfrom :${n}\n\n`;
  }
  for (let n = count + 1; n <= count + 30; n++) {
    stream += commitHeader('refs/heads/side', n, n) + `M 100644 inline side/${n}.txt\n${data(`side ${n}\n`)}`;
  }
  stream += commitHeader('refs/heads/main', count + 31, count + 31);
  stream += `merge :${count + 30}\nM 100644 inline merged.txt\n${data('merge only\n')}`;
  git(r.dir, ['fast-import', '--quiet'], { input: stream });
  r.git('reset', '-q', '--hard', 'main');
}
