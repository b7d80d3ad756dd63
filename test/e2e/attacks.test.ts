// Attacks found by the red team, each through the bundled CLI on a real repository: a key that passed as clean,
// or a hook that installed and then never ran. Each test failed before its fix.
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliBundle, runCli } from '../helpers/cli.js';
import { gitEnv, tempRepos, type TempRepo } from '../helpers/git-repo.js';
import { makeKeyId } from '../helpers/keys.js';

const repo = tempRepos();

function run(cwd: string, command: string, args: string[]) {
  const r = spawnSync(command, args, { cwd, env: gitEnv, encoding: 'utf8' });
  return { status: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
}

describe('husky 9: a user script that ends early', () => {
  /** A husky 9 repository whose node_modules holds secret-guard (a wrapper around the bundle under test). */
  function huskyProject(): TempRepo {
    const r = repo();
    r.commit({ '.gitignore': 'node_modules/\n' }, 'start');
    run(r.dir, process.execPath, [resolve('node_modules/husky/bin.js')]);
    r.write(
      'node_modules/.bin/secret-guard',
      `#!/bin/sh\nexec '${process.execPath}' '${cliBundle()}' "$@"\n`,
    );
    chmodSync(join(r.dir, 'node_modules/.bin/secret-guard'), 0o755);
    return r;
  }

  for (const ending of ['exit 0', 'exec echo "own hook ran"']) {
    it(`still blocks a key when .husky/pre-commit ends with \`${ending}\``, async () => {
      const r = huskyProject();
      const own = `#!/usr/bin/env sh\necho "own hook ran"\n${ending}\n`;
      r.write('.husky/pre-commit', own);

      const installed = await runCli(['install', '--hook', 'pre-commit'], { cwd: r.dir });
      expect(installed.exitCode).toBe(0);

      r.write('leak.env', `AWS_ACCESS_KEY_ID=${makeKeyId()}\n`);
      r.git('add', 'leak.env');
      const blocked = run(r.dir, 'git', ['commit', '-m', 'leak']);
      expect(blocked.status).not.toBe(0);
      expect(blocked.output).toContain('commit blocked');

      const removed = await runCli(['uninstall', '--hook', 'pre-commit'], { cwd: r.dir });
      expect(removed.exitCode).toBe(0);
      expect(readFileSync(join(r.dir, '.husky', 'pre-commit'), 'utf8')).toBe(own);
    });
  }
});
