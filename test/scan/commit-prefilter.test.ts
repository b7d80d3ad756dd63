// The history prefilter skips only what cannot hold a finding: a history scanned with it finds exactly what the
// diff of every commit finds, whatever the keys' place (a new file, an edit, a message, a merge's resolution,
// binary content, UTF-16, a rename) and the commits around them.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { Detector } from '../../src/detect/detector.js';
import { RecordingLogger } from '../../src/logger.js';
import { DiffParser } from '../../src/diff/diff-parser.js';
import {
  blobMayHold,
  BlobReader,
  CatFileParser,
  checkBlobsHere,
  type CommitRecord,
  PipeBlobReader,
  RawLogParser,
} from '../../src/scan/commit-prefilter.js';
import { readSource } from '../../src/source/read-source.js';
import { type Detection, emptyCoverage, type SourceSpec } from '../../src/types.js';
import { tempRepos, type TempRepo } from '../helpers/git-repo.js';
import { makeKeyId, makeSecret } from '../helpers/keys.js';

const repo = tempRepos();

/** What the scan of `spec` detects, with and without the prefilter, as comparable strings. */
async function detections(spec: SourceSpec, cwd: string, prefilter: boolean) {
  const found: Detection[] = [];
  const coverage = emptyCoverage();
  await readSource(spec, {
    cwd,
    coverage,
    logger: new RecordingLogger(),
    createSink: () => new Detector((d) => found.push(d)),
    prefilter,
    workers: 2,
  });
  const keys = found
    .map((d) => `${d.commit?.sha.slice(0, 7)} ${d.file}:${d.line}:${d.column} ${d.rule} ${d.fingerprint}`)
    .sort();
  return { keys, coverage };
}

async function expectSameFindings(r: TempRepo, spec: SourceSpec = { kind: 'all' }): Promise<string[]> {
  const full = await detections(spec, r.dir, false);
  const filtered = await detections(spec, r.dir, true);
  expect(filtered.keys).toEqual(full.keys);
  expect(filtered.coverage.commits).toBe(full.coverage.commits);
  return filtered.keys;
}

const id = makeKeyId();
const secret = makeSecret();

describe('the history prefilter', () => {
  it('finds keys in new files, edits, messages, renames, binary and UTF-16 content, among clean commits', async () => {
    const r = repo();
    r.commit({ 'README.md': 'hello\n', 'src/app.js': 'const region = "aws-region-1";\n' }, 'start');
    r.commit({ 'deploy.env': `AWS_ACCESS_KEY_ID=${id}\nAWS_SECRET_ACCESS_KEY=${secret}\n` }, 'add deploy');
    r.commit({ 'src/app.js': 'const region = "aws-region-1";\nconst x = 1;\n' }, 'clean edit');
    r.commit({}, `rotate: the old key was ${id}`);
    r.git('mv', 'deploy.env', 'prod.env');
    r.commit({ 'prod.env': `AWS_ACCESS_KEY_ID=${id}\nAWS_SECRET_ACCESS_KEY=${secret}\nMORE=1\n` }, 'move');
    r.commit({ 'blob.bin': Buffer.concat([Buffer.from([0, 1, 2, 0]), Buffer.from(`key=${makeKeyId()}\n`)]) });
    r.commit({ 'creds.ps1': Buffer.from(`\ufeff$env:AWS_ACCESS_KEY_ID = "${makeKeyId()}"\r\n`, 'utf16le') });
    r.git('rm', '-q', 'README.md');
    r.commit({}, 'delete');
    const keys = await expectSameFindings(r);
    // The pair, the id in the message, the binary one and the UTF-16 one; the moved pair is not new.
    expect(keys).toHaveLength(5);
  });

  it('finds what only a merge resolution adds, and nothing twice', async () => {
    const r = repo();
    r.commit({ 'f.txt': '1\n2\n3\n4\n5\n6\n' });
    r.git('checkout', '-q', '-b', 'side');
    r.commit({ 'f.txt': '1\n2\n3\n4\n5\n6 side\n', 'side.env': `AWS_ACCESS_KEY_ID=${makeKeyId()}\n` });
    r.git('checkout', '-q', 'main');
    r.commit({ 'f.txt': '1 main\n2\n3\n4\n5\n6\n' });
    r.git('merge', '-q', '--no-commit', 'side');
    r.write('f.txt', `1 main\n2\n3 AWS_ACCESS_KEY_ID=${makeKeyId()}\n4\n5\n6 side\n`);
    r.git('add', '-A');
    r.git('commit', '-q', '-m', 'merge');
    const keys = await expectSameFindings(r);
    expect(keys).toHaveLength(2);
  });

  it('scans a range and the commits a push sends the same way', async () => {
    const r = repo();
    const base = r.commit({ 'a.txt': 'a\n' });
    r.commit({ 'b.env': `aws_secret_access_key = ${secret}\n` });
    r.commit({ 'c.txt': 'c\n' }, `message with ${id}`);
    expect(await expectSameFindings(r, { kind: 'range', range: `${base}..HEAD` })).toHaveLength(2);
    expect(await expectSameFindings(r, { kind: 'push', revs: ['HEAD', '--not', base] })).toHaveLength(2);
  });

  it('finds the same as diffing every commit, for keys in random forms and places', async () => {
    const placements = fc.record({
      file: fc.constantFrom('app.js', 'aws.env', 'notes.txt', 'data.bin'),
      form: fc.constantFrom(
        (k: string) => `AWS_ACCESS_KEY_ID=${k}\n`,
        (k: string) => `x = "${k.slice(0, 2)}" + "${k.slice(2)}";\n`,
        (k: string) => `data: ${Buffer.from(`aws_access_key_id = ${k}\n`).toString('base64')}\n`,
        () => `SECRET=${makeSecret()}\n`,
        () => 'const region = "aws-region-9"; // nothing here\n',
      ),
      inMessage: fc.boolean(),
      edit: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(placements, { minLength: 1, maxLength: 5 }), async (steps) => {
        const r = repo();
        r.commit({ 'app.js': 'start\n' });
        for (const step of steps) {
          const text = step.form(makeKeyId());
          if (step.inMessage) r.commit({}, `note ${text}`);
          else r.commit({ [step.file]: step.edit ? `line\n${text}more\n` : text });
        }
        await expectSameFindings(r);
        r.remove();
      }),
      { numRuns: 12 },
    );
  });
});

