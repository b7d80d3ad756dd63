// Attacks on the scan of files moved out of an allowed path (`allow.paths`) that the other tests do not cover.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempRepos } from '../helpers/git-repo.js';
import { makeKeyId } from '../helpers/keys.js';

const repo = tempRepos();
const TIMEOUT = 60_000;

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
