// The CLI's logic: argv in, { exitCode, stdout, stderr } out. The bin (src/cli.ts) only prints and exits,
// so tests can call run() in process. Nothing below the entry reads process.env or process.argv.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pkg from '../../package.json' with { type: 'json' };
import { EXIT, UsageError, errorMessage, exitCodeFor } from '../errors.js';
import type { Logger } from '../logger.js';
import { render, type ReportFormat } from '../report/reporter.js';
import { runScan, type ScanOptions } from '../scan.js';
import type { SourceSpec } from '../types.js';
import { pushRevs } from './push-revs.js';

export interface CliIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** A function: touching process.stdin sets up a stream, which a commit hook never needs. */
  stdin: () => NodeJS.ReadableStream;
  /** For the progress line; writes go straight to the terminal. */
  stderrStream?: { isTTY?: boolean; write(s: string): boolean; columns?: number };
  stdoutIsTTY: boolean;
  /** The node binary and CLI bundle running now: what installed hooks will run. */
  nodePath: string;
  cliPath: () => string;
  /** The bundled worker-thread script for history scans, when running from the bundle. */
  threadScript?: string;
}

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export const VERSION: string = pkg.version;

const USAGE = `secret-guard ${VERSION}: stop AWS access keys from leaking through Git

Usage:
  secret-guard scan [--staged | --range <A..B> | --all | --stdin | <path>...]
                    [--format text|json|sarif] [--output <file>] [--config <file>]
                    [--baseline <file> | --no-baseline] [--settings-from <rev>]
                    [--no-allow-comments] [--verify] [--respond] [--dry-run]
  secret-guard install [--hook pre-commit|pre-push|all]
  secret-guard uninstall
  secret-guard baseline [<scan source options>] [--output <file>]

Without a source option, in a Git repository, scan looks at the staged changes (--staged).
Exit codes: 0 nothing found, 1 findings, 2 usage or configuration error, 3 operational failure.`;

const SCAN_OPTIONS = {
  staged: { type: 'boolean' },
  range: { type: 'string' },
  all: { type: 'boolean' },
  stdin: { type: 'boolean' },
  format: { type: 'string' },
  output: { type: 'string' },
  config: { type: 'string' },
  baseline: { type: 'string' },
  'no-baseline': { type: 'boolean' },
  'settings-from': { type: 'string' },
  'no-allow-comments': { type: 'boolean' },
  verify: { type: 'boolean' },
  respond: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  workers: { type: 'string' },
} as const;

export async function run(argv: string[], io: CliIo): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const logger: Logger = {
    info: (m) => err.push(m),
    warn: (m) => err.push(`warning: ${m}`),
    progress: () => {},
  };
  try {
    const [command, ...rest] = argv;
    switch (command) {
      case 'scan':
        return await scanCommand(rest, io, logger, out, err);
      case 'baseline':
        return await baselineCommand(rest, io, logger, err);
      case 'install':
      case 'uninstall': {
        const { installCommand } = await import('../install/install-command.js');
        const message = await installCommand(command, rest, io.cwd, { node: io.nodePath, cli: io.cliPath() });
        return { exitCode: EXIT.clean, stdout: message, stderr: '' };
      }
      case 'hook':
        return await hookCommand(rest, io, logger, out, err);
      case '--version':
      case '-v':
        return { exitCode: EXIT.clean, stdout: `${VERSION}\n`, stderr: '' };
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        return {
          exitCode: command === undefined ? EXIT.usage : EXIT.clean,
          stdout: `${USAGE}\n`,
          stderr: '',
        };
      default:
        throw new UsageError(
          `unknown command '${command}' (commands: scan, install, uninstall, baseline; see --help)`,
        );
    }
  } catch (error) {
    err.push(`secret-guard: ${errorMessage(error)}`);
    return { exitCode: exitCodeFor(error), stdout: out.join(''), stderr: joinLines(err) };
  }
}

function joinLines(lines: string[]): string {
  return lines.length ? lines.join('\n') + '\n' : '';
}

