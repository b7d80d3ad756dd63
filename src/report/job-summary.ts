// The GitHub Action's job summary (`GITHUB_STEP_SUMMARY`): Markdown with a verdict, one table row per finding
// (file, line, commit, key id, verdict, action taken), whether the scan was complete and why not, what it covered,
// and what to do. A pure function of the result: the Action writes the string.
// Everything from the scanned data goes through markdownText or markdownCode (a crafted file name cannot break
// the table or inject HTML); no secret appears, masked or not: a summary names key ids only.
import { assertNever } from '../errors.js';
import type { Finding, ResponseOutcome, ScanResult, Verification } from '../types.js';
import { ROTATION_RUNBOOK_URL, WHAT_TO_DO, allowAdvice } from './remediation.js';
import { markdownCode, markdownText } from './sanitize.js';
import { failedResponseAdvice, partialReasons, nothingScanned } from './scan-facts.js';
import { coverageCounts, detailSentences, formatDuration, nothingScannedHint, sourceName } from './text.js';

/** Rows past this are counted, not shown: a summary holds at most 1 MiB, and the SARIF and JSON reports hold all. */
export const SUMMARY_MAX_ROWS = 200;
/** Partial reasons past this are counted, not shown. */
export const SUMMARY_MAX_REASONS = 20;

/** In a table cell, a pipe must be escaped even inside a code span (GitHub splits cells first). */
function cell(markdown: string): string {
  return markdown.replace(/(?<!\\)\|/g, '\\|');
}

function verdict(v: Verification | null): string {
  if (v === null) return 'not verified';
  const user = v.user === undefined ? '' : ` (user ${markdownCode(v.user)})`;
  const reason = v.reason === undefined ? '' : `: ${markdownText(v.reason)}`;
  switch (v.status) {
    case 'active':
      return `**ACTIVE**${user}${v.pairValid === true ? ', the secret works' : ''}`;
    case 'exposed-id':
      return `**EXPOSED KEY ID**${user}${reason}`;
    case 'inactive':
      return `inactive${user}`;
    case 'not-ours':
      return `not ours${v.account === undefined ? '' : ` (account ${markdownCode(v.account)})`}`;
    case 'not-found':
      return 'not found in IAM';
    case 'canary':
      return 'canary (not acted on)';
    case 'unverified':
      return `unverified${reason}`;
    default:
      return assertNever(v.status);
  }
}

function actionTaken(r: ResponseOutcome | null): string {
  if (r === null) return 'none';
  const reason = r.reason === undefined ? '' : `: ${markdownText(r.reason)}`;
  switch (r.action) {
    case 'deactivated':
      return '**deactivated**';
    case 'already-inactive':
      return 'none: already inactive';
    case 'planned':
      return `planned (dry run)${reason}`;
    case 'skipped':
      return `skipped${reason}`;
    case 'failed':
      return `**FAILED**${reason}. ${failedResponseAdvice(r)}`;
    default:
      return assertNever(r.action);
  }
}

function row(f: Finding): string {
  const cells = [
    markdownCode(f.file),
    String(f.line),
    f.commit === null ? '—' : markdownCode(f.commit.slice(0, 7)),
    f.keyId === null ? '— (no key id next to it)' : markdownCode(f.keyId),
    verdict(f.verification),
    actionTaken(f.response),
  ];
  return `| ${cells.map(cell).join(' | ')} |`;
}

function headline(result: ScanResult, reasons: readonly string[]): string {
  const { findings, coverage } = result;
  const source = sourceName(result.source);
  if (findings.length > 0) {
    const files = new Set(findings.map((f) => f.file)).size;
    const what = `${findings.length} ${findings.length === 1 ? 'finding' : 'findings'}`;
    return `**✖ ${what} in ${files} ${files === 1 ? 'file' : 'files'}** of ${source}.`;
  }
  if (reasons.length > 0) {
    return `**⚠ Partial scan:** no AWS keys found in what was read, but part of ${source} could not be scanned. This is not a clean result.`;
  }
  if (nothingScanned(coverage)) return `**⚠ Nothing was scanned** in ${source}: this is not a clean result.`;
  return `**✔ No AWS keys found** in ${source}.`;
}

export interface JobSummaryOptions {
  /** Why same-line allow comments did not count in this run (one clause); unset: they did. */
  allowCommentsIgnored?: string;
}

/** The job summary for one scan, as Markdown. */
export function jobSummaryMarkdown(result: ScanResult, options: JobSummaryOptions = {}): string {
  const { findings } = result;
  const reasons = partialReasons(result);
  const out = ['## secret-guard', '', headline(result, reasons), ''];

  const failed = new Map<string | null, Finding>();
  for (const f of findings)
    if (f.response?.action === 'failed' && !failed.has(f.keyId)) failed.set(f.keyId, f);
  for (const [id, f] of failed) {
    const key = id === null ? 'a key with no id' : markdownCode(id);
    out.push(`**✖ Response failed** for ${key}. ${failedResponseAdvice(f.response)}`, '');
  }

  if (findings.length > 0) {
    out.push(
      '| File | Line | Commit | Key id | Verdict | Action taken |',
      '| --- | ---: | --- | --- | --- | --- |',
    );
    out.push(...findings.slice(0, SUMMARY_MAX_ROWS).map(row));
    out.push('');
    if (findings.length > SUMMARY_MAX_ROWS) {
      out.push(
        `And ${findings.length - SUMMARY_MAX_ROWS} more findings: the SARIF and JSON reports list them all.`,
        '',
      );
    }
  }

  if (reasons.length > 0) {
    const n = reasons.length;
    out.push(
      `**Partial scan:** ${n} ${n === 1 ? 'problem' : 'problems'} kept part of the input from being scanned:`,
      '',
    );
    out.push(...reasons.slice(0, SUMMARY_MAX_REASONS).map((reason) => `- ${markdownText(reason)}`));
    if (n > SUMMARY_MAX_REASONS)
      out.push(`- and ${n - SUMMARY_MAX_REASONS} more (the JSON report lists them all)`);
    out.push('');
  }

  if (result.settingsChanges.length > 0) {
    out.push("**⚠ The scanned commits change secret-guard's own settings;** make sure this is meant:", '');
    for (const change of result.settingsChanges) {
      if (change.summary.length === 0) {
        out.push(`- ${markdownCode(change.file)}: changed, allows nothing new`);
        continue;
      }
      out.push(`- ${markdownCode(change.file)}:`);
      out.push(...change.summary.slice(0, SUMMARY_MAX_REASONS).map((item) => `  - ${markdownText(item)}`));
      const more = change.summary.length - SUMMARY_MAX_REASONS;
      if (more > 0) out.push(`  - and ${more} more (the JSON report lists them all)`);
    }
    out.push('');
  }

  const covered = `Scanned ${sourceName(result.source)}: ${coverageCounts(result)} in ${formatDuration(result.durationMs)}.`;
  out.push([covered, ...detailSentences(result)].join(' '), '');
  if (findings.length === 0 && reasons.length === 0 && nothingScanned(result.coverage)) {
    out.push(nothingScannedHint(result.source), '');
  }

  if (findings.length > 0) {
    const remove = findings.some((f) => f.commit !== null)
      ? WHAT_TO_DO.removeCommits
      : WHAT_TO_DO.removeFiles;
    out.push(
      '### What to do',
      '',
      `1. ${remove}`,
      `2. ${WHAT_TO_DO.rotate} [Rotation runbook](${ROTATION_RUNBOOK_URL}).`,
      `3. ${allowAdvice(options.allowCommentsIgnored)}`,
      '',
    );
  }
  return out.join('\n');
}
