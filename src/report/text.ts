// `--format text`: for a person at a terminal. One block per finding, then a summary that always states what
// was scanned (so that a scan that saw nothing never reads as a clean one), then what to do next.
// Everything taken from the scanned data goes through `printable`, and secrets through `safeSecret`.
import { assertNever } from '../errors.js';
import type {
  Finding,
  KeyActivity,
  ResponseOutcome,
  ScanResult,
  SourceSpec,
  SuppressionReason,
  Verification,
  VerificationStatus,
} from '../types.js';
import {
  keyNextStep,
  orphanSecretStep,
  ownerUnknownNote,
  ROTATION_RUNBOOK_URL,
  unstageCommand,
  WHAT_TO_DO,
} from './remediation.js';
import type { ReportOptions, Reporter } from './reporter-type.js';
import { ruleDoc } from './rule-docs.js';
import { printable, safeSecret, scrubSecrets } from './sanitize.js';
import {
  deactivatedBeforeFailing,
  failedResponseAdvice,
  findPair,
  isHistorySource,
  nothingScanned,
  partialReasons,
  sumCounts,
} from './scan-facts.js';

type Style = (text: string) => string;

interface Palette {
  red: Style;
  green: Style;
  yellow: Style;
  bold: Style;
  dim: Style;
  /** Bold red: what must not be missed. */
  loud: Style;
}

function palette(color: boolean): Palette {
  const sgr =
    (open: number, close: number): Style =>
    (text) =>
      color ? `\x1b[${open}m${text}\x1b[${close}m` : text;
  const red = sgr(31, 39);
  const bold = sgr(1, 22);
  return {
    red,
    green: sgr(32, 39),
    yellow: sgr(33, 39),
    bold,
    dim: sgr(2, 22),
    loud: (text) => bold(red(text)),
  };
}

const INDENT = '    ';
const LABEL_WIDTH = 12;
/** How many CloudTrail calls, addresses and errors are listed before "and N more" (JSON lists all of them). */
const LIST_LIMIT = 5;
const ERROR_LIMIT = 10;
/** Where "What to do next" wraps its sentences. */
const WIDTH = 110;

/**
 * 26555 -> "26,555". By hand: the first toLocaleString() loads ICU's locale data, about 15 ms, which is a
 * sixth of the pre-commit hook's whole budget.
 */
export function groupDigits(n: number): string {
  const [whole = '', fraction] = String(n).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${groupDigits(n)} ${n === 1 ? word : many}`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms - minutes * 60_000) / 1000)} s`;
}

/** The day of an ISO 8601 timestamp; anything else as it is, made printable. */
function day(iso: string): string {
  return /^\d{4}-\d{2}-\d{2}/.exec(iso)?.[0] ?? printable(iso);
}

function limited(items: string[], limit = LIST_LIMIT): string {
  if (items.length <= limit) return items.join(', ');
  return `${items.slice(0, limit).join(', ')} and ${items.length - limit} more`;
}

/** "the pushed commits": what a scan looked at, as a sentence names it. */
export function sourceName(kind: SourceSpec['kind']): string {
  switch (kind) {
    case 'staged':
      return 'the staged changes';
    case 'range':
      return 'the commit range';
    case 'all':
      return 'the whole history';
    case 'push':
      return 'the pushed commits';
    case 'stdin':
      return 'the diff on standard input';
    case 'paths':
      return 'the given paths';
    default:
      return assertNever(kind);
  }
}

/** Why a scan may have seen nothing, and what to try. */
export function nothingScannedHint(kind: SourceSpec['kind']): string {
  switch (kind) {
    case 'staged':
      return (
        'No staged change adds a line: `git add` your changes first, or scan files on disk with ' +
        '`secret-guard scan <path>`.'
      );
    case 'range':
      return 'The range adds no lines. In CI, a shallow clone hides history: check out with `fetch-depth: 0`.';
    case 'all':
      return 'No commit is reachable from any ref. In CI, a shallow clone hides history: use `fetch-depth: 0`.';
    case 'push':
      return 'The push sends no commit that the remote does not already have.';
    case 'stdin':
      return 'The diff on standard input was empty or adds no lines: check the command that produced it.';
    case 'paths':
      return 'The paths hold no readable text file: check that they exist and are not all ignored.';
    default:
      return assertNever(kind);
  }
}

