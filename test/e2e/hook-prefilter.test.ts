// The pre-commit hooks' prefilter as developers meet it, through real `git commit`s: a clean commit ends in git
// and grep without starting Node; one that may hold a key goes to Node, which scans the very diff grep searched;
// and whenever git, tr or grep fail, Node runs the full scan. A wrapper records each time Node starts.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hookScript } from '../../src/install/hook-script.js';
import { WORDS_FILE } from '../../src/install/prefilter-script.js';
import { cliBundle } from '../helpers/cli.js';
import { gitEnv, tempRepos, type TempRepo } from '../helpers/git-repo.js';
import { makeKeyId, makeSecret } from '../helpers/keys.js';

const repo = tempRepos();

interface Setup {
  r: TempRepo;
  /** How many times Node started. */
  nodeRuns: () => number;
}

/**
 * A repository whose pre-commit hook is the one `install` writes, for a copy of the bundle (which a test may break)
 * and a Node that counts its starts.
 */
function withHook(options: { breakBundle?: (dist: string) => void } = {}): Setup {
  const r = repo();
  const tools = mkdtempSync(join(tmpdir(), 'sg-hook-tools-'));
  const dist = join(tools, 'dist');
  cpSync(dirname(cliBundle()), dist, { recursive: true });
  options.breakBundle?.(dist);
  const marker = join(tools, 'node-runs');
  const node = join(tools, 'node');
  writeFileSync(node, `#!/bin/sh\necho run >>'${marker}'\nexec '${process.execPath}' "$@"\n`);
  chmodSync(node, 0o755);
  const hook = join(r.dir, '.git', 'hooks', 'pre-commit');
  writeFileSync(hook, hookScript('pre-commit', node, join(dist, 'cli.js')));
  chmodSync(hook, 0o755);
  return {
    r,
    nodeRuns: () =>
      (existsSync(marker) ? spawnSync('wc', ['-l', marker], { encoding: 'utf8' }).stdout : '0')
        .trim()
        .split(/\s+/)
        .map(Number)[0]!,
  };
}