/** What the detector finds in `bytes` as a new file of a diff (the diff stage's decoding of binary included). */
function foundInNewFile(bytes: Buffer): number {
  const lines = bytes.toString('latin1').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const head = `diff --git a/f.bin b/f.bin\nnew file mode 100644\n--- /dev/null\n+++ b/f.bin\n@@ -0,0 +1,${lines.length} @@\n`;
  const body = lines.map((line) => `+${line}\n`).join('');
  let found = 0;
  const parser = new DiffParser(new Detector(() => found++), emptyCoverage());
  parser.write(Buffer.concat([Buffer.from(head), Buffer.from(body, 'latin1')]));
  parser.end();
  return found;
}

describe('a blob with NUL bytes', () => {
  it('may hold a finding whenever the diff stage hands the detector one: printable runs, UTF-16 either way', () => {
    const utf16 = (text: string, bigEndian: boolean): Buffer => {
      const le = Buffer.from(text, 'utf16le');
      return bigEndian ? Buffer.from(le.map((_, i) => le[i ^ 1]!)) : le;
    };
    const keyText = fc
      .tuple(fc.constantFrom('AWS_ACCESS_KEY_ID=', 'aws_secret_access_key = ', 'key '), fc.boolean())
      .map(([name, secretToo]) => `${name}${secretToo ? makeSecret() : makeKeyId()}`);
    const pieces = fc.oneof(
      fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b)),
      keyText.map((t) => Buffer.from(t)),
      fc.tuple(keyText, fc.boolean()).map(([t, be]) => utf16(t, be)),
      fc.tuple(keyText, fc.boolean()).map(([t, be]) => Buffer.concat([Buffer.from([0]), utf16(t, be)])),
      fc.constantFrom(
        Buffer.from('\r\n'),
        Buffer.from('\n'),
        Buffer.from('\0\0\0'),
        Buffer.from('\ufeff', 'utf16le'),
      ),
    );
    let found = 0;
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 12 }), (parts) => {
        const bytes = Buffer.concat([Buffer.from([0]), ...parts]);
        if (foundInNewFile(bytes) === 0) return;
        found++;
        expect(blobMayHold(bytes), JSON.stringify(bytes.toString('latin1'))).toBe(true);
      }),
      { numRuns: 2000 },
    );
    expect(found).toBeGreaterThan(500);
  });

  it('of random bytes is proven clean without a diff (an image beside the code)', () => {
    const image = Buffer.from(Array.from({ length: 30000 }, (_, i) => (i * 7919 + (i >> 3)) % 251));
    expect(foundInNewFile(image)).toBe(0);
    expect(blobMayHold(image)).toBe(false);
  });
});

