// secret-guard as a project installs it: `npm pack` of this package (with the test run's bundle as dist/), then
// `npm install` of that tarball into a fresh project, offline.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { cliBundle } from './cli.js';
import { gitEnv } from './git-repo.js';

const npmEnv = { ...gitEnv, npm_config_update_notifier: 'false', npm_config_fund: 'false' };

/** The tarball `npm pack` makes; packed once per test file. */
let packed: string | undefined;
export function packTarball(): string {
  if (packed) return packed;
  const stage = mkdtempSync(join(tmpdir(), 'sg-pack-'));
  const root = resolve('.');
  for (const name of ['package.json', 'README.md', 'hooks', 'action.yml']) {
    if (existsSync(join(root, name))) cpSync(join(root, name), join(stage, name), { recursive: true });
  }
  cpSync(dirname(cliBundle()), join(stage, 'dist'), { recursive: true });
  const name = execFileSync('npm', ['pack', '--silent'], {
    cwd: stage,
    env: npmEnv,
    encoding: 'utf8',
  }).trim();
  packed = join(stage, name);
  return packed;
}

/** `npm install --save-dev <tarball>` into `dir` (a project with a package.json is made if there is none). */
export function installTarball(dir: string): void {
  if (!existsSync(join(dir, 'package.json'))) {
    writeFileSync(join(dir, 'package.json'), '{ "name": "project", "version": "1.0.0", "private": true }\n');
  }
  const cache = mkdtempSync(join(tmpdir(), 'sg-npm-cache-'));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--save-dev', '--cache', cache, packTarball()], {
    cwd: dir,
    env: npmEnv,
    stdio: 'pipe',
  });
}

export { npmEnv };
