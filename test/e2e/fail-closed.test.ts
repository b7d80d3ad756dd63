// Issue 8, as an attacker and a new user tried it: every way a key hid from a scan, or a scan that saw less than
// asked still looked clean. Each case runs the bundled CLI on a real repository: it exits 1 naming the key's
// file and line, or exits 3 (partial) where there is nothing it could have found.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliBundle, runCli, type CliRun } from '../helpers/cli.js';
import { gitEnv, tempRepos } from '../helpers/git-repo.js';
import { makeKeyId } from '../helpers/keys.js';

const repo = tempRepos();
const folders: string[] = [];
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sg-fail-closed-'));
  folders.push(dir);
  return dir;
}

interface Report {
  findings: Array<{ rule: string; file: string; line: number; keyId: string | null; commit: string | null }>;
  summary: { partial: boolean; coverage: { errors: string[] } };
}

function report(run: CliRun): Report {
  return JSON.parse(run.stdout) as Report;
}

/** Where the scan found `keyId`: `file:line`, one entry per finding of the id itself. */
function foundAt(run: CliRun, keyId: string): string[] {
  return report(run)
    .findings.filter((f) => f.rule === 'aws-access-key-id' && f.keyId === keyId)
    .map((f) => `${f.file}:${f.line}`);
}

function expectFound(run: CliRun, keyId: string, where: string): void {
  expect(run.exitCode, run.stderr).toBe(1);
  expect(foundAt(run, keyId)).toEqual([where]);
}

function expectPartial(run: CliRun, error: RegExp): void {
  expect(run.exitCode, run.stdout + run.stderr).toBe(3);
  const { summary, findings } = report(run);
  expect(findings).toEqual([]);
  expect(summary.partial).toBe(true);
  expect(summary.coverage.errors).toEqual(expect.arrayContaining([expect.stringMatching(error)]));
}

function tryGit(cwd: string, ...args: string[]): { status: number; output: string } {
  const r = spawnSync('git', args, { cwd, env: gitEnv, encoding: 'utf8' });
  return { status: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
}

const utf16WithBom = (text: string): Buffer =>
  Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);

describe('content git hides', () => {
  interface Hidden {
    /** The change, with the key at `line` of `file`; `.gitattributes` comes with it, as in a pull request. */
    files: (keyId: string) => Record<string, string | Buffer>;
    file: string;
    line: number;
    /** Repository settings the change cannot carry (a developer's own config). */
    config?: Array<[string, string]>;
  }
  const cases: Record<string, Hidden> = {
    'a file marked -diff by the change’s own .gitattributes': {
      files: (id) => ({ '.gitattributes': '*.env -diff\n', 'prod.env': `# prod\nAWS_ACCESS_KEY_ID=${id}\n` }),
      file: 'prod.env',
      line: 2,
    },
    'a file marked binary': {
      files: (id) => ({ '.gitattributes': '*.cfg binary\n', 'app.cfg': `key=${id}\n` }),
      file: 'app.cfg',
      line: 1,
    },
    'a file with a binary diff driver': {
      files: (id) => ({ '.gitattributes': '*.ini diff=opaque\n', 'aws.ini': `[default]\nkey = ${id}\n` }),
      file: 'aws.ini',
      line: 2,
      config: [['diff.opaque.binary', 'true']],
    },
    'a UTF-16 file with a byte-order mark (PowerShell 5 `>`)': {
      files: (id) => ({ 'keys.txt': utf16WithBom(`Keys\r\nAWS_ACCESS_KEY_ID=${id}\r\n`) }),
      file: 'keys.txt',
      line: 2,
    },
    'a file with a NUL byte in its first 8 KB': {
      files: (id) => ({
        'data.db': Buffer.concat([
          Buffer.from('SQLite format 3\0\x01\x02\n\0\0'),
          Buffer.from(`\naws_key ${id}\0\n`),
        ]),
      }),
      file: 'data.db',
      line: 3,
    },
    'a blob over core.bigFileThreshold': {
      files: (id) => ({ 'big.txt': `${'x'.repeat(4096)}\nAWS_ACCESS_KEY_ID=${id}\n` }),
      file: 'big.txt',
      line: 2,
      config: [['core.bigFileThreshold', '1k']],
    },
  };

  for (const [name, c] of Object.entries(cases)) {
    for (const source of ['--staged', '--range', '--all', 'paths'] as const) {
      it(`${name}: scan ${source}`, async () => {
        const r = repo();
        for (const [key, value] of c.config ?? []) r.git('config', key, value);
        const base = r.commit({ 'README.md': 'project\n' });
        const keyId = makeKeyId();
        const files = c.files(keyId);
        if (source === '--staged') {
          for (const [path, content] of Object.entries(files)) r.write(path, content);
          r.git('add', '-A');
        } else r.commit(files);
        const args =
          source === '--staged'
            ? ['scan', '--staged']
            : source === '--range'
              ? ['scan', '--range', `${base}..HEAD`]
              : source === '--all'
                ? ['scan', '--all']
                : ['scan', c.file];
        expectFound(
          await runCli([...args, '--format', 'json'], { cwd: r.dir }),
          keyId,
          `${c.file}:${c.line}`,
        );
      });
    }
  }

  it('a pre-push hook stops a key in a file the pushed commit marks -diff', async () => {
    const remote = repo({ bare: true });
    const r = repo();
    r.git('remote', 'add', 'origin', remote.dir);
    r.commit({ 'README.md': 'x\n' });
    tryGit(r.dir, 'push', '-q', 'origin', 'main');
    expect((await runCli(['install'], { cwd: r.dir })).exitCode).toBe(0);
    r.write('.gitattributes', '*.env -diff\n');
    r.write('deploy.env', `AWS_ACCESS_KEY_ID=${makeKeyId()}\n`);
    r.git('add', '-A');
    r.git('commit', '-q', '--no-verify', '-m', 'hide it');
    const pushed = tryGit(r.dir, 'push', '-q', 'origin', 'main');
    expect(pushed.status).not.toBe(0);
    expect(pushed.output).toContain('deploy.env:1:');
  });
});