describe('the raw listing', () => {
  it('gives each commit its message and the blobs it brings: not deletions, not submodules', () => {
    const records: CommitRecord[] = [];
    const parser = new RawLogParser((c) => records.push(c));
    const blob = 'b'.repeat(40);
    const zero = '0'.repeat(40);
    const text =
      `\0commit ${'1'.repeat(40)}\0first line\nbody\n\0\n` +
      `:000000 100644 ${zero} ${blob} A\0new.txt\0` +
      `:100644 000000 ${'c'.repeat(40)} ${zero} D\0gone.txt\0` +
      `:000000 160000 ${zero} ${'d'.repeat(40)} A\0submodule\0` +
      `\0commit ${'2'.repeat(40)}\0\0\n` +
      `::100644 100644 100644 ${'e'.repeat(40)} ${'f'.repeat(40)} ${'a'.repeat(40)} MM\0merged.txt\0` +
      `\0commit ${'3'.repeat(40)}\0a message with : and commit words\n\0`;
    // Fed in pieces, split anywhere.
    const bytes = Buffer.from(text, 'latin1');
    for (let at = 0; at < bytes.length; at += 7) parser.write(bytes.subarray(at, at + 7));
    parser.end();
    expect(records.map((r) => ({ ...r, message: r.message.toString('latin1') }))).toEqual([
      { sha: '1'.repeat(40), message: 'first line\nbody\n', blobs: [blob] },
      { sha: '2'.repeat(40), message: '', blobs: ['a'.repeat(40)] },
      { sha: '3'.repeat(40), message: 'a message with : and commit words\n', blobs: [] },
    ]);
  });
});

describe('the blob readers of the worker threads', () => {
  /** Blobs of every kind the check tells apart: clean, with a key, binary, empty; and one id the repository lacks. */
  function blobRepo(): { r: TempRepo; ids: string[] } {
    const r = repo();
    const files: Record<string, string | Buffer> = {
      'clean.js': 'const region = "aws-region-1";\n'.repeat(300),
      'key.env': `AWS_ACCESS_KEY_ID=${makeKeyId()}\n`,
      'image.png': Buffer.from(Array.from({ length: 70000 }, (_, i) => (i * 7919 + (i >> 3)) % 251)),
      'empty.txt': '',
    };
    r.commit(files);
    const ids = Object.keys(files).map((path) => r.git('rev-parse', `HEAD:${path}`));
    return { r, ids: [...ids, 'f'.repeat(40), ...ids] };
  }

  it('a pipe reader answers as a one-off cat-file does, batch after batch, and ends its git', async () => {
    const { r, ids } = blobRepo();
    const expected = await checkBlobsHere(r.dir, ids).done;
    expect(expected.mayHold).toEqual([false, true, false, false, true, false, true, false, false]);
    const reader = PipeBlobReader.open(r.dir);
    expect(reader).not.toBeNull();
    for (let round = 0; round < 3; round++) expect(await reader!.check(ids)).toEqual(expected);
    // More ids than are ever written ahead of the answers.
    const many = Array.from({ length: 700 }, (_, i) => ids[i % ids.length]!);
    expect((await reader!.check(many)).mayHold).toEqual(many.map((_, i) => expected.mayHold[i % ids.length]));
    await reader!.close();
  });

  it("a pipe reader and a stream reader report git failing with git's own message", async () => {
    const notARepo = mkdtempSync(join(tmpdir(), 'sg-plain-'));
    try {
      for (const reader of [PipeBlobReader.open(notARepo)!, new BlobReader(notARepo)]) {
        await expect(reader.check(['a'.repeat(40)])).rejects.toThrow(/not a git repository/);
        await reader.close();
      }
    } finally {
      rmSync(notARepo, { recursive: true, force: true });
    }
  });

  it('the cat-file parser keeps nothing of a read buffer that the next read overwrites', () => {
    const { r, ids } = blobRepo();
    const output = execFileSync('git', ['cat-file', '--batch'], { cwd: r.dir, input: ids.join('\n') + '\n' });
    /** The verdicts when `output` comes in reads that end at `ends`, each into the same reused buffer. */
    const verdicts = (ends: number[]): boolean[] => {
      const found: boolean[] = [];
      const parser = new CatFileParser((_id, mayHold) => found.push(mayHold));
      const reused = Buffer.alloc(output.length);
      let at = 0;
      for (const end of [...ends, output.length]) {
        const length = output.copy(reused, 0, at, end);
        parser.write(reused.subarray(0, length));
        reused.fill('A'); // what a later read could leave there: a key id's alphabet
        at = end;
      }
      return found;
    };
    const whole = verdicts([]);
    expect(whole).toEqual([false, true, false, false, true, false, true, false, false]);
    // Reads that end right before an object's closing newline, or right after it, or every few bytes.
    const newlines: number[] = [];
    for (let at = 0; at < output.length;) {
      const header = output.indexOf(10, at);
      const size = Number(output.toString('latin1', at, header).split(' ')[2] ?? -1);
      at = size < 0 ? header + 1 : header + 1 + size + 1;
      if (size >= 0) newlines.push(at - 1);
    }
    expect(verdicts(newlines)).toEqual(whole);
    expect(verdicts(newlines.map((n) => n + 1))).toEqual(whole);
    for (const every of [1, 7, 4096]) {
      const ends = Array.from({ length: Math.floor(output.length / every) }, (_, i) => (i + 1) * every);
      expect(verdicts(ends)).toEqual(whole);
    }
  });
});
