// secret-guard under the hook managers, each the real thing: husky 9 (a dev dependency of this project),
// lefthook from the npm registry (installed here, into a folder of its own: as a dependency its postinstall
// would run `lefthook install` in this very repository), the pre-commit framework as Debian ships it (3.0;
// .ci/run installs it). In each, secret-guard goes into the project from the tarball `npm pack` makes.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { cliBundle, runCli } from '../helpers/cli.js';
import { gitEnv, tempRepos, type TempRepo } from '../helpers/git-repo.js';
import { makeKeyId } from '../helpers/keys.js';
import { nodeShim, type NodeShim } from '../helpers/node-shim.js';
import { installTarball, packTarball } from '../helpers/npm-package.js';

const repo = tempRepos();
const require = createRequire(import.meta.url);

beforeAll(() => {
  packTarball();
});

function run(cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(command, args, { cwd, env: { ...gitEnv, ...env }, encoding: 'utf8' });
  return { status: r.status ?? -1, output: `${r.stdout}${r.stderr}`, stdout: r.stdout, stderr: r.stderr };
}

/** A repository with a bare remote, and secret-guard installed into it from the tarball. */
function project(): TempRepo {
  const remote = repo({ bare: true });
  const r = repo();
  r.git('remote', 'add', 'origin', remote.dir);
  installTarball(r.dir);
  r.commit({ '.gitignore': 'node_modules/\n' }, 'start');
  return r;
}

function secretGuard(r: TempRepo, ...args: string[]) {
  return run(r.dir, join(r.dir, 'node_modules', '.bin', 'secret-guard'), args);
}

function stageKey(r: TempRepo, file = 'leak.env'): void {
  r.write(file, `AWS_ACCESS_KEY_ID=${makeKeyId()}\n`);
  r.git('add', '--', file);
}

function stageClean(r: TempRepo, file = 'clean.txt'): void {
  r.write(file, 'fine\n');
  r.git('add', '--', file);
}

/** Nothing the hook wrote is left in the repository's folder. */
function leftovers(r: TempRepo): string[] {
  return readdirSync(join(r.dir, '.git')).filter((name) => name.includes('secret-guard'));
}

const CLEAN = '✔ No AWS keys found in the staged changes.';

/**
 * A clean commit ends in the shell prefilter: Node never starts. A commit of a key starts it once, and is blocked.
 * `own`: what the manager's own command prints, which runs both times.
 */
function expectPrefilterPath(r: TempRepo, node: NodeShim, env: NodeJS.ProcessEnv, own?: string): void {
  stageClean(r);
  const clean = run(r.dir, 'git', ['commit', '-m', 'clean'], env);
  expect(clean.status).toBe(0);
  expect(clean.output).toContain(CLEAN);
  if (own !== undefined) expect(clean.output).toContain(own);
  expect(node.runs()).toBe(0);

  stageKey(r);
  const blocked = run(r.dir, 'git', ['commit', '-m', 'leak'], env);
  expect(blocked.status).not.toBe(0);
  expect(blocked.output).toContain('commit blocked');
  expect(blocked.output).toContain('leak.env:1:');
  if (own !== undefined) expect(blocked.output).toContain(own);
  expect(node.runs()).toBe(1);
}
const OLD_COMMIT_LINE = 'node_modules/.bin/secret-guard hook pre-commit # added by secret-guard install';