const SUPPRESSION_LABELS: Record<SuppressionReason, string> = {
  'allow-comment': 'allow comment',
  'allowed-path': 'allowed path',
  'allowed-key-id': 'allowed key id',
  baseline: 'baseline',
  'example-key': 'AWS example key',
};

function statusLabel(status: VerificationStatus, p: Palette): string {
  switch (status) {
    case 'active':
      return p.loud('ACTIVE');
    case 'exposed-id':
      return p.loud('EXPOSED KEY ID') + ' (no working secret in the change: not acted on)';
    case 'inactive':
      return 'inactive';
    case 'not-ours':
      return p.yellow('not ours') + ' (not a key of your accounts)';
    case 'not-found':
      return 'not found in IAM';
    case 'canary':
      return p.yellow('canary') + ' (a known trap key: not acted on)';
    case 'unverified':
      return p.yellow('unverified');
    default:
      return assertNever(status);
  }
}

function activityLines(a: KeyActivity): string[] {
  if (!a.available)
    return [`CloudTrail unavailable${a.reason === undefined ? '' : `: ${printable(a.reason)}`}`];
  const since = a.since === undefined ? '' : ` since ${day(a.since)}`;
  const calls = a.calls ?? [];
  const events = a.events ?? calls.reduce((sum, c) => sum + c.count, 0);
  if (events === 0 && calls.length === 0) return [`CloudTrail${since}: no activity`];
  const lines = [`CloudTrail${since}: ${plural(events, 'event')}`];
  if (calls.length > 0) {
    const sorted = [...calls].sort((x, y) => y.count - x.count);
    lines.push(`  calls ${limited(sorted.map((c) => `${printable(c.name)} ×${c.count}`))}`);
  }
  if (a.sourceAddresses?.length) lines.push(`  from ${limited(a.sourceAddresses.map(printable))}`);
  if (a.regions?.length) lines.push(`  regions ${limited(a.regions.map(printable))}`);
  return lines;
}

function verificationLines(v: Verification, p: Palette): string[] {
  const head = [statusLabel(v.status, p)];
  if (v.user !== undefined) head.push(`user ${printable(v.user)}`);
  if (v.account !== undefined) head.push(`account ${printable(v.account)}`);
  if (v.created !== undefined) head.push(`created ${day(v.created)}`);
  if (v.pairValid === true) head.push(p.red('the secret works with this key id'));
  if (v.pairValid === false) head.push('the secret does not work with this key id');
  const lines = [head.join(', ')];
  if (v.lastUsed === null) {
    lines.push('never used (IAM has no record of use)');
  } else if (v.lastUsed !== undefined) {
    let used = `last used ${day(v.lastUsed)}`;
    if (v.lastUsedService !== undefined) used += ` by ${printable(v.lastUsedService)}`;
    if (v.lastUsedRegion !== undefined) used += ` in ${printable(v.lastUsedRegion)}`;
    lines.push(used);
  }
  if (v.reason !== undefined) lines.push(printable(v.reason));
  if (v.activity !== undefined) lines.push(...activityLines(v.activity));
  return lines;
}

function formatParams(params: Record<string, unknown>): string {
  return Object.entries(params)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .map(printable)
    .join(' ');
}

function responseLines(r: ResponseOutcome, p: Palette): string[] {
  const reason = r.reason === undefined ? '' : `: ${printable(r.reason)}`;
  let head: string;
  switch (r.action) {
    case 'deactivated':
      head = p.green(p.bold('DEACTIVATED')) + ` by secret-guard${reason}`;
      break;
    case 'already-inactive':
      head = `already inactive, nothing to do${reason}`;
      break;
    case 'planned':
      head = p.yellow('planned') + ` (dry run, nothing changed)${reason}`;
      break;
    case 'skipped':
      head = `skipped${reason}`;
      break;
    case 'failed':
      head = p.loud(`RESPONSE FAILED${reason}`) + '. ' + p.loud(failedResponseAdvice(r));
      break;
    default:
      return assertNever(r.action);
  }
  const lines = [head];
  for (const call of r.calls ?? []) {
    const failed = call.ok === false || call.error !== undefined;
    let status = '';
    if (failed) status = p.loud(`FAILED${call.error === undefined ? '' : `: ${printable(call.error)}`}`);
    else if (call.ok === true) status = p.green('ok');
    else if (r.action === 'planned') status = 'not called (dry run)';
    const params = formatParams(call.params);
    lines.push(
      `${printable(call.api)}${params === '' ? '' : ` ${params}`}${status === '' ? '' : ` -> ${status}`}`,
    );
  }
  return lines;
}