function parse(args: string[]) {
  try {
    return parseArgs({ args, options: SCAN_OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    // parseArgs names the flag: "Unknown option '--x'". Keep its words, add the fix.
    throw new UsageError(`${errorMessage(error)} (see secret-guard --help)`);
  }
}

type ParsedScan = ReturnType<typeof parse>['values'];

function sourceFrom(values: ParsedScan, positionals: string[]): SourceSpec {
  const chosen = [
    values.staged,
    values.range !== undefined,
    values.all,
    values.stdin,
    positionals.length > 0,
  ].filter(Boolean);
  if (chosen.length > 1) {
    throw new UsageError('choose one source: --staged, --range <A..B>, --all, --stdin or paths');
  }
  if (values.range !== undefined) {
    if (!values.range.includes('..') || values.range.startsWith('-')) {
      throw new UsageError(`--range expects A..B (or A...B), got '${values.range}'`);
    }
    return { kind: 'range', range: values.range };
  }
  if (values.all) return { kind: 'all' };
  if (values.stdin) return { kind: 'stdin' };
  if (positionals.length > 0) return { kind: 'paths', paths: positionals };
  return { kind: 'staged' };
}

function formatFrom(values: ParsedScan): ReportFormat {
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'sarif') {
    throw new UsageError(`--format must be text, json or sarif, got '${format}'`);
  }
  return format;
}

function scanOptions(values: ParsedScan, source: SourceSpec, io: CliIo, logger: Logger): ScanOptions {
  if (values['dry-run'] && !values.respond) throw new UsageError('--dry-run goes with --respond');
  let workers: number | undefined;
  if (values.workers !== undefined) {
    workers = Number(values.workers);
    if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
      throw new UsageError(`--workers must be a whole number from 1 to 64, got '${values.workers}'`);
    }
  }
  if (values.baseline !== undefined && values['no-baseline']) {
    throw new UsageError('choose one of --baseline <file> and --no-baseline');
  }
  const settingsFrom = values['settings-from'];
  if (settingsFrom !== undefined && (settingsFrom === '' || settingsFrom.startsWith('-'))) {
    throw new UsageError(
      `--settings-from expects a revision (a branch, tag or commit), got '${settingsFrom}'`,
    );
  }
  return {
    cwd: io.cwd,
    source,
    ...(values.config !== undefined ? { configFile: resolve(io.cwd, values.config) } : {}),
    ...(values.baseline !== undefined ? { baselineFile: resolve(io.cwd, values.baseline) } : {}),
    ...(values['no-baseline'] ? { baselineFile: false as const } : {}),
    ...(settingsFrom !== undefined ? { settingsFrom } : {}),
    ignoreAllowComments: values['no-allow-comments'] ?? false,
    verify: values.verify ?? false,
    respond: values.respond ?? false,
    dryRun: values['dry-run'] ?? false,
    aws: {},
    inCi: Boolean(io.env.CI) && io.env.CI !== 'false',
    ...(source.kind === 'stdin' ? { stdin: io.stdin() } : {}),
    logger,
    ...(workers !== undefined ? { workers } : {}),
    ...(io.threadScript ? { threadScript: io.threadScript } : {}),
  };
}

async function scanCommand(
  args: string[],
  io: CliIo,
  logger: Logger,
  out: string[],
  err: string[],
): Promise<CliResult> {
  const { values, positionals } = parse(args);
  const source = sourceFrom(values, positionals);
  const format = formatFrom(values);
  const options = scanOptions(values, source, io, logger);
  return await scanAndReport(options, format, values.output, io, out, err);
}