describe('husky 9', () => {
  function withHusky(r: TempRepo): void {
    // What `npx husky` does in a project: core.hooksPath = .husky/_, with its dispatcher and stubs there.
    execFileSync(process.execPath, [resolve('node_modules/husky/bin.js')], { cwd: r.dir, env: gitEnv });
    expect(r.git('config', 'core.hooksPath')).toBe('.husky/_');
  }

  it("adds one line to the user's hooks, which still run; blocks keys; uninstall removes exactly it", () => {
    const r = project();
    withHusky(r);
    const own = 'echo "own pre-commit hook ran"\n';
    r.write('.husky/pre-commit', own);
    const stubs = readdirSync(join(r.dir, '.husky', '_')).sort();
    const stub = readFileSync(join(r.dir, '.husky', '_', 'pre-commit'), 'utf8');

    const installed = secretGuard(r, 'install');
    expect(installed.status).toBe(0);
    const commitLine = 'sh node_modules/secret-guard/hooks/pre-commit # added by secret-guard install';
    expect(readFileSync(join(r.dir, '.husky', 'pre-commit'), 'utf8')).toBe(`${own}${commitLine}\n`);
    expect(readFileSync(join(r.dir, '.husky', 'pre-push'), 'utf8')).toBe(
      'sg_refs=$(mktemp) && cat >"$sg_refs" && exec <"$sg_refs" 3<"$sg_refs" && rm -f "$sg_refs" && node_modules/.bin/secret-guard hook pre-push "$@" <&3 && exec 3<&- || { rm -f "$sg_refs"; exit 1; } # added by secret-guard install\n',
    );
    // husky's own folder is left alone.
    expect(readdirSync(join(r.dir, '.husky', '_')).sort()).toEqual(stubs);
    expect(readFileSync(join(r.dir, '.husky', '_', 'pre-commit'), 'utf8')).toBe(stub);
    // Twice is the same as once.
    expect(secretGuard(r, 'install').status).toBe(0);
    expect(readFileSync(join(r.dir, '.husky', 'pre-commit'), 'utf8')).toBe(`${own}${commitLine}\n`);

    const node = nodeShim();
    expectPrefilterPath(r, node, node.env, 'own pre-commit hook ran');
    expect(leftovers(r)).toEqual([]);

    // A commit that skipped the check is stopped at the push, through husky's pre-push.
    r.git('commit', '-q', '--no-verify', '-m', 'leak');
    const pushed = run(r.dir, 'git', ['push', 'origin', 'main']);
    expect(pushed.status).not.toBe(0);
    expect(pushed.output).toContain('push blocked');

    const removed = secretGuard(r, 'uninstall');
    expect(removed.status).toBe(0);
    expect(readFileSync(join(r.dir, '.husky', 'pre-commit'), 'utf8')).toBe(own);
    expect(existsSync(join(r.dir, '.husky', 'pre-push'))).toBe(false);
    expect(readdirSync(join(r.dir, '.husky', '_')).sort()).toEqual(stubs);
    const after = run(r.dir, 'git', ['commit', '--allow-empty', '-m', 'after']);
    expect(after.status).toBe(0);
    expect(after.output).toContain('own pre-commit hook ran');
  });

  it("rewrites an earlier version's line; uninstall gives each file back byte for byte", () => {
    const r = project();
    withHusky(r);
    const own = '#!/usr/bin/env sh\necho "own pre-commit hook ran"\n';
    // What `install` wrote before: the CLI, started on every commit.
    r.write('.husky/pre-commit', `${own}${OLD_COMMIT_LINE}\n`);
    const ownPush = 'echo "own pre-push hook ran"'; // no newline at the end
    r.write('.husky/pre-push', ownPush);

    const installed = secretGuard(r, 'install');
    expect(installed.status).toBe(0);
    expect(installed.stdout).toContain('updated the secret-guard line');
    expect(readFileSync(join(r.dir, '.husky', 'pre-commit'), 'utf8')).toBe(
      `${own}sh node_modules/secret-guard/hooks/pre-commit # added by secret-guard install\n`,
    );
    const node = nodeShim();
    stageClean(r);
    const clean = run(r.dir, 'git', ['commit', '-m', 'clean'], node.env);
    expect(clean.status).toBe(0);
    expect(clean.output).toContain(CLEAN);
    expect(node.runs()).toBe(0);

    expect(secretGuard(r, 'uninstall').status).toBe(0);
    expect(readFileSync(join(r.dir, '.husky', 'pre-commit'), 'utf8')).toBe(own);
    expect(readFileSync(join(r.dir, '.husky', 'pre-push'), 'utf8')).toBe(ownPush);
  });

  it('runs the hook of a package below the repository root', () => {
    const r = repo();
    r.write('packages/web/package.json', '{ "name": "web", "version": "1.0.0", "private": true }\n');
    installTarball(join(r.dir, 'packages', 'web'));
    r.commit({ '.gitignore': 'node_modules/\n' }, 'start');
    withHusky(r);
    const installed = run(r.dir, join(r.dir, 'packages', 'web', 'node_modules', '.bin', 'secret-guard'), [
      'install',
    ]);
    expect(installed.status).toBe(0);
    expect(readFileSync(join(r.dir, '.husky', 'pre-commit'), 'utf8')).toBe(
      'sh packages/web/node_modules/secret-guard/hooks/pre-commit # added by secret-guard install\n',
    );
    expect(readFileSync(join(r.dir, '.husky', 'pre-push'), 'utf8')).toBe(
      'sg_refs=$(mktemp) && cat >"$sg_refs" && exec <"$sg_refs" 3<"$sg_refs" && rm -f "$sg_refs" && packages/web/node_modules/.bin/secret-guard hook pre-push "$@" <&3 && exec 3<&- || { rm -f "$sg_refs"; exit 1; } # added by secret-guard install\n',
    );

    const node = nodeShim();
    expectPrefilterPath(r, node, node.env);
  });

  it('runs the hook through a pnpm layout, where node_modules/secret-guard links into .pnpm', () => {
    const r = repo();
    r.commit({ '.gitignore': 'node_modules/\n' }, 'start');
    const store = join(r.dir, 'node_modules', '.pnpm', 'secret-guard@0.1.0', 'node_modules', 'secret-guard');
    cpSync(resolve('package.json'), join(store, 'package.json'));
    cpSync(resolve('hooks'), join(store, 'hooks'), { recursive: true });
    cpSync(dirname(cliBundle()), join(store, 'dist'), { recursive: true });
    symlinkSync(
      join('.pnpm', 'secret-guard@0.1.0', 'node_modules', 'secret-guard'),
      join(r.dir, 'node_modules', 'secret-guard'),
    );
    // pnpm's bin is a shell script that starts the package's CLI; the CLI's real path is inside .pnpm.
    r.write(
      'node_modules/.bin/secret-guard',
      '#!/bin/sh\nexec node "${0%/*}/../secret-guard/dist/cli.js" "$@"\n',
    );
    chmodSync(join(r.dir, 'node_modules', '.bin', 'secret-guard'), 0o755);
    withHusky(r);
    expect(secretGuard(r, 'install', '--hook', 'pre-commit').status).toBe(0);
    expect(readFileSync(join(r.dir, '.husky', 'pre-commit'), 'utf8')).toBe(
      'sh node_modules/secret-guard/hooks/pre-commit # added by secret-guard install\n',
    );

    const node = nodeShim();
    expectPrefilterPath(r, node, node.env);
  });

  it('writes nothing, and prints the lines, when secret-guard is not in the project', async () => {
    const r = repo();
    r.commit({ 'a.txt': 'a\n' });
    withHusky(r);
    r.write('.husky/pre-commit', 'npm test\n');
    const result = await runCli(['install'], { cwd: r.dir });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(
      "secret-guard is not in this project's node_modules, so install wrote nothing",
    );
    expect(result.stderr).toContain(
      'npx --no-install secret-guard hook pre-commit # added by secret-guard install',
    );
    expect(readFileSync(join(r.dir, '.husky', 'pre-commit'), 'utf8')).toBe('npm test\n');
    expect(existsSync(join(r.dir, '.husky', 'pre-push'))).toBe(false);
  });
});