describe('partial scans that look clean', () => {
  it('a line over 64 Mi characters: the key at its end is found (paths and staged)', async () => {
    const r = repo();
    const keyId = makeKeyId();
    r.write('bundle.min.js', `// built\n${'a'.repeat(70 * 1024 * 1024)};var k="${keyId}";\n`);
    expectFound(
      await runCli(['scan', 'bundle.min.js', '--format', 'json'], { cwd: r.dir }),
      keyId,
      'bundle.min.js:2',
    );
    r.git('add', '-A');
    expectFound(
      await runCli(['scan', '--staged', '--format', 'json'], { cwd: r.dir }),
      keyId,
      'bundle.min.js:2',
    );
  });

  it.each([
    ['a FIFO', (dir: string) => execFileSync('mkfifo', [join(dir, 'named')]), /^cannot read named: .*FIFO/],
    [
      'a symlink loop',
      (dir: string) => symlinkSync('named', join(dir, 'named')),
      /^cannot read named: ELOOP/,
    ],
    [
      'a file whose read fails',
      (dir: string) => symlinkSync('/proc/self/mem', join(dir, 'named')),
      /^cannot read named: EIO/,
    ],
  ])(
    'a named path that cannot be read (%s): exit 3 alone, exit 1 beside a key',
    async (_kind, make, error) => {
      const dir = tempFolder();
      make(dir);
      expectPartial(await runCli(['scan', 'named', '--format', 'json'], { cwd: dir }), error);
      const keyId = makeKeyId();
      writeFileSync(join(dir, 'other.env'), `AWS_ACCESS_KEY_ID=${keyId}\n`);
      const both = await runCli(['scan', 'named', 'other.env', '--format', 'json'], { cwd: dir });
      expectFound(both, keyId, 'other.env:1');
      expect(report(both).summary.partial).toBe(true);
    },
  );

  const hunk = (keyId: string | null): string =>
    [
      'diff --git a/app/settings.py b/app/settings.py',
      '--- a/app/settings.py',
      '+++ b/app/settings.py',
      '@@ -10,2 +10,3 @@@ broken by a mailer',
      '+DEBUG = False',
      keyId === null ? '+REGION = "eu-west-1"' : `+AWS_ACCESS_KEY_ID = "${keyId}"`,
      '',
    ].join('\n');

  it('a malformed hunk on --stdin: the + lines after it are still scanned, and the scan is partial', async () => {
    const keyId = makeKeyId();
    const found = await runCli(['scan', '--stdin', '--format', 'json'], {
      cwd: tempFolder(),
      input: hunk(keyId),
    });
    expectFound(found, keyId, 'app/settings.py:11');
    expect(report(found).summary.partial).toBe(true);
    expectPartial(
      await runCli(['scan', '--stdin', '--format', 'json'], { cwd: tempFolder(), input: hunk(null) }),
      /^app\/settings\.py: a hunk header that cannot be read/,
    );
  });

  it('a partial scan says so in every format: text PARTIAL, JSON partial, SARIF executionSuccessful false', async () => {
    const cwd = tempFolder();
    const text = await runCli(['scan', '--stdin'], { cwd, input: hunk(null) });
    expect(text.exitCode).toBe(3);
    expect(text.stdout).toContain('PARTIAL');
    const sarif = await runCli(['scan', '--stdin', '--format', 'sarif'], { cwd, input: hunk(null) });
    expect(sarif.exitCode).toBe(3);
    const log = JSON.parse(sarif.stdout) as {
      runs: Array<{ invocations: Array<{ executionSuccessful: boolean }> }>;
    };
    expect(log.runs[0]!.invocations[0]!.executionSuccessful).toBe(false);
  });

  it('a UTF-16 diff on --stdin is decoded', async () => {
    const keyId = makeKeyId();
    const diff = `diff --git a/k.env b/k.env\r\n--- a/k.env\r\n+++ b/k.env\r\n@@ -0,0 +1,2 @@\r\n+# keys\r\n+KEY=${keyId}\r\n`;
    const run = await runCli(['scan', '--stdin', '--format', 'json'], {
      cwd: tempFolder(),
      input: utf16WithBom(diff),
    });
    expectFound(run, keyId, 'k.env:2');
    expect(report(run).summary.partial).toBe(false);
  });

  it('empty input on --stdin (the command before the pipe failed) is partial, not clean', async () => {
    expectPartial(
      await runCli(['scan', '--stdin', '--format', 'json'], { cwd: tempFolder(), input: '' }),
      /^standard input was empty/,
    );
    expectPartial(
      await runCli(['scan', '--stdin', '--format', 'json'], {
        cwd: tempFolder(),
        input:
          "fatal: ambiguous argument 'badref..HEAD': unknown revision or path not in the working tree.\n",
      }),
      /^standard input is not a unified diff/,
    );
  });
});