function pairLine(f: Finding, all: readonly Finding[]): string | undefined {
  if (f.pairedWith === null) return undefined;
  const what = f.rule === 'aws-access-key-id' ? "the id's secret" : "the secret's key id";
  const other = findPair(f, all);
  if (other === undefined) return `${what} was found but is not reported here`;
  const sameFile = other.file === f.file && other.commit === f.commit;
  return `${what} is at ${sameFile ? `line ${other.line}` : `${printable(other.file)}:${other.line}`}`;
}

function findingBlock(f: Finding, all: readonly Finding[], p: Palette): string[] {
  const doc = ruleDoc(f.rule);
  const lines = [
    `${p.loud('✖')} ${p.bold(`${printable(f.file)}:${f.line}:${f.column}`)}  ${doc.title} ${p.dim(`(${f.rule})`)}`,
  ];
  const field = (label: string, values: string[]): void => {
    values.forEach((value, i) => {
      lines.push(`${INDENT}${i === 0 ? p.dim(label.padEnd(LABEL_WIDTH)) : ' '.repeat(LABEL_WIDTH)}${value}`);
    });
  };
  const account = f.account === null ? '' : p.dim(` (account ${printable(f.account)})`);
  field('key id', [f.keyId === null ? p.dim('none found next to it') : `${printable(f.keyId)}${account}`]);
  field('secret', [safeSecret(f.secret) ?? p.dim('none found next to it')]);
  if (f.commit !== null) {
    let commit = printable(f.commit.slice(0, 7));
    if (f.author !== null) commit += ` by ${printable(f.author)}`;
    if (f.date !== null) commit += ` on ${day(f.date)}`;
    field('commit', [commit]);
  }
  const pair = pairLine(f, all);
  if (pair !== undefined) field('pair', [pair]);
  // A secret shares its key id's verdict and response: say where they are rather than print them twice.
  const id = f.rule === 'aws-secret-access-key' ? findPair(f, all) : undefined;
  const sameAsId = id !== undefined && id.file === f.file && id.commit === f.commit;
  if (f.verification !== null) {
    field(
      'verified',
      sameAsId ? [p.dim(`as for its key id at line ${id.line}`)] : verificationLines(f.verification, p),
    );
  }
  if (f.response !== null) {
    const failed = f.response.action === 'failed';
    field(
      'response',
      sameAsId && !failed ? [p.dim(`as for its key id at line ${id.line}`)] : responseLines(f.response, p),
    );
  }
  return lines;
}

/** "2 commits, 5 files, 310 added lines, 12.1 KiB": what a scan read. */
export function coverageCounts(result: ScanResult): string {
  const c = result.coverage;
  const parts: string[] = [];
  if (isHistorySource(result.source)) parts.push(plural(c.commits, 'commit'));
  parts.push(plural(c.files, 'file'));
  parts.push(plural(c.addedLines, result.source === 'paths' ? 'line' : 'added line'));
  parts.push(formatBytes(c.bytes));
  return parts.join(', ');
}

/**
 * Skips, what the design leaves out, suppressions and stale baseline entries, one sentence each (none when there
 * are none). Plain words and `code`: the Markdown job summary prints them too.
 */
export function detailSentences(result: ScanResult): string[] {
  const sentences: string[] = [];
  const { binaryFiles, skipped, excluded } = result.coverage;
  const counted = (counts: Record<string, number>): string[] =>
    Object.entries(counts)
      .filter(([, n]) => n > 0)
      .map(([reason, n]) => `${printable(reason)} ${n}`);
  const skips = [...(binaryFiles > 0 ? [`binary files ${binaryFiles}`] : []), ...counted(skipped)];
  if (skips.length > 0) sentences.push(`Skipped: ${skips.join(', ')}.`);
  const exclusions = counted(excluded);
  if (exclusions.length > 0) sentences.push(`Not scanned, by design: ${exclusions.join(', ')}.`);
  const suppressed = Object.entries(result.suppressed).filter(([, n]) => (n ?? 0) > 0);
  if (suppressed.length > 0) {
    const total = sumCounts(result.suppressed);
    const parts = suppressed.map(
      ([reason, n]) => `${SUPPRESSION_LABELS[reason as SuppressionReason] ?? printable(reason)} ${n}`,
    );
    sentences.push(`Suppressed ${plural(total, 'finding')}: ${parts.join(', ')}.`);
  }
  const unused = result.unusedBaseline.length;
  if (unused > 0) {
    sentences.push(
      `${plural(unused, 'baseline entry', 'baseline entries')} matched nothing: refresh it with \`secret-guard baseline\`.`,
    );
  }
  return sentences;
}