describe('lefthook', () => {
  const LEFTHOOK_VERSION = '2.2.2';
  let binary: string | undefined;
  /** lefthook's binary, installed once from the registry without its postinstall. */
  const lefthook = (): string => {
    if (binary) return binary;
    const tools = mkdtempSync(join(tmpdir(), 'sg-lefthook-'));
    writeFileSync(join(tools, 'package.json'), '{ "name": "tools", "version": "1.0.0", "private": true }\n');
    const flags = ['--no-save', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'];
    execFileSync('npm', ['install', ...flags, `lefthook@${LEFTHOOK_VERSION}`], { cwd: tools, stdio: 'pipe' });
    const exe = require(join(tools, 'node_modules', 'lefthook', 'get-exe.js')) as { getExePath(): string };
    binary = exe.getExePath();
    return binary;
  };

  it("is told what to add to lefthook.yml; with it, the user's command still runs and a key is blocked", () => {
    const r = project();
    const config = { 'pre-commit': { commands: { mine: { run: 'echo "own lefthook command ran"' } } } };
    r.write('lefthook.yml', stringify(config));

    const told = secretGuard(r, 'install');
    expect(told.status).toBe(2);
    expect(told.stderr).toContain(
      "lefthook manages this repository's hooks (lefthook.yml), so install wrote nothing",
    );
    expect(existsSync(join(r.dir, '.git', 'hooks', 'pre-commit'))).toBe(false);

    // The user merges the printed YAML into theirs.
    const snippet = parse(told.stderr.slice(told.stderr.indexOf('\npre-commit:') + 1)) as Record<
      string,
      { commands: Record<string, unknown> }
    >;
    expect(snippet['pre-commit']?.commands['secret-guard']).toEqual({
      run: 'sh node_modules/secret-guard/hooks/pre-commit',
    });
    const merged = {
      'pre-commit': { commands: { ...config['pre-commit'].commands, ...snippet['pre-commit']?.commands } },
      'pre-push': snippet['pre-push'],
    };
    r.write('lefthook.yml', stringify(merged));
    const node = nodeShim();
    const env = { LEFTHOOK_BIN: lefthook(), ...node.env };
    expect(run(r.dir, lefthook(), ['install'], env).status).toBe(0);
    expect(secretGuard(r, 'install').stdout).toContain('lefthook.yml runs secret-guard already');

    expectPrefilterPath(r, node, env, 'own lefthook command ran');

    r.git('commit', '-q', '--no-verify', '-m', 'leak');
    const pushed = run(r.dir, 'git', ['push', 'origin', 'main'], env);
    expect(pushed.status).not.toBe(0);
    expect(pushed.output).toContain('push blocked');
  });
});

describe('the pre-commit framework', () => {
  /** A clone of this project's hook files, as the framework would fetch them, and a repository using it. */
  function withFramework(): { r: TempRepo; env: NodeJS.ProcessEnv } {
    const hookRepo = repo();
    const root = resolve('.');
    cpSync(join(root, '.pre-commit-hooks.yaml'), join(hookRepo.dir, '.pre-commit-hooks.yaml'));
    cpSync(join(root, 'hooks'), join(hookRepo.dir, 'hooks'), { recursive: true });
    cpSync(dirname(cliBundle()), join(hookRepo.dir, 'dist'), { recursive: true });
    const rev = hookRepo.commit({}, 'hooks');
    const r = repo();
    r.write(
      '.pre-commit-config.yaml',
      `repos:\n  - repo: ${hookRepo.dir}\n    rev: ${rev}\n    hooks:\n      - id: secret-guard\n`,
    );
    r.commit({ 'a.txt': 'a\n' });
    return { r, env: { PRE_COMMIT_HOME: mkdtempSync(join(tmpdir(), 'sg-pre-commit-')) } };
  }

  it('blocks a commit that stages a key, and scans only the staged changes', () => {
    const { r, env } = withFramework();
    execFileSync('pre-commit', ['install'], { cwd: r.dir, env: { ...gitEnv, ...env } });
    const node = nodeShim();
    // The framework passes the staged names; being exactly those, they take the shell prefilter: no Node. Names
    // with a space, a newline and leading dashes included.
    for (const name of ['a b.txt', 'new\nline.txt', '--help', '-x', '--']) stageClean(r, name);
    const clean = run(r.dir, 'git', ['commit', '-m', 'clean'], { ...env, ...node.env });
    expect(clean.status).toBe(0);
    expect(node.runs()).toBe(0);
    expect(leftovers(r)).toEqual([]);

    stageKey(r, '--help');
    stageClean(r, 'a b.txt');
    const onlyName = run(r.dir, 'git', ['commit', '-m', 'leak'], { ...env, ...node.env });
    expect(onlyName.status).not.toBe(0);
    expect(onlyName.output).toContain('--help:1:');
    expect(node.runs()).toBe(1);
    r.git('reset', '-q');

    stageKey(r);
    const blocked = run(r.dir, 'git', ['commit', '-m', 'leak'], env);
    expect(blocked.status).not.toBe(0);
    expect(blocked.output).toContain('leak.env:1:');
    expect(blocked.output).toContain('commit blocked');

    // The key goes in anyway; a later commit of a clean file is judged by what it stages alone.
    r.git('commit', '-q', '--no-verify', '-m', 'leak');
    r.write('ok.txt', 'fine\n');
    r.git('add', 'ok.txt');
    expect(run(r.dir, 'git', ['commit', '-m', 'ok'], env).status).toBe(0);
  });

  it('`pre-commit run --all-files` and `--files` scan the tracked files and fail on a committed key', () => {
    const { r, env } = withFramework();
    r.commit({ 'config/prod.env': `AWS_ACCESS_KEY_ID=${makeKeyId()}\n` }, 'committed key');
    // A clean change is staged: outside a commit the names go to the CLI, which scans those files whole (the
    // prefilter would search the staged change alone).
    stageClean(r, 'ok.txt');
    const node = nodeShim();
    const all = run(r.dir, 'pre-commit', ['run', '--all-files'], { ...env, ...node.env });
    expect(all.status).not.toBe(0);
    expect(all.output).toContain('config/prod.env:1:');
    expect(all.output).not.toContain('--no-verify');
    expect(node.runs()).toBe(1);

    for (const files of [['config/prod.env'], ['ok.txt', 'config/prod.env']]) {
      const named = run(r.dir, 'pre-commit', ['run', '--files', ...files], env);
      expect(named.status).not.toBe(0);
      expect(named.output).toContain('config/prod.env:1:');
    }
    expect(run(r.dir, 'pre-commit', ['run', '--files', 'a.txt'], env).status).toBe(0);
    // The staged names outside a commit are files to scan whole too.
    expect(run(r.dir, 'pre-commit', ['run', '--files', 'ok.txt'], { ...env, ...node.env }).status).toBe(0);
    expect(run(r.dir, 'pre-commit', ['run'], { ...env, ...node.env }).status).toBe(0);
    expect(node.runs()).toBe(3);
    // Every tracked file staged: --all-files names exactly the staged ones, and still scans them whole.
    for (const file of r.git('ls-files').split('\n').filter(Boolean)) {
      writeFileSync(join(r.dir, file), `${readFileSync(join(r.dir, file), 'utf8')}\n`);
      r.git('add', file);
    }
    const allStaged = run(r.dir, 'pre-commit', ['run', '--all-files'], env);
    expect(allStaged.status).not.toBe(0);
    expect(allStaged.output).toContain('config/prod.env:1:');
    // With nothing staged, a bare run has no names: what a commit would see, nothing.
    r.git('reset', '-q', '--hard');
    expect(run(r.dir, 'pre-commit', ['run'], env).status).toBe(0);
  });

  it('at a commit scans every staged change, the paths the framework filters out of its names included', () => {
    const { r, env } = withFramework();
    // A global exclude, as set for formatters; and a symlink, which the framework's default `types: [file]` drops.
    r.write(
      '.pre-commit-config.yaml',
      `exclude: ^vendor/\n${readFileSync(join(r.dir, '.pre-commit-config.yaml'), 'utf8')}`,
    );
    r.commit({}, 'exclude vendor');
    execFileSync('pre-commit', ['install'], { cwd: r.dir, env: { ...gitEnv, ...env } });

    stageKey(r, 'vendor/lib.env');
    stageClean(r);
    const excluded = run(r.dir, 'git', ['commit', '-m', 'vendored key'], env);
    expect(excluded.status).not.toBe(0);
    expect(excluded.output).toContain('vendor/lib.env:1:');
    r.git('reset', '-q');

    symlinkSync(`AWS_ACCESS_KEY_ID=${makeKeyId()}`, join(r.dir, 'link'));
    r.git('add', 'link', 'clean.txt');
    const linked = run(r.dir, 'git', ['commit', '-m', 'linked key'], env);
    expect(linked.status).not.toBe(0);
    expect(linked.output).toContain('link:1:');
    expect(leftovers(r)).toEqual([]);
  });

  it('uninstall finds its hook where `pre-commit install` moved it (.legacy)', async () => {
    const { r, env } = withFramework();
    const hooks = join(r.dir, '.git', 'hooks');
    writeFileSync(join(hooks, 'pre-commit'), '#!/bin/sh\necho "original hook ran"\n', { mode: 0o755 });
    await runCli(['install', '--hook', 'pre-commit'], { cwd: r.dir });
    execFileSync('pre-commit', ['install'], { cwd: r.dir, env: { ...gitEnv, ...env } });
    expect(readFileSync(join(hooks, 'pre-commit.legacy'), 'utf8')).toContain('# secret-guard:hook');

    const removed = await runCli(['uninstall', '--hook', 'pre-commit'], { cwd: r.dir });
    expect(removed.exitCode).toBe(0);
    expect(removed.stdout).toContain('pre-commit.legacy (where `pre-commit install` had moved it)');
    // What was there before secret-guard is where the framework runs it from, and it still runs.
    expect(readFileSync(join(hooks, 'pre-commit.legacy'), 'utf8')).toContain('original hook ran');
    expect(existsSync(join(hooks, 'pre-commit.secret-guard-chained'))).toBe(false);
    r.write('b.txt', 'b\n');
    r.git('add', 'b.txt');
    const committed = run(r.dir, 'git', ['commit', '-m', 'b'], env);
    expect(committed.status).toBe(0);
    expect(committed.output).toContain('original hook ran');
  });
});
