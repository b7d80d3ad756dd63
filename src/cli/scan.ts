// `secret-guard scan`: parse the flags into one ScanOptions, run the core, render the report. The pieces that
// turn flags into a scan are shared with `baseline` and `hook`.
import { resolve } from 'node:path';
import { EXIT, UsageError } from '../errors.js';
import { isReportFormat, render, REPORT_FORMATS, type ReportFormat } from '../report/reporter.js';
import { scanExitCode } from '../report/scan-facts.js';
import { runScan, type ScanOptions } from '../scan.js';
import { rangeRevisions } from '../source/revision-names.js';
import type { SourceSpec } from '../types.js';
import { parseOptions } from './args.js';
import { formatForFile, outputFile, writeOutput } from './output-file.js';
import type { Command, CommandContext } from './command.js';
import { VERSION } from './version.js';

/** The flags that choose what to scan; at most one of them, or paths. */
export const SOURCE_OPTIONS = {
  staged: { type: 'boolean' },
  range: { type: 'string' },
  all: { type: 'boolean' },
  stdin: { type: 'boolean' },
} as const;

const SCAN_OPTIONS = {
  ...SOURCE_OPTIONS,
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

export const SOURCE_HELP = `Source (one of them; without one, in a Git repository: --staged):
  --staged              what \`git commit\` would add: the index against HEAD
  --range <A..B>        what each commit in the range adds
  --all                 every commit reachable from any ref
  --stdin               a unified diff on standard input
  <path>...             files and folders on disk, whole`;

export const scanCommand: Command = {
  summary: 'scan staged changes, commits, the whole history, files or a diff for AWS access keys',
  help: `Usage: secret-guard scan [--staged | --range <A..B> | --all | --stdin | <path>...] [options]

${SOURCE_HELP}

Options:
  --format <format>     ${REPORT_FORMATS.join(', ')} (default: the --output file's extension, .json,
                        .sarif or .txt; else text)
  --output <file>       write the report to this file instead of standard output
  --config <file>       the configuration file (default: .secret-guard.yml at the repository root)
  --baseline <file>     the baseline file (default: the configuration's, else .secret-guard-baseline.json)
  --no-baseline         apply no baseline at all
  --settings-from <rev> read .secret-guard.yml and the baseline from that revision, not the work tree (for CI:
                        the change under review must not decide how it is judged)
  --no-allow-comments   ignore \`secret-guard:allow\` comments (for CI)
  --verify              ask IAM and STS whether each key found is live, and whose
  --respond             deactivate a key proven live and of your accounts (implies --verify)
  --dry-run             with --respond: say what would be done, change nothing
  --workers <n>         git processes for history scans (1 to 64)
  -h, --help            show this help

Exit codes: 0 nothing found, 1 findings, 2 usage or configuration error, 3 operational failure or a
partial scan that found nothing.`,

  async run(args, context) {
    const { values, positionals } = parseOptions('scan', args, SCAN_OPTIONS, true);
    const source = sourceFrom(values, positionals);
    const format = formatFrom(values.format) ?? formatForFile(values.output ?? '') ?? 'text';
    const scan = scanOptionsFrom(values, source, context);
    const file = values.output === undefined ? undefined : outputFile(context.io.cwd, values.output);
    return scanAndReport({ scan, format, output: file }, context);
  },
};

type SourceFlags = { staged?: boolean; range?: string; all?: boolean; stdin?: boolean };

export function hasSource(values: SourceFlags, positionals: string[]): boolean {
  return sourceCount(values, positionals) > 0;
}

function sourceCount(values: SourceFlags, positionals: string[]): number {
  return [values.staged, values.range !== undefined, values.all, values.stdin, positionals.length > 0].filter(
    Boolean,
  ).length;
}

export function sourceFrom(values: SourceFlags, positionals: string[]): SourceSpec {
  if (sourceCount(values, positionals) > 1) {
    throw new UsageError('choose one source: --staged, --range <A..B>, --all, --stdin or paths');
  }
  if (values.range !== undefined) {
    if (!values.range.includes('..') || values.range.startsWith('-')) {
      throw new UsageError(`--range expects A..B (or A...B), got '${values.range}'`);
    }
    // `..B` is HEAD..B to git: in CI, an unset "$BASE_SHA" scans nothing at all and would pass.
    if (values.range.startsWith('..')) {
      throw new UsageError(
        `--range needs a start: got '${values.range}' (an empty variable?); name both ends, as in A..B`,
      );
    }
    return { kind: 'range', range: values.range };
  }
  if (values.all) return { kind: 'all' };
  if (values.stdin) return { kind: 'stdin' };
  if (positionals.length > 0) return { kind: 'paths', paths: positionals };
  return { kind: 'staged' };
}

function formatFrom(format: string | undefined): ReportFormat | undefined {
  if (format === undefined) return undefined;
  if (!isReportFormat(format)) {
    throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}, got '${format}'`);
  }
  return format;
}

/** The flags besides the source that shape a scan; each command accepts the ones that apply to it. */
export interface ScanFlags {
  config?: string;
  baseline?: string;
  'no-baseline'?: boolean;
  'settings-from'?: string;
  'no-allow-comments'?: boolean;
  verify?: boolean;
  respond?: boolean;
  'dry-run'?: boolean;
  workers?: string;
}

export function scanOptionsFrom(
  values: ScanFlags,
  source: SourceSpec,
  { io, output }: CommandContext,
): ScanOptions {
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
  const inCi = Boolean(io.env.CI) && io.env.CI !== 'false';
  // In CI a range is a change under review: unpinned, its settings come from where it starts, never from the
  // work tree, which holds the very change (and could allow its own key).
  const pinned = settingsFrom ?? (inCi && values.config === undefined ? rangeStart(source) : undefined);
  if (pinned !== undefined && settingsFrom === undefined) {
    output.logger.info(
      `secret-guard: settings and baseline from ${pinned}, where the range starts (CI; pin with --settings-from or --config)`,
    );
  }
  return {
    cwd: io.cwd,
    source,
    ...(values.config !== undefined ? { configFile: resolve(io.cwd, values.config) } : {}),
    ...(values.baseline !== undefined ? { baselineFile: resolve(io.cwd, values.baseline) } : {}),
    ...(values['no-baseline'] ? { baselineFile: false as const } : {}),
    ...(pinned !== undefined ? { settingsFrom: pinned } : {}),
    ignoreAllowComments: values['no-allow-comments'] ?? false,
    verify: values.verify ?? false,
    respond: values.respond ?? false,
    dryRun: values['dry-run'] ?? false,
    aws: {},
    inCi,
    ...(source.kind === 'stdin' ? { stdin: io.stdin() } : {}),
    logger: output.logger,
    ...(workers !== undefined ? { workers } : {}),
    ...(io.threadScript ? { threadScript: io.threadScript } : {}),
  };
}

/** The start of a `--range A..B` (or `A...B`), or undefined for other sources. */
function rangeStart(source: SourceSpec): string | undefined {
  return source.kind === 'range' ? rangeRevisions(source.range)[0] : undefined;
}

export interface ReportRequest {
  scan: ScanOptions;
  format: ReportFormat;
  /** `--output`: the file for the report instead of stdout (absolute, its folder checked). */
  output?: string | undefined;
  /** What a hook says around the report when it stops a commit or push. */
  blocked?: { header: string; footer: string };
  /** The staged changes are git's temporary index (see ReportOptions). */
  indexIsTemporary?: boolean;
}

/** Run the scan and write its report; returns the exit code (0 clean, 1 findings, 3 partial with nothing found). */
export async function scanAndReport(request: ReportRequest, { io, output }: CommandContext): Promise<number> {
  const { scan, format } = request;
  const progress = await progressFor(scan.source, io);
  const { result } = await runScan({
    ...scan,
    ...(progress ? { onProgress: (done: number, total: number | null) => progress.update(done, total) } : {}),
  });
  progress?.done();
  const color = format === 'text' && request.output === undefined && io.stdoutIsTTY && !io.env.NO_COLOR;
  const report = render(format, result, {
    color,
    toolVersion: VERSION,
    indexIsTemporary: request.indexIsTemporary ?? false,
  });
  const exitCode = scanExitCode(result);
  if (request.output !== undefined) {
    writeOutput(request.output, report);
    output.err(
      `secret-guard: ${result.findings.length} finding(s); ${format} report written to ${request.output}`,
    );
  } else {
    const blocked = exitCode === EXIT.findings ? request.blocked : undefined;
    if (blocked) output.out(`${blocked.header}\n\n`);
    output.out(report);
    if (blocked) output.out(`\n${blocked.footer}\n`);
  }
  return exitCode;
}

async function progressFor(source: SourceSpec, io: CommandContext['io']) {
  const history = source.kind === 'all' || source.kind === 'range' || source.kind === 'push';
  if (!history || !io.stderrStream?.isTTY) return null;
  const { createProgress } = await import('../report/progress.js');
  return createProgress(io.stderrStream, () => Date.now());
}