function summaryLines(result: ScanResult, p: Palette): string[] {
  const lines: string[] = [];
  const { findings, coverage } = result;
  const source = sourceName(result.source);
  const took = formatDuration(result.durationMs);

  if (findings.length > 0) {
    const ids = findings.filter((f) => f.rule === 'aws-access-key-id').length;
    const secrets = findings.length - ids;
    const kinds = [
      ...(ids > 0 ? [plural(ids, 'access key id')] : []),
      ...(secrets > 0 ? [plural(secrets, 'secret access key')] : []),
    ];
    const files = new Set(findings.map((f) => f.file)).size;
    lines.push(
      p.loud(`✖ ${plural(findings.length, 'finding')} in ${plural(files, 'file')}: ${kinds.join(', ')}.`),
    );
  }
  const failed = findings.filter((f) => f.response?.action === 'failed');
  if (failed.length > 0) {
    const keys = (deactivated: boolean): string[] => [
      ...new Set(
        failed
          .filter((f) => deactivatedBeforeFailing(f.response) === deactivated)
          .map((f) => printable(f.keyId ?? 'a key with no id')),
      ),
    ];
    const active = keys(false);
    const deactivated = keys(true);
    const said = [
      ...(active.length > 0 ? [`${active.join(', ')} may still be active`] : []),
      ...(deactivated.length > 0 ? [`${deactivated.join(', ')} deactivated, a later step not made`] : []),
    ];
    lines.push(p.loud(`✖ ${plural(failed.length, 'RESPONSE', 'RESPONSES')} FAILED: ${said.join('; ')}.`));
  }
  const reasons = partialReasons(result);
  if (reasons.length > 0) {
    const what = `${plural(reasons.length, 'problem')} kept part of the input from being scanned`;
    lines.push(
      p.yellow(
        findings.length === 0
          ? `⚠ PARTIAL SCAN: no AWS keys found in what was read, but ${what}:`
          : `⚠ PARTIAL SCAN: ${what}; there may be more keys:`,
      ),
    );
    const shown = reasons.slice(0, ERROR_LIMIT);
    for (const reason of shown) lines.push(`  - ${printable(reason)}`);
    if (shown.length < reasons.length)
      lines.push(`  - and ${reasons.length - shown.length} more (\`--format json\` lists them all)`);
  }
  const nothingToScan = result.source === 'push' || result.changesAddNoLines === true;
  if (nothingScanned(coverage) && nothingToScan && reasons.length === 0) {
    // A push of tags or of commits the remote has, or changes that only delete: nothing new, nothing missed.
    const why =
      result.source === 'push' && coverage.commits === 0
        ? 'the push sends no commit that the remote does not already have'
        : `${source} add no line (they only delete, rename or change modes)`;
    lines.push(`${p.green('✔ No AWS keys found')}: ${why}.`);
    const details = detailSentences(result);
    if (details.length > 0) lines.push(details.join(' '));
    return lines;
  } else if (nothingScanned(coverage) && coverage.commits > 0) {
    // Commits were read, but none added a line: deletions, renames, empty commits.
    lines.push(
      p.yellow(`⚠ Nothing was scanned: no commit in ${source} adds a line (${coverageCounts(result)}).`),
    );
    lines.push('  If you expected changes here, check the range and that the clone holds those commits.');
  } else if (nothingScanned(coverage)) {
    lines.push(
      p.yellow(`⚠ Nothing was scanned in ${source} (${coverageCounts(result)}): this is not a clean result.`),
    );
    lines.push(`  ${nothingScannedHint(result.source)}`);
  } else if (findings.length === 0 && reasons.length === 0) {
    // A clean scan stays within two lines: the verdict with its coverage, then any skips or suppressions.
    lines.push(`${p.green('✔ No AWS keys found')} in ${source} (${coverageCounts(result)}) in ${took}.`);
    const details = detailSentences(result);
    if (details.length > 0) lines.push(details.join(' '));
    return lines;
  } else {
    lines.push(`Scanned ${source}: ${coverageCounts(result)} in ${took}.`);
  }
  lines.push(...detailSentences(result));
  return lines;
}