async function scanAndReport(
  options: ScanOptions,
  format: ReportFormat,
  output: string | undefined,
  io: CliIo,
  out: string[],
  err: string[],
  header?: string,
): Promise<CliResult> {
  const progress = await progressFor(options.source, io);
  const { result } = await runScan({
    ...options,
    ...(progress ? { onProgress: (done: number, total: number | null) => progress.update(done, total) } : {}),
  });
  progress?.done();
  const color = format === 'text' && output === undefined && io.stdoutIsTTY && !io.env.NO_COLOR;
  const report = render(format, result, { color, toolVersion: VERSION });
  const exitCode = result.findings.length > 0 ? EXIT.findings : EXIT.clean;
  if (output !== undefined) {
    const file = resolve(io.cwd, output);
    await writeFile(file, report);
    err.push(`secret-guard: ${result.findings.length} finding(s); ${format} report written to ${file}`);
  } else {
    if (header && exitCode === EXIT.findings) out.push(header);
    out.push(report);
  }
  return { exitCode, stdout: out.join(''), stderr: joinLines(err) };
}

async function progressFor(source: SourceSpec, io: CliIo) {
  const history = source.kind === 'all' || source.kind === 'range' || source.kind === 'push';
  if (!history || !io.stderrStream?.isTTY) return null;
  const { createProgress } = await import('../report/progress.js');
  return createProgress(io.stderrStream, () => Date.now());
}

async function baselineCommand(args: string[], io: CliIo, logger: Logger, err: string[]): Promise<CliResult> {
  const { values, positionals } = parse(args);
  for (const flag of ['format', 'verify', 'respond', 'dry-run', 'baseline', 'no-baseline'] as const) {
    if (values[flag] !== undefined) throw new UsageError(`--${flag} does not apply to baseline`);
  }
  // A baseline covers what is there now: by default the whole history.
  const explicit = values.staged || values.range !== undefined || values.stdin || positionals.length > 0;
  const source = explicit ? sourceFrom(values, positionals) : { kind: 'all' as const };
  const options = scanOptions(values, source, io, logger);
  const { runBaseline } = await import('./baseline-command.js');
  const message = await runBaseline(options, values.output);
  err.push(message);
  return { exitCode: EXIT.clean, stdout: '', stderr: joinLines(err) };
}

/**
 * The commits a push sends: from git's ref lines on stdin, or, under the pre-commit framework (which keeps
 * stdin to itself), from the range it exports. With neither, fail closed: everything not on the remote.
 */
async function pushRevsFor(io: CliIo, remote: string | undefined): Promise<string[] | null> {
  const remoteName = remote ?? io.env.PRE_COMMIT_REMOTE_NAME ?? 'origin';
  const { PRE_COMMIT_FROM_REF: from, PRE_COMMIT_TO_REF: to } = io.env;
  if (to)
    return from ? [to, '--not', from, `--remotes=${remoteName}`] : [to, '--not', `--remotes=${remoteName}`];
  const revs = await pushRevs(io.stdin(), remoteName, io.cwd);
  if (revs === null && io.env.PRE_COMMIT) return ['HEAD', '--not', `--remotes=${remoteName}`];
  return revs;
}

/** `secret-guard hook pre-commit|pre-push [<remote> <url>]`: what the installed hooks run. */
async function hookCommand(
  args: string[],
  io: CliIo,
  logger: Logger,
  out: string[],
  err: string[],
): Promise<CliResult> {
  const [hook, remote] = args;
  const base = scanOptions({}, { kind: 'staged' }, io, logger);
  if (hook === 'pre-commit') {
    return await scanAndReport(
      base,
      'text',
      undefined,
      io,
      out,
      err,
      'secret-guard: commit blocked: an AWS access key is in the staged changes.\n\n',
    );
  }
  if (hook === 'pre-push') {
    const revs = await pushRevsFor(io, remote);
    if (revs === null) return { exitCode: EXIT.clean, stdout: '', stderr: '' };
    return await scanAndReport(
      { ...base, source: { kind: 'push', revs } },
      'text',
      undefined,
      io,
      out,
      err,
      'secret-guard: push blocked: an AWS access key is in the commits being pushed.\n\n',
    );
  }
  throw new UsageError(`unknown hook '${hook ?? ''}' (pre-commit or pre-push)`);
}
