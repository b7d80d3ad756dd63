// `allow.paths` suppresses findings by where they are found, and the diff route does not report moved content
// again: so `git mv` of a key out of an allowed path must scan the moved file whole at its new path. Through the
// real CLI and the installed pre-commit hook, in real repositories.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { gitEnv, tempRepos, type TempRepo } from '../helpers/git-repo.js';
import { makeKeyId, makeSecret } from '../helpers/keys.js';

const repo = tempRepos();
const TIMEOUT = 60_000;

const CONFIG = 'allow:\n  paths: ["test/fixtures/**", "fixtures-too/**"]\n';

interface JsonFinding {
  rule: string;
  file: string;
  line: number;
  commit: string | null;
  keyId: string | null;
}

/** The findings of `scan <args> --format json`, as `file:line` (with the commit's sha when there is one). */
async function scan(r: TempRepo, ...args: string[]): Promise<{ exitCode: number; found: string[] }> {
  const result = await runCli(['scan', ...args, '--format', 'json'], { cwd: r.dir });
  expect(result.stderr).not.toMatch(/error/i);
  const { findings } = JSON.parse(result.stdout) as { findings: JsonFinding[] };
  return {
    exitCode: result.exitCode,
    found: findings.map((f) => `${f.file}:${f.line}${f.commit ? `@${f.commit}` : ''}`),
  };
}

/** A repository whose allowed fixture folder holds a key pair, committed; returns the commit. */
function withAllowedKey(body?: string): { r: TempRepo; c1: string; id: string } {
  const r = repo();
  const id = makeKeyId();
  const content =
    body ??
    [
      '# fixture',
      `AWS_ACCESS_KEY_ID=${id}`,
      `AWS_SECRET_ACCESS_KEY=${makeSecret()}`,
      'REGION=eu-west-1',
      '',
    ].join('\n');
  const c1 = r.commit({ '.secret-guard.yml': CONFIG, 'test/fixtures/creds.env': content }, 'fixtures');
  return { r, c1, id };
}

function move(r: TempRepo, from: string, to: string): void {
  mkdirSync(join(r.dir, to, '..'), { recursive: true });
  r.git('mv', from, to);
}