/** Words wrapped to WIDTH columns, never inside a `code span`: the first line after `first`, the rest after `rest`. */
function wrap(text: string, first: string, rest: string): string[] {
  const words = text.match(/(?:`[^`]*`|[^\s`])+/g) ?? [];
  const lines: string[] = [];
  let line = first;
  for (const word of words) {
    const fresh = line === first || line === rest;
    if (!fresh && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = rest + word;
    } else {
      line += (fresh ? '' : ' ') + word;
    }
  }
  lines.push(line);
  return lines;
}

/** "What to do next": the advice and each key's next step, all worded in remediation.ts. */
function nextSteps(result: ScanResult, p: Palette, options: ReportOptions): string[] {
  const { findings } = result;
  const lines = [p.bold('What to do next:')];
  const step = (n: number, text: string): void => {
    lines.push(...wrap(text, `  ${n}. `, '     '));
  };
  if (result.source === 'staged' && options.indexIsTemporary) {
    // `git commit -a` or `git commit <paths>`: git drops its temporary index when the hook stops the commit.
    step(1, WHAT_TO_DO.removeFromTemporaryIndex);
  } else if (result.source === 'staged') {
    step(1, WHAT_TO_DO.removeStaged);
    lines.push(`       ${scrubSecrets(unstageCommand([...new Set(findings.map((f) => f.file))]))}`);
  } else if (findings.some((f) => f.commit !== null)) {
    step(1, WHAT_TO_DO.removeCommits);
  } else {
    step(1, WHAT_TO_DO.removeFiles);
  }

  step(2, WHAT_TO_DO.rotate);
  const byKey = new Map<string, Finding[]>();
  for (const f of findings) {
    if (f.keyId !== null) byKey.set(f.keyId, [...(byKey.get(f.keyId) ?? []), f]);
  }
  const ownerUnknown: string[] = [];
  for (const [keyId, keyFindings] of byKey) {
    const next = keyNextStep(keyId, keyFindings);
    if (next.ownerUnknown) ownerUnknown.push(keyId);
    lines.push(`       ${printable(next.text)}`);
  }
  for (const f of findings) {
    if (f.keyId !== null || f.rule !== 'aws-secret-access-key') continue;
    lines.push(`       ${orphanSecretStep(safeSecret(f.secret) ?? '', `${printable(f.file)}:${f.line}`)}`);
  }
  if (ownerUnknown.length > 0) {
    // One note; with the key id filled in when there is only one such key.
    const note = ownerUnknownNote(ownerUnknown.length === 1 ? printable(ownerUnknown[0] ?? '') : undefined);
    lines.push(...wrap(note, '       ', '        ').map(p.dim));
  }
  lines.push(`       Runbook: ${ROTATION_RUNBOOK_URL}`);

  step(3, WHAT_TO_DO.allow);
  return lines;
}

/** What the scanned commits change in secret-guard's own settings: news a reviewer must not miss. */
function settingsChangeLines(result: ScanResult, p: Palette): string[] {
  const lines = [
    p.yellow("⚠ The scanned commits change secret-guard's own settings; make sure this is meant:"),
  ];
  for (const change of result.settingsChanges) {
    const file = printable(change.file);
    if (change.summary.length === 0) {
      lines.push(`  ${file}: changed, allows nothing new`);
      continue;
    }
    lines.push(`  ${file}:`);
    const shown = change.summary.slice(0, ERROR_LIMIT);
    for (const item of shown) lines.push(`    - ${printable(item)}`);
    if (shown.length < change.summary.length) {
      lines.push(`    - and ${change.summary.length - shown.length} more (\`--format json\` lists them all)`);
    }
  }
  return lines;
}

export const textReporter = ((result, options) => {
  const p = palette(options.color);
  const blocks: string[][] = result.findings.map((f) => findingBlock(f, result.findings, p));
  if (result.settingsChanges.length > 0) blocks.push(settingsChangeLines(result, p));
  blocks.push(summaryLines(result, p));
  if (result.findings.length > 0) blocks.push(nextSteps(result, p, options));
  return blocks.map((lines) => lines.join('\n')).join('\n\n') + '\n';
}) satisfies Reporter;
