// Attacks on the scan of files moved out of an allowed path (`allow.paths`) that the other tests do not cover.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempRepos } from '../helpers/git-repo.js';
import { makeKeyId, makeSecret } from '../helpers/keys.js';

const repo = tempRepos();
const TIMEOUT = 60_000;
const CONFIG = 'allow:\n  paths: ["test/fixtures/**"]\n';

interface JsonReport {
  findings: Array<{ file: string; line: number; commit: string | null }>;
  summary: { coverage: { errors: string[] } };
}

async function scanJson(dir: string, ...args: string[]): Promise<{ exitCode: number; report: JsonReport }> {
  const result = await runCli(['scan', ...args, '--format', 'json'], { cwd: dir });
  return { exitCode: result.exitCode, report: JSON.parse(result.stdout) as JsonReport };
}

describe('a key moved out of an allowed path by a merge', () => {
  it(
    'is reported at the merge: one side moves the file out, the other adds the key where it was allowed',
    async () => {
      const r = repo();
      const lines = ['# fixture', 'a', 'b', 'c', 'd', 'e', ''].join('\n');
      const base = r.commit({
        '.secret-guard.yml': 'allow:\n  paths: ["test/fixtures/**"]\n',
        'test/fixtures/creds.env': lines,
      });
      r.git('checkout', '-q', '-b', 'side');
      r.git('mv', 'test/fixtures/creds.env', 'creds.env');
      r.git('commit', '-q', '-m', 'move the fixture out');
      r.git('checkout', '-q', 'main');
      const id = makeKeyId();
      r.commit({ 'test/fixtures/creds.env': `${lines}AWS_ACCESS_KEY_ID=${id}\n` }, 'allowed key');
      r.git('merge', '-q', '--no-edit', 'side');
      const merge = r.git('rev-parse', 'HEAD');
      expect(r.git('show', `${merge}:creds.env`)).toContain(id);

      for (const args of [
        ['--range', `${base}..HEAD`],
        ['--all', '--workers', '1'],
        ['--all', '--workers', '2'],
      ]) {
        const result = await runCli(['scan', ...args, '--format', 'json'], { cwd: r.dir });
        const { findings } = JSON.parse(result.stdout) as {
          findings: Array<{ file: string; line: number; commit: string }>;
        };
        expect(findings.map((f) => `${f.file}:${f.line}@${f.commit}`)).toEqual([`creds.env:7@${merge}`]);
        expect(result.exitCode).toBe(1);
      }
    },
    TIMEOUT,
  );
});

describe('a file moved out of an allowed path under an odd name', () => {
  it(
    'ending in a carriage return (which git cat-file drops from a name) is named as not scanned, not passed',
    async () => {
      const r = repo();
      const base = r.commit({
        '.secret-guard.yml': CONFIG,
        'test/fixtures/creds.env': `AWS_ACCESS_KEY_ID=${makeKeyId()}\nAWS_SECRET_ACCESS_KEY=${makeSecret()}\n`,
      });
      r.git('mv', 'test/fixtures/creds.env', 'creds.env\r');
      const staged = await scanJson(r.dir, '--staged');
      expect(staged.report.summary.coverage.errors).toEqual([
        'creds.env\r: moved out of an allowed path, but git cannot be asked for a file whose name ends in a carriage return, so it was not scanned',
      ]);
      expect(staged.exitCode).toBe(3);
      r.git('commit', '-q', '-m', 'move');
      const range = await scanJson(r.dir, '--range', `${base}..HEAD`);
      expect(range.report.summary.coverage.errors).toHaveLength(1);
      expect(range.exitCode).toBe(3);
    },
    TIMEOUT,
  );

  it(
    'named like the commit message keeps the findings of the message of the commit that moves it',
    async () => {
      const r = repo();
      const base = r.commit({ '.secret-guard.yml': CONFIG, 'test/fixtures/notes.txt': 'nothing here\n' });
      r.git('mv', 'test/fixtures/notes.txt', '(commit message)');
      r.git('commit', '-q', '-m', `deploy with AWS_ACCESS_KEY_ID=${makeKeyId()}`);
      const moved = r.git('rev-parse', 'HEAD');
      const { exitCode, report } = await scanJson(r.dir, '--range', `${base}..HEAD`);
      expect(report.findings.map((f) => `${f.file}:${f.line}@${f.commit}`)).toEqual([
        `(commit message):1@${moved}`,
      ]);
      expect(exitCode).toBe(1);
    },
    TIMEOUT,
  );
});