function commit(r: TempRepo, env: NodeJS.ProcessEnv = {}, ...args: string[]) {
  const result = spawnSync('git', ['commit', '-q', '-m', 'change', ...args], {
    cwd: r.dir,
    env: { ...gitEnv, ...env },
    encoding: 'utf8',
  });
  return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

/** Nothing of the prefilter's files is left in the repository's folder. */
function leftovers(r: TempRepo): string[] {
  return readdirSync(join(r.dir, '.git')).filter((name) => name.includes('secret-guard'));
}

const id = makeKeyId();
const secret = makeSecret();
/** A secret with a `/` and a `+` in it, URL-encoded: no run of it is as long as a secret. */
const urlEncoded = (value: string): string =>
  `${value.slice(0, 10)}%2F${value.slice(11, 25)}%2B${value.slice(26)}`;
const b64 = (text: string): string => Buffer.from(text).toString('base64');

describe('the pre-commit prefilter', () => {
  it('lets a clean commit through without starting Node, words like aws and secret included', () => {
    const { r, nodeRuns } = withHook();
    r.write('app.js', 'const region = "aws-region-1"; // the secret of good code\n'.repeat(50));
    r.git('add', '-A');
    const result = commit(r);
    expect(result.status).toBe(0);
    expect(result.output).toContain('✔ No AWS keys found in the staged changes.');
    expect(nodeRuns()).toBe(0);
    expect(leftovers(r)).toEqual([]);
  });

  it.each([
    ['a key id', 'deploy.sh', `export AWS_ACCESS_KEY_ID=${id}\n`, 1],
    ['a secret named only by the path', 'config/aws.env', `\n\nSECRET=${secret}\n`, 3],
    [
      'a secret on the line below its name (Hadoop)',
      'core-site.xml',
      `<name>fs.s3a.secret.key</name>\n<value>${secret}</value>\n`,
      2,
    ],
    ['a key id after an escape', 'task.json', `{"cmd": "deploy\\t${id}"}\n`, 1],
    ['a URL-encoded secret', 'db.txt', `athena://${id}:${urlEncoded(secret)}@host\n`, 1],
    ['a key id split across literals', 'settings.py', `KEY = "AK" "${id.slice(2)}"\n`, 1],
    [
      'a base64-encoded credentials file',
      'secret.yaml',
      `data:\n  credentials: ${b64(`aws_access_key_id = ${id}\n`)}\n`,
      2,
    ],
  ])('hands %s to Node, which blocks the commit', (_form, file, text, line) => {
    const { r, nodeRuns } = withHook();
    r.write(file, text);
    r.git('add', '-A');
    const result = commit(r);
    expect(result.status).toBe(1);
    expect(result.output).toContain('commit blocked');
    expect(result.output).toContain(`${file}:${line}:`);
    expect(nodeRuns()).toBe(1);
    expect(leftovers(r)).toEqual([]);
  });

  it.each([
    [
      'UTF-16 with a byte-order mark',
      'creds.ps1',
      Buffer.from(`\ufeff$env:AWS_ACCESS_KEY_ID = "${id}"\r\n`, 'utf16le'),
    ],
    [
      'a key in binary data',
      'blob.bin',
      Buffer.concat([
        Buffer.from([0, 1, 2, 0, 0x89]),
        Buffer.from(`aws_access_key_id=${id}\n`),
        Buffer.alloc(64),
      ]),
    ],
  ])('hands content with NUL bytes (%s) to Node, which decodes it', (_form, file, bytes) => {
    const { r, nodeRuns } = withHook();
    writeFileSync(join(r.dir, file), bytes);
    r.git('add', '-A');
    const result = commit(r);
    expect(result.status).toBe(1);
    expect(result.output).toContain(`${file}:1:`);
    expect(nodeRuns()).toBe(1);
  });

  it('hands a clean commit with an image to Node: binary content is not proven clean by grep', () => {
    const { r, nodeRuns } = withHook();
    writeFileSync(
      join(r.dir, 'logo.png'),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
    );
    r.git('add', '-A');
    expect(commit(r).status).toBe(0);
    expect(nodeRuns()).toBe(1);
  });

  it('scans the index `git commit -a` makes, not the one on disk', () => {
    const { r } = withHook();
    r.commit({ 'deploy.sh': 'echo deploy\n' });
    r.write('deploy.sh', `echo deploy\nexport AWS_ACCESS_KEY_ID=${id}\n`);
    const result = commit(r, {}, '-a');
    expect(result.status).toBe(1);
    expect(result.output).toContain('deploy.sh:2:');
  });

  it('starts Node for the full scan when grep cannot run (a pattern list is missing)', () => {
    const { r, nodeRuns } = withHook({ breakBundle: (dist) => rmSync(join(dist, WORDS_FILE)) });
    r.write('clean.txt', 'nothing to see\n');
    r.git('add', '-A');
    expect(commit(r).status).toBe(0);
    expect(nodeRuns()).toBe(1);
    r.write('deploy.sh', `export AWS_ACCESS_KEY_ID=${id}\n`);
    r.git('add', '-A');
    expect(commit(r).status).toBe(1);
  });

  it.each([
    ['grep fails', 'grep', 'exit 2'],
    ['tr fails', 'tr', 'exit 1'],
  ])('starts Node when %s', (_what, tool, body) => {
    const { r, nodeRuns } = withHook();
    const bin = mkdtempSync(join(tmpdir(), 'sg-broken-'));
    writeFileSync(join(bin, tool), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, tool), 0o755);
    r.write('clean.txt', 'nothing to see\n');
    r.git('add', '-A');
    expect(commit(r, { PATH: `${bin}:${gitEnv.PATH ?? process.env.PATH}` }).status).toBe(0);
    expect(nodeRuns()).toBe(1);
  });

  it('settings only ever suppress: a clean commit is clean even under a broken configuration', () => {
    const { r, nodeRuns } = withHook();
    r.write('.secret-guard.yml', 'allow: [unclosed\n');
    r.write('clean.txt', 'nothing to see\n');
    r.git('add', '-A');
    expect(commit(r).status).toBe(0);
    expect(nodeRuns()).toBe(0);
    // A change that may hold a key meets the configuration, and its error.
    r.write('deploy.sh', `export AWS_ACCESS_KEY_ID=${id}\n`);
    r.git('add', '-A');
    const result = commit(r);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('.secret-guard.yml: not valid YAML');
  });

  it('applies the configuration Node reads beside the diff: an allowed path is let through', () => {
    const { r, nodeRuns } = withHook();
    r.write('.secret-guard.yml', 'allow:\n  paths: ["fixtures/**"]\n');
    r.write('fixtures/key.env', `AWS_ACCESS_KEY_ID=${id}\n`);
    r.git('add', '-A');
    expect(commit(r).status).toBe(0);
    expect(nodeRuns()).toBe(1);
  });

  it('scans the diff grep searched without loading what runs git: Node starts no process of its own', () => {
    const { r, nodeRuns } = withHook();
    const loaded = join(mkdtempSync(join(tmpdir(), 'sg-loaded-')), 'modules');
    const preload = join(dirname(loaded), 'preload.cjs');
    // Node's own record of the built-in modules it loaded, written as the hook's Node exits.
    writeFileSync(
      preload,
      `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(loaded)}, process.moduleLoadList.join('\\n')));\n`,
    );
    r.write('deploy.sh', `export AWS_ACCESS_KEY_ID=${id}\n`);
    r.git('add', '-A');
    expect(commit(r, { NODE_OPTIONS: `--require ${preload}` }).status).toBe(1);
    expect(nodeRuns()).toBe(1);
    const modules = readFileSync(loaded, 'utf8').split('\n');
    expect(modules).toContain('NativeModule fs');
    expect(modules.filter((m) => /child_process|worker_threads|fs\/promises/.test(m))).toEqual([]);
  });

  it('hands a rename to Node only under a settings file; Node runs git only for a file leaving an allowed path', () => {
    const { r, nodeRuns } = withHook();
    const loaded = join(mkdtempSync(join(tmpdir(), 'sg-loaded-')), 'modules');
    const preload = join(dirname(loaded), 'preload.cjs');
    writeFileSync(
      preload,
      `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(loaded)}, process.moduleLoadList.join('\\n')));\n`,
    );
    const childProcessLoaded = (): boolean =>
      readFileSync(loaded, 'utf8')
        .split('\n')
        .some((m) => /child_process/.test(m));
    const env = { NODE_OPTIONS: `--require ${preload}` };
    r.write('fixtures/key.env', `AWS_ACCESS_KEY_ID=${id}\n`);
    r.write('notes/a.txt', 'nothing here\n');
    r.git('add', '-A');
    expect(commit(r, {}, '--no-verify').status).toBe(0);

    // No settings file: no path is allowed, so a rename can carry nothing out of one; Node does not start.
    r.git('mv', 'notes/a.txt', 'notes/b.txt');
    expect(commit(r, env).status).toBe(0);
    expect(nodeRuns()).toBe(0);

    r.write('.secret-guard.yml', 'allow:\n  paths: ["fixtures/**"]\n');
    r.git('add', '-A');
    expect(commit(r, env).status).toBe(0);
    expect(nodeRuns()).toBe(0);

    // Under settings, a rename goes to Node; one that leaves no allowed path needs no git process.
    r.git('mv', 'notes/b.txt', 'notes/c.txt');
    expect(commit(r, env).status).toBe(0);
    expect(nodeRuns()).toBe(1);
    expect(childProcessLoaded()).toBe(false);

    // The key leaving the allowed folder is read from the index, and blocks the commit.
    r.git('mv', 'fixtures/key.env', 'key.env');
    const blocked = commit(r, env);
    expect(blocked.status).toBe(1);
    expect(blocked.output).toContain('key.env:1:');
    expect(nodeRuns()).toBe(2);
    expect(childProcessLoaded()).toBe(true);
    expect(leftovers(r)).toEqual([]);
  });

  it('runs from hooks/pre-commit as core.hooksPath, the package laid out as npm installs it', () => {
    const r = repo();
    const pkg = mkdtempSync(join(tmpdir(), 'sg-package-'));
    cpSync(resolve('hooks'), join(pkg, 'hooks'), { recursive: true });
    cpSync(dirname(cliBundle()), join(pkg, 'dist'), { recursive: true });
    r.git('config', 'core.hooksPath', join(pkg, 'hooks'));
    r.write('clean.txt', 'nothing to see\n');
    r.git('add', '-A');
    const clean = commit(r);
    expect(clean.status).toBe(0);
    expect(clean.output).toContain('✔ No AWS keys found in the staged changes.');
    r.write('deploy.sh', `export AWS_ACCESS_KEY_ID=${id}\n`);
    r.git('add', '-A');
    const blocked = commit(r);
    expect(blocked.status).toBe(1);
    expect(blocked.output).toContain('deploy.sh:1:');
    // The framework's push-stage variables left in the environment do not turn a commit into a push scan.
    const pushStage = commit(r, { PRE_COMMIT_FROM_REF: 'HEAD', PRE_COMMIT_TO_REF: 'HEAD' });
    expect(pushStage.status).toBe(1);
    expect(pushStage.output).toContain('deploy.sh:1:');
  });

  it('runs from hooks/pre-commit symlinked into .git/hooks, by relative links too', () => {
    const r = repo();
    const pkg = mkdtempSync(join(tmpdir(), 'sg-package-'));
    cpSync(resolve('hooks'), join(pkg, 'hooks'), { recursive: true });
    cpSync(dirname(cliBundle()), join(pkg, 'dist'), { recursive: true });
    // .git/hooks/pre-commit -> <dir>/pre-commit -> <pkg>/hooks/pre-commit
    const links = mkdtempSync(join(tmpdir(), 'sg-links-'));
    symlinkSync(join(pkg, 'hooks', 'pre-commit'), join(links, 'pre-commit'));
    symlinkSync(
      relative(join(r.dir, '.git', 'hooks'), join(links, 'pre-commit')),
      join(r.dir, '.git', 'hooks', 'pre-commit'),
    );
    r.write('clean.txt', 'nothing to see\n');
    r.git('add', '-A');
    const clean = commit(r);
    expect(clean.output).toContain('✔ No AWS keys found in the staged changes.');
    expect(clean.status).toBe(0);
    r.write('deploy.sh', `export AWS_ACCESS_KEY_ID=${id}\n`);
    r.git('add', '-A');
    const blocked = commit(r);
    expect(blocked.status).toBe(1);
    expect(blocked.output).toContain('deploy.sh:1:');
  });
});