function tryCommit(r: TempRepo): { status: number; output: string } {
  const result = spawnSync('git', ['commit', '-q', '-m', 'move'], {
    cwd: r.dir,
    env: gitEnv,
    encoding: 'utf8',
  });
  return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

describe('a file renamed out of an allowed path', () => {
  it(
    'is scanned whole when staged: `scan --staged` reports it, the installed hook blocks the commit',
    async () => {
      const { r } = withAllowedKey();
      expect((await runCli(['install', '--hook', 'pre-commit'], { cwd: r.dir })).exitCode).toBe(0);
      move(r, 'test/fixtures/creds.env', 'src/creds.env');

      const staged = await scan(r, '--staged');
      expect(staged.exitCode).toBe(1);
      expect(staged.found).toEqual(['src/creds.env:2', 'src/creds.env:3']);

      const blocked = tryCommit(r);
      expect(blocked.status).toBe(1);
      expect(blocked.output).toContain('src/creds.env:2:');
      expect(blocked.output).toContain('src/creds.env:3:');
      expect(r.git('log', '--oneline').split('\n')).toHaveLength(1);
    },
    TIMEOUT,
  );

  it(
    'is scanned whole in the commit that moves it: `scan --range`, and `scan --all` in worker threads',
    async () => {
      const { r, c1 } = withAllowedKey();
      r.commit({ 'README.md': 'hello\n' }, 'unrelated');
      move(r, 'test/fixtures/creds.env', 'src/creds.env');
      r.git('commit', '-q', '-m', 'move');
      const c3 = r.git('rev-parse', 'HEAD');

      const range = await scan(r, '--range', `${c1}..HEAD`);
      expect(range.exitCode).toBe(1);
      expect(range.found).toEqual([`src/creds.env:2@${c3}`, `src/creds.env:3@${c3}`]);

      for (const workers of ['1', '2']) {
        const all = await scan(r, '--all', '--workers', workers);
        expect(all.exitCode).toBe(1);
        expect(all.found).toEqual([`src/creds.env:2@${c3}`, `src/creds.env:3@${c3}`]);
      }
    },
    TIMEOUT,
  );

  it(
    'and edited in the same change reports each line once, at its new path',
    async () => {
      const { r, c1, id } = withAllowedKey();
      const second = makeKeyId();
      r.write(
        'test/fixtures/creds.env',
        ['# fixture', `AWS_ACCESS_KEY_ID=${id}`, 'REGION=eu-west-1', `OTHER_KEY_ID=${second}`, ''].join('\n'),
      );
      r.git('add', '-A');
      move(r, 'test/fixtures/creds.env', 'src/creds.env');
      const staged = await scan(r, '--staged');
      expect(staged.exitCode).toBe(1);
      expect(staged.found).toEqual(['src/creds.env:2', 'src/creds.env:4']);

      r.git('commit', '-q', '-m', 'move and edit');
      const c2 = r.git('rev-parse', 'HEAD');
      expect(r.git('show', '--format=', '-M', '--name-status', c2)).toMatch(/^R\d+/);
      const range = await scan(r, '--range', `${c1}..HEAD`);
      expect(range.found).toEqual([`src/creds.env:2@${c2}`, `src/creds.env:4@${c2}`]);
      const all = await scan(r, '--all', '--workers', '2');
      expect(all.found).toEqual([`src/creds.env:2@${c2}`, `src/creds.env:4@${c2}`]);
    },
    TIMEOUT,
  );

  it(
    'that cannot be read whole keeps the findings of its diff, and the scan says what it could not read',
    async () => {
      const { r, id } = withAllowedKey();
      const added = makeKeyId();
      r.write(
        'test/fixtures/creds.env',
        `# fixture\nAWS_ACCESS_KEY_ID=${id}\nREGION=eu-west-1\nNEW=${added}\n`,
      );
      r.git('add', '-A');
      // git cat-file reads one name a line: a name holding a line break cannot be asked for.
      r.git('mv', 'test/fixtures/creds.env', 'odd\nname.env');
      const result = await runCli(['scan', '--staged', '--format', 'json'], { cwd: r.dir });
      expect(result.exitCode).toBe(1);
      const report = JSON.parse(result.stdout) as {
        findings: JsonFinding[];
        summary: { coverage: { errors: string[] } };
      };
      expect(report.findings.map((f) => `${f.file}:${f.line}:${f.keyId}`)).toEqual([
        `odd\nname.env:4:${added}`,
      ]);
      expect(report.summary.coverage.errors).toEqual([
        'odd\nname.env: moved out of an allowed path, but git cannot be asked for a file whose name holds a line break, so it was not scanned',
      ]);
    },
    TIMEOUT,
  );

  it(
    'still passes the other filters: an allow comment on the line, allow.keyIds, the baseline',
    async () => {
      const commented = makeKeyId();
      const listed = makeKeyId();
      const baselined = makeKeyId();
      const { r } = withAllowedKey(
        [
          `A=${commented} # secret-guard:allow`,
          `B=${listed}`,
          `C=${baselined}`,
          'filler line one',
          'filler line two',
          '',
        ].join('\n'),
      );
      // The baseline is made while the key sits where nothing allows it, then the file moves into the fixtures.
      r.commit({ 'legacy/c.env': `C=${baselined}\n` }, 'legacy');
      expect((await runCli(['baseline'], { cwd: r.dir })).exitCode).toBe(0);
      r.write('.secret-guard.yml', `${CONFIG}  keyIds: ["${listed}"]\n`);
      r.git('add', '-A');
      r.git('commit', '-q', '-m', 'settings and baseline');
      const c3 = r.git('rev-parse', 'HEAD');

      move(r, 'test/fixtures/creds.env', 'src/creds.env');
      const staged = await runCli(['scan', '--staged', '--format', 'json'], { cwd: r.dir });
      expect(staged.exitCode).toBe(0);
      const report = JSON.parse(staged.stdout) as { findings: unknown[] };
      expect(report.findings).toEqual([]);
      expect(staged.stdout).toContain('"allow-comment": 1');
      expect(staged.stdout).toContain('"allowed-key-id": 1');
      expect(staged.stdout).toContain('"baseline": 1');

      r.git('commit', '-q', '-m', 'move');
      expect((await scan(r, '--range', `${c3}..HEAD`)).found).toEqual([]);
      // Without the allow comment's line, without the baseline: the same scan reports what they hid.
      expect((await scan(r, '--range', `${c3}..HEAD`, '--no-allow-comments', '--no-baseline')).found).toEqual(
        [`src/creds.env:1@${r.git('rev-parse', 'HEAD')}`, `src/creds.env:3@${r.git('rev-parse', 'HEAD')}`],
      );
    },
    TIMEOUT,
  );
});

describe('renames that do not leave an allowed path stay as they were', () => {
  it(
    'between two allowed paths, and between two paths not allowed: nothing is reported again',
    async () => {
      const { r } = withAllowedKey();
      const elsewhere = makeKeyId();
      const filler = Array.from({ length: 10 }, (_, i) => `line ${i}`).join('\n');
      r.write('old/place.env', `${filler}\nKEY=${elsewhere}\n`);
      r.git('add', '-A');
      r.git('commit', '-q', '--no-verify', '-m', 'a key nothing allows');
      const c2 = r.git('rev-parse', 'HEAD');

      move(r, 'test/fixtures/creds.env', 'fixtures-too/creds.env');
      move(r, 'old/place.env', 'new/place.env');
      const staged = await scan(r, '--staged');
      expect(staged).toEqual({ exitCode: 0, found: [] });
      r.git('commit', '-q', '-m', 'moves');

      expect((await scan(r, '--range', `${c2}..HEAD`)).found).toEqual([]);
      // The whole history: only where the key nothing allows was added.
      const all = await scan(r, '--all', '--workers', '2');
      expect(all.found).toEqual([`old/place.env:11@${c2}`]);
    },
    TIMEOUT,
  );

  it(
    'without allow.paths, a rename is not read again',
    async () => {
      const r = repo();
      const id = makeKeyId();
      const c1 = r.commit({ 'test/fixtures/creds.env': `A=${id} # secret-guard:allow\n` });
      move(r, 'test/fixtures/creds.env', 'src/creds.env');
      const staged = await runCli(['scan', '--staged', '--format', 'json'], { cwd: r.dir });
      expect(staged.exitCode).toBe(0);
      // Nothing was read: the allow comment's line was never seen.
      expect(staged.stdout).not.toContain('allow-comment');
      r.git('commit', '-q', '-m', 'move');
      expect((await scan(r, '--range', `${c1}..HEAD`)).found).toEqual([]);
    },
    TIMEOUT,
  );
});