describe('messages', () => {
  function leakyMessage(keyId: string): string {
    return `Deploy to prod\n\nTemporarily using ${keyId} until the role works`;
  }

  it('a key in a commit message: --range and --all report the commit and the message line', async () => {
    const r = repo();
    const base = r.commit({ 'a.txt': 'a\n' });
    const keyId = makeKeyId();
    const sha = r.commit({ 'b.txt': 'b\n' }, leakyMessage(keyId));
    for (const args of [
      ['scan', '--range', `${base}..HEAD`],
      ['scan', '--all'],
    ]) {
      const run = await runCli([...args, '--format', 'json'], { cwd: r.dir });
      expectFound(run, keyId, '(commit message):3');
      expect(report(run).findings.find((f) => f.keyId === keyId)?.commit).toBe(sha);
    }
  });

  it('a key in an annotated tag message: --all reports the tag; a range ending at the tag too', async () => {
    const r = repo();
    const base = r.commit({ 'a.txt': 'a\n' });
    const keyId = makeKeyId();
    r.git('tag', '-a', 'v1.0', '-m', leakyMessage(keyId));
    const tag = r.git('rev-parse', 'v1.0');
    for (const args of [
      ['scan', '--all'],
      ['scan', '--range', `${base}~0..v1.0`],
    ]) {
      const run = await runCli([...args, '--format', 'json'], { cwd: r.dir });
      expectFound(run, keyId, '(tag v1.0 message):3');
      expect(report(run).findings.find((f) => f.keyId === keyId)?.commit).toBe(tag);
    }
  });

  it('pre-push stops a key in a commit message, and in the message of a tag pushed on its own', async () => {
    const remote = repo({ bare: true });
    const r = repo();
    r.git('remote', 'add', 'origin', remote.dir);
    r.commit({ 'a.txt': 'a\n' });
    expect(tryGit(r.dir, 'push', '-q', 'origin', 'main').status).toBe(0);
    expect((await runCli(['install'], { cwd: r.dir })).exitCode).toBe(0);

    r.commit({ 'b.txt': 'b\n' }, leakyMessage(makeKeyId()));
    const commitPush = tryGit(r.dir, 'push', '-q', 'origin', 'main');
    expect(commitPush.status).not.toBe(0);
    expect(commitPush.output).toContain('(commit message):3:');
    r.git('reset', '-q', '--hard', 'HEAD~1');

    // The tag's commit is on the remote already: only the tag object is new.
    r.git('tag', '-a', 'v2', '-m', leakyMessage(makeKeyId()));
    const tagPush = tryGit(r.dir, 'push', '-q', 'origin', 'v2');
    expect(tagPush.status).not.toBe(0);
    expect(tagPush.output).toContain('(tag v2 message):3:');
    r.git('tag', '-a', '-f', 'v2', '-m', 'clean release notes');
    expect(tryGit(r.dir, 'push', '-q', 'origin', 'v2').status).toBe(0);
  });
});

