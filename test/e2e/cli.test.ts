// The CLI as users run it: the bundled cli.js in a child process, in real repositories.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { git, tempRepos } from '../helpers/git-repo.js';
import { makeKeyId, makeSecret } from '../helpers/keys.js';

const repo = tempRepos();

function credentials(id: string, secret: string): string {
  return `[default]\naws_access_key_id = ${id}\naws_secret_access_key = ${secret}\nregion = eu-west-1\n`;
}

interface JsonReport {
  version: number;
  findings: Array<Record<string, unknown>>;
  summary: { coverage: { commits: number; files: number; addedLines: number } };
}

describe('secret-guard scan', () => {
  it('finds a staged key pair, exits 1, and never prints the whole secret', async () => {
    const r = repo();
    r.commit({ 'README.md': 'hello\n' });
    const id = makeKeyId('123456789012');
    const secret = makeSecret();
    r.write('config/aws.ini', credentials(id, secret));
    r.git('add', '-A');

    const text = await runCli(['scan', '--staged'], { cwd: r.dir });
    expect(text.exitCode).toBe(1);
    expect(text.stdout).toContain('config/aws.ini:2:');
    expect(text.stdout).toContain(id);
    expect(text.stdout + text.stderr).not.toContain(secret);

    const json = await runCli(['scan', '--staged', '--format', 'json'], { cwd: r.dir });
    expect(json.exitCode).toBe(1);
    expect(json.stdout).not.toContain(secret);
    const report = JSON.parse(json.stdout) as JsonReport;
    expect(report.version).toBe(1);
    const byRule: Record<string, Record<string, unknown>> = Object.fromEntries(
      report.findings.map((f) => [String(f.rule), f]),
    );
    expect(byRule['aws-access-key-id']).toMatchObject({
      file: 'config/aws.ini',
      line: 2,
      column: 21,
      commit: null,
      keyId: id,
      account: '123456789012',
      verification: null,
      response: null,
    });
    expect(byRule['aws-secret-access-key']).toMatchObject({
      line: 3,
      keyId: id,
      secret: secret.slice(0, 4) + '*'.repeat(36),
    });
    expect(byRule['aws-secret-access-key']?.pairedWith).toBe(byRule['aws-access-key-id']?.fingerprint);
  });

  it('scans the index before the first commit, and defaults to --staged', async () => {
    const r = repo();
    r.write('.env', `AWS_ACCESS_KEY_ID=${makeKeyId()}\n`);
    r.git('add', '-A');
    const result = await runCli(['scan'], { cwd: r.dir });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('.env:1:');
  });

  it('reports a clean scan with its coverage, so nothing-scanned never looks clean', async () => {
    const r = repo();
    r.commit({ 'a.txt': 'one\ntwo\n' });
    r.write('a.txt', 'one\ntwo\nthree\n');
    r.git('add', '-A');
    const result = await runCli(['scan', '--staged', '--format', 'json'], { cwd: r.dir });
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.findings).toEqual([]);
    expect(report.summary.coverage).toMatchObject({ files: 1, addedLines: 1 });
  });

  it('scans every commit of the history with commit, author and date', async () => {
    const r = repo();
    const id = makeKeyId('210987654321');
    const first = r.commit(
      { 'app.py': `client = boto3.client("s3", aws_access_key_id="${id}")\n` },
      'add key',
    );
    r.commit({ 'app.py': 'client = boto3.client("s3")\n' }, 'remove key');
    const result = await runCli(['scan', '--all', '--format', 'json'], { cwd: r.dir });
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({
      commit: first,
      keyId: id,
      account: '210987654321',
      file: 'app.py',
      line: 1,
    });
    expect(report.summary.coverage.commits).toBe(2);

    const range = await runCli(['scan', '--range', `${first}..HEAD`], { cwd: r.dir });
    expect(range.exitCode).toBe(0);
  });

  it('scans a history of several batches in worker threads, finding every key once', async () => {
    const r = repo();
    // 600 commits (more than two batches of 256 per worker) through fast-import; keys in three of them.
    const keys = new Map([
      [5, makeKeyId()],
      [300, makeKeyId()],
      [590, makeKeyId()],
    ]);
    let stream = '';
    const data = (text: string): string => `data ${Buffer.byteLength(text)}\n${text}\n`;
    for (let n = 1; n <= 600; n++) {
      stream += `commit refs/heads/main\ncommitter A <a@example.com> ${1700000000 + n} +0000\n${data(`c${n}`)}`;
      const key = keys.get(n);
      stream += `M 100644 inline f/${n}.txt\n${data(key ? `AWS_ACCESS_KEY_ID=${key}\n` : `line ${n}\n`)}`;
    }
    git(r.dir, ['fast-import', '--quiet'], { input: stream });
    const result = await runCli(['scan', '--all', '--workers', '2', '--format', 'json'], { cwd: r.dir });
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.findings.map((f) => f.file).sort()).toEqual(['f/300.txt', 'f/5.txt', 'f/590.txt']);
    expect(report.findings.map((f) => f.keyId).sort()).toEqual([...keys.values()].sort());
    // Every commit and file counts; only the three commits that may hold a key were diffed line by line (one added
    // line and a one-line message each): the prefilter proved the others clean from their blobs and messages.
    expect(report.summary.coverage).toMatchObject({ commits: 600, files: 600, addedLines: 6 });
  });

  it('reads a unified diff on stdin and files on disk', async () => {
    const id = makeKeyId();
    const diff = `diff --git a/x.env b/x.env\n--- a/x.env\n+++ b/x.env\n@@ -0,0 +1,2 @@\n+NAME=x\n+AWS_ACCESS_KEY_ID=${id}\n`;
    const dir = mkdtempSync(join(tmpdir(), 'sg-plain-'));
    const fromStdin = await runCli(['scan', '--stdin', '--format', 'json'], { cwd: dir, input: diff });
    expect(fromStdin.exitCode).toBe(1);
    expect((JSON.parse(fromStdin.stdout) as JsonReport).findings[0]).toMatchObject({
      file: 'x.env',
      line: 2,
      keyId: id,
    });

    writeFileSync(join(dir, 'settings.yml'), `aws:\n  access_key_id: ${id}\n`);
    const fromPath = await runCli(['scan', 'settings.yml'], { cwd: dir });
    expect(fromPath.exitCode).toBe(1);
    expect(fromPath.stdout).toContain('settings.yml:2:');
  });

  it('honours allow comments, allowed paths and allowed key ids, and counts what they suppress', async () => {
    const r = repo();
    const allowedId = makeKeyId();
    r.commit({ '.secret-guard.yml': `allow:\n  paths: ["fixtures/**"]\n  keyIds: ["${allowedId}"]\n` });
    r.write('a.env', `AWS_ACCESS_KEY_ID=${makeKeyId()} # secret-guard:allow\n`);
    r.write('fixtures/b.env', `AWS_ACCESS_KEY_ID=${makeKeyId()}\n`);
    r.write('c.env', `AWS_ACCESS_KEY_ID=${allowedId}\n`);
    r.git('add', '-A');
    const result = await runCli(['scan', '--format', 'json'], { cwd: r.dir });
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout) as JsonReport & {
      summary: { suppressed: Record<string, number> };
    };
    expect(report.summary.suppressed).toMatchObject({
      'allow-comment': 1,
      'allowed-path': 1,
      'allowed-key-id': 1,
    });

    const strict = await runCli(['scan', '--no-allow-comments'], { cwd: r.dir });
    expect(strict.exitCode).toBe(1);
  });

  it('writes a baseline that later scans skip, and reports entries that match nothing', async () => {
    const r = repo();
    const old = makeKeyId();
    r.commit({ 'legacy.env': `AWS_ACCESS_KEY_ID=${old}\n` });
    const made = await runCli(['baseline'], { cwd: r.dir });
    expect(made.exitCode).toBe(0);
    const baselineText = readFileSync(join(r.dir, '.secret-guard-baseline.json'), 'utf8');
    expect(baselineText).toContain(old); // key ids are not secrets; the file holds no secret
    expect((await runCli(['scan', '--all'], { cwd: r.dir })).exitCode).toBe(0);

    // A different key on the same line is not hidden by the baseline.
    r.commit({ 'legacy.env': `AWS_ACCESS_KEY_ID=${makeKeyId()}\n` });
    expect((await runCli(['scan', '--all'], { cwd: r.dir })).exitCode).toBe(1);

    // An entry that matches nothing is reported in a full scan.
    const stale = JSON.parse(baselineText) as { entries: unknown[] };
    stale.entries.push({
      fingerprint: 'f'.repeat(32),
      rule: 'aws-secret-access-key',
      keyId: null,
      note: 'gone',
    });
    writeFileSync(join(r.dir, '.secret-guard-baseline.json'), JSON.stringify(stale));
    const report = JSON.parse(
      (await runCli(['scan', '--all', '--format', 'json'], { cwd: r.dir })).stdout,
    ) as {
      summary: { unusedBaseline: string[] };
    };
    expect(report.summary.unusedBaseline).toContain('f'.repeat(32));
  });

  it('writes the report to --output and sarif validates its basic shape', async () => {
    const r = repo();
    r.write('k.env', `AWS_ACCESS_KEY_ID=${makeKeyId()}\n`);
    r.git('add', '-A');
    const result = await runCli(['scan', '--format', 'sarif', '--output', 'out.sarif'], { cwd: r.dir });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    const sarif = JSON.parse(readFileSync(join(r.dir, 'out.sarif'), 'utf8')) as {
      version: string;
      runs: Array<{ results: unknown[] }>;
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.results).toHaveLength(1);
  });

  describe('bad input', () => {
    it('names an unknown flag (exit 2)', async () => {
      const result = await runCli(['scan', '--bogus'], { cwd: tmpdir() });
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain('--bogus');
    });

    it('names the file and key of a broken configuration (exit 2)', async () => {
      const r = repo();
      r.write('.secret-guard.yml', 'allow:\n  paths: "not-a-list"\n');
      const result = await runCli(['scan'], { cwd: r.dir });
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain('.secret-guard.yml');
      expect(result.stderr).toContain('allow.paths');
    });

    it('says so outside a repository (exit 3)', async () => {
      const result = await runCli(['scan', '--all'], { cwd: mkdtempSync(join(tmpdir(), 'sg-norepo-')) });
      expect(result.exitCode).toBe(3);
      expect(result.stderr).toMatch(/not a git repository/i);
    });

    it.each(['scan --all', 'scan', 'install'])(
      'names git\'s "dubious ownership" refusal and its safe.directory fix (%s, exit 3)',
      async (command) => {
        const r = repo();
        r.commit({ 'a.txt': 'a\n' });
        // git's own switch for its tests: act as if the repository belonged to another user.
        const env = { GIT_TEST_ASSUME_DIFFERENT_OWNER: '1' };
        const result = await runCli(command.split(' '), { cwd: r.dir, env });
        expect(result.exitCode).toBe(3);
        expect(result.stderr).toMatch(/detected dubious ownership/);
        expect(result.stderr).toContain(`git config --global --add safe.directory ${r.dir}`);
        expect(result.stderr).not.toMatch(/not a git repository/);
        expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
      },
    );

    it('says so for a revision that does not exist (exit 3)', async () => {
      const r = repo();
      r.commit({ 'a.txt': 'a\n' });
      const result = await runCli(['scan', '--range', 'nope..HEAD'], { cwd: r.dir });
      expect(result.exitCode).toBe(3);
      expect(result.stderr).toContain('nope');
    });
  });
});
