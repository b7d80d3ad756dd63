// The CLI's run() in process: every usage error, --version, and each command's help.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPORT_FORMATS } from '../../src/report/reporter.js';
import pkg from '../../package.json' with { type: 'json' };
import { runInProcess } from './in-process.js';

const COMMANDS = ['scan', 'baseline', 'install', 'uninstall', 'hook', 'audit'];
const empty = (): string => mkdtempSync(join(tmpdir(), 'sg-run-'));

describe('run()', () => {
  it.each(['--version', '-v'])('%s prints the version', async (flag) => {
    expect(await runInProcess([flag])).toEqual({ exitCode: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it.each(['--help', '-h', 'help'])('%s lists every command and exits 0', async (flag) => {
    const result = await runInProcess([flag]);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
    for (const command of COMMANDS) expect(result.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
  });

  it('without a command prints the help on stderr and exits 2', async () => {
    const result = await runInProcess([]);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Usage: secret-guard <command>');
  });

  describe.each([
    [
      'scan',
      ['--staged', '--range <A..B>', '--all', '--stdin', '--output <file>', '--verify', '--workers <n>'],
    ],
    ['baseline', ['--range <A..B>', '--output <file>', '--config <file>']],
    ['install', ['--hook <hook>', 'pre-commit, pre-push or all']],
    ['uninstall', ['--hook <hook>']],
    ['hook', ['hook pre-commit', 'hook pre-push']],
  ])('%s --help', (command, mentions) => {
    it.each(['--help', '-h'])(`${command} %s exits 0 with its options`, async (flag) => {
      const result = await runInProcess([command, flag], { cwd: empty() });
      expect(result.exitCode).toBe(0);
      expect(result.stderr).toBe('');
      expect(result.stdout).toContain(`Usage: secret-guard ${command}`);
      for (const text of mentions) expect(result.stdout).toContain(text);
    });
  });

  it('scan --help names every report format', async () => {
    const { stdout } = await runInProcess(['scan', '--help']);
    expect(stdout).toContain(`--format <format>     ${REPORT_FORMATS.join(', ')}`);
  });

  it('help after other flags still wins, but not after --', async () => {
    expect((await runInProcess(['scan', '--all', '--help'])).exitCode).toBe(0);
    const dir = empty();
    const afterDashes = await runInProcess(['scan', '--', '-h'], { cwd: dir });
    // `-h` after `--` is a path to scan: it does not exist, which is no usage error.
    expect(afterDashes.stdout).not.toContain('Usage:');
  });
});

describe('usage errors: exit 2, one line on stderr that names the problem', () => {
  const cases: Array<[string, string[], RegExp]> = [
    [
      'an unknown command',
      ['scna'],
      /unknown command 'scna'; did you mean 'scan'\? \(commands: scan, baseline, install, uninstall, hook, audit;/,
    ],
    ['a command far from any', ['deploy'], /unknown command 'deploy' \(commands: /],
    [
      'an unknown scan option',
      ['scan', '--bogus'],
      /unknown option '--bogus' for scan \(see secret-guard scan --help\)$/m,
    ],
    [
      'a mistyped option',
      ['scan', '--fromat', 'json'],
      /unknown option '--fromat' for scan; did you mean '--format'\?/,
    ],
    ['an option cut short', ['scan', '--verif'], /did you mean '--verify'\?/],
    ['a mistyped option with a value', ['scan', '--ouptut=x.json'], /did you mean '--output'\?/],
    ['an unknown short option', ['scan', '-x'], /unknown option '-x' for scan \(see/],
    ['a flag without its value', ['scan', '--range'], /'--range <value>' argument missing/],
    ['a value for a switch', ['scan', '--staged=yes'], /'--staged' does not take an argument/],
    ['two sources', ['scan', '--staged', '--all'], /choose one source/],
    ['a source and paths', ['scan', '--stdin', 'file.txt'], /choose one source/],
    ['a range without ..', ['scan', '--range', 'main'], /--range expects A\.\.B .*got 'main'/],
    ['a range that is a flag', ['scan', '--range=--all..x'], /--range expects A\.\.B/],
    [
      'an unknown format',
      ['scan', '--format', 'xml'],
      /--format must be one of text, json, sarif, got 'xml'/,
    ],
    ['--dry-run alone', ['scan', '--dry-run'], /--dry-run goes with --respond/],
    [
      '--workers 0',
      ['scan', '--all', '--workers', '0'],
      /--workers must be a whole number from 1 to 64, got '0'/,
    ],
    ['--workers that is no number', ['scan', '--workers', 'many'], /--workers must be .*got 'many'/],
    [
      'a scan flag given to baseline',
      ['baseline', '--format', 'json'],
      /unknown option '--format' for baseline \(see secret-guard baseline --help\)/,
    ],
    ['two sources for baseline', ['baseline', '--all', '--staged'], /choose one source/],
    [
      'an unknown hook to install',
      ['install', '--hook', 'post-merge'],
      /--hook must be pre-commit, pre-push or all, got 'post-merge'/,
    ],
    ['a path given to install', ['install', 'somewhere'], /Unexpected argument 'somewhere'.*install --help/],
    ['an unknown option to uninstall', ['uninstall', '--force'], /unknown option '--force' for uninstall/],
    ['an unknown hook', ['hook', 'post-merge'], /unknown hook 'post-merge' \(pre-commit or pre-push\)/],
    ['a hook without its name', ['hook'], /unknown hook '' \(pre-commit or pre-push\)/],
    [
      'too many hook arguments',
      ['hook', 'pre-push', 'origin', 'url', 'extra'],
      /unexpected argument 'extra'/,
    ],
  ];
  it.each(cases)('%s', async (_, argv, message) => {
    const result = await runInProcess(argv, { cwd: empty() });
    expect(result).toMatchObject({ exitCode: 2, stdout: '' });
    expect(result.stderr).toMatch(/^secret-guard: [^\n]+\n$/);
    expect(result.stderr).toMatch(message);
    // Quotes come in pairs (parseArgs' own message for an unknown option ends with an unclosed one).
    expect(result.stderr.split("'").length % 2).toBe(1);
  });

  it('a --config that does not exist is a configuration error (exit 2) naming the file', async () => {
    const dir = empty();
    writeFileSync(join(dir, 'x.txt'), 'nothing here\n');
    const result = await runInProcess(['scan', '--config', 'missing.yml', 'x.txt'], { cwd: dir });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(join(dir, 'missing.yml'));
  });
});