describe('small things', () => {
  it('the suggested git restore puts -- before the path and quotes a name with a newline so the shell gets it back', async () => {
    const r = repo();
    r.commit({ 'a.txt': 'a\n' });
    const name = "-odd\nname's.env";
    r.write(name, `AWS_ACCESS_KEY_ID=${makeKeyId()}\n`);
    r.git('add', '-A');
    const run = await runCli(['scan', '--staged'], { cwd: r.dir });
    expect(run.exitCode).toBe(1);
    const command = /git restore --staged -- (.*)$/m.exec(run.stdout)?.[1];
    expect(command).toBe("$'-odd\\x0aname\\'s.env'");
    // The shell turns the word back into the file's name.
    const echoed = spawnSync('bash', ['-c', `printf %s ${command}`], { encoding: 'utf8' }).stdout;
    expect(echoed).toBe(name);
  });

  it('a deleted working folder: one line, exit 3, no stack trace', () => {
    const dir = join(tempFolder(), 'gone');
    mkdirSync(dir);
    const run = spawnSync(
      'sh',
      ['-c', `cd "${dir}" && rmdir "${dir}" && exec "${process.execPath}" "${cliBundle()}" scan`],
      { env: gitEnv, encoding: 'utf8' },
    );
    expect(run.status).toBe(3);
    expect(run.stderr).toBe(
      'secret-guard: the current folder no longer exists (deleted or moved): cd into an existing folder and run again\n',
    );
  });

  it('a configuration file over 1 MB is refused with a clear error (exit 2)', async () => {
    const r = repo();
    r.write('.secret-guard.yml', `# ${'x'.repeat(1024 * 1024)}\naccounts: []\n`);
    const run = await runCli(['scan', '--staged'], { cwd: r.dir });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^secret-guard: config .*\.secret-guard\.yml is 1\.0 MB, over the 1 MB limit/);
  });

  it('a baseline that names a FIFO or a device is refused, not read (exit 2)', async () => {
    const r = repo();
    execFileSync('mkfifo', [join(r.dir, 'fifo')]);
    for (const [file, kind] of [
      ['fifo', 'a FIFO'],
      ['/dev/zero', 'a device'],
    ]) {
      const run = await runCli(['scan', '--staged', '--baseline', file!], { cwd: r.dir });
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain(`is ${kind}, not a file`);
    }
    r.write('.secret-guard.yml', 'baseline: fifo\n');
    const configured = await runCli(['scan', '--staged'], { cwd: r.dir });
    expect(configured.exitCode).toBe(2);
    expect(configured.stderr).toContain('is a FIFO, not a file');
  });
});
