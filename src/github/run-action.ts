// The Action's logic between its entry (src/action.ts: inputs and the runner's environment in, @actions/core out)
// and the one scan core: plan from the event, fetch what a shallow checkout lacks, scan with settings pinned to a
// trusted revision, mask every found secret, then report in GitHub's channels (annotations, job summary, outputs,
// SARIF) and open or update the rotation issues. GitHub failing never changes the scan's result or exit code.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { ConfigError, EXIT, errorMessage, exitCodeFor } from '../errors.js';
import type { Logger } from '../logger.js';
import { jobSummaryMarkdown, type JobSummaryOptions } from '../report/job-summary.js';
import { keyToRemediate, remediationFor, remediationMarkdown } from '../report/remediation.js';
import { render } from '../report/reporter.js';
import { markdownCode, markdownText } from '../report/sanitize.js';
import { isPartial, scanExitCode } from '../report/scan-facts.js';
import { runScan, type ScanRun } from '../scan.js';
import type { Finding, ScanResult } from '../types.js';
import type { ActionInputs, IssueVerdict } from './action-inputs.js';
import { findingAnnotation, type Annotation } from './annotations.js';
import { planScan, type EventContext, type ScanPlan } from './event-plan.js';
import { fetchHistory, leaveOutBranchesHolding } from './fetch-history.js';
import type { GitHubError } from './github-error.js';
import type { IssueOutcome } from './issue-tracker.js';
import type { IssueContext, RotationIssue } from './rotation-issue.js';

/** What the Action writes to the runner; src/action.ts implements it with @actions/core. */
export interface ActionIo {
  info(message: string): void;
  notice(message: string): void;
  warning(message: string): void;
  error(message: string, where?: Annotation): void;
  /** Masks a value in every later log line (the runner's `add-mask`). */
  setSecret(value: string): void;
  setOutput(name: string, value: string): void;
  /** Appends Markdown to the job summary. */
  appendSummary(markdown: string): Promise<void>;
}

export interface ActionOptions {
  inputs: ActionInputs;
  event: EventContext;
  /** The checkout (GITHUB_WORKSPACE). */
  workspace: string;
  /** A folder for files of this run (RUNNER_TEMP). */
  runnerTemp: string;
  serverUrl: string;
  apiUrl: string;
  runUrl: string | null;
  awsCredentialsPresent: boolean;
  toolVersion: string;
  userAgent: string;
  threadScript?: string;
  now: () => Date;
}

interface IssueReport {
  keyId: string;
  verdict: IssueVerdict;
  number: number;
  url: string;
  action: IssueOutcome['action'];
}

const LABEL_COLOR = 'b60205';
const OTHER_LABEL_COLOR = 'd93f0b';

/** Runs the Action; returns the process exit code (the CLI's contract: 0, 1, 2, 3). Never throws. */
export async function runAction(options: ActionOptions, io: ActionIo): Promise<number> {
  const logger: Logger = {
    info: (m) => io.info(m),
    warn: (m) => io.warning(m),
    progress: () => {},
  };
  const { inputs } = options;
  let plan: ScanPlan;
  if (inputs.mode === 'audit') return auditMode(options, io, logger);
  try {
    plan = planScan(inputs.mode, options.event);
  } catch (error) {
    return fail(io, error);
  }
  for (const notice of plan.notices) io.notice(notice);

  const restricted = plan.restricted;
  const verify =
    restricted === null &&
    (inputs.verify === 'true' || (inputs.verify === 'auto' && options.awsCredentialsPresent));
  const respond = verify && inputs.respond;
  const notes: string[] = [...plan.notices];
  if (restricted !== null) {
    const note =
      `This run is ${restricted}: it has no secrets and a read-only token, so findings are reported but not ` +
      'verified, no key is deactivated and no issue is opened. They are, once its commits are pushed here.';
    io.notice(note);
    notes.push(note);
  } else if (!verify && inputs.verify === 'auto') {
    const note =
      'No AWS credentials in this job: findings are not verified and no key is deactivated. Give the job AWS ' +
      'credentials (aws-actions/configure-aws-credentials with OIDC) to verify and respond.';
    io.notice(note);
    notes.push(note);
  }

  if (plan.source === null) {
    io.info(`secret-guard: ${plan.nothing ?? 'nothing to scan'}`);
    setOutputs(io, { findings: 0, confirmed: 0, sarifFile: '', issues: [] });
    await safeSummary(io, `## secret-guard\n\n${plan.nothing ?? 'Nothing to scan.'}\n`);
    return EXIT.clean;
  }

  io.info(`secret-guard: scanning ${plan.description}`);
  let fetchProblem = await fetchHistory(options.workspace, plan, logger);
  if (fetchProblem !== null && plan.fallback) {
    io.info(`secret-guard: ${fetchProblem}`);
    plan = plan.fallback;
    for (const notice of plan.notices) io.notice(notice);
    notes.push(...plan.notices);
    fetchProblem = await fetchHistory(options.workspace, plan, logger);
  }
  if (fetchProblem === null) {
    try {
      const compared = await leaveOutBranchesHolding(options.workspace, plan);
      if (compared !== null) {
        plan = compared.plan;
        io.notice(compared.notice);
        notes.push(compared.notice);
        // Their history too, now that it is scanned (the branches themselves are fetched already).
        fetchProblem = await fetchHistory(
          options.workspace,
          { ...plan, fetch: { ...plan.fetch, otherBranches: false } },
          logger,
        );
      }
    } catch (error) {
      return fail(io, error);
    }
  }
  // The scan's own checks then stop it (exit 3) if the history it needs is really missing.
  if (fetchProblem !== null) io.warning(`secret-guard: ${fetchProblem}`);

  let run: ScanRun;
  try {
    const configFile = inputs.config === null ? undefined : await pinnedConfig(options, plan, inputs.config);
    run = await runScan({
      cwd: options.workspace,
      source: plan.source!,
      ...(configFile !== undefined ? { configFile } : {}),
      ...(plan.settingsFrom !== null ? { settingsFrom: plan.settingsFrom } : {}),
      // An allow comment in the change under review would be the change judging itself (also when the whole
      // history is scanned for it); allow.paths and allow.keyIds in the base's settings accept a test key there.
      ignoreAllowComments: !plan.allowComments,
      verify,
      respond,
      dryRun: inputs.dryRun,
      aws: {},
      inCi: true,
      logger,
      ...(options.threadScript ? { threadScript: options.threadScript } : {}),
    });
  } catch (error) {
    return fail(io, error);
  }
  // Before anything else is logged: every secret found is masked in the rest of the job's log.
  const secrets = run.detections.flatMap((d) => [d.secret, d.sessionToken].filter((v) => v !== null));
  for (const secret of new Set(secrets.map((v) => v.reveal()))) io.setSecret(secret);

  const { result } = run;
  for (const f of result.findings) {
    const annotation = findingAnnotation(f);
    io.error(annotation.message, annotation);
  }
  for (const error of result.coverage.errors) io.error(`secret-guard: ${error}`);

  const sarifFile = resolve(
    options.workspace,
    inputs.sarifFile ?? join(options.runnerTemp, 'secret-guard.sarif'),
  );
  let sarifWritten = '';
  try {
    await mkdir(dirname(sarifFile), { recursive: true });
    await writeFile(sarifFile, render('sarif', result, { color: false, toolVersion: options.toolVersion }));
    sarifWritten = sarifFile;
  } catch (error) {
    io.warning(`secret-guard: cannot write the SARIF file ${sarifFile}: ${errorMessage(error)}`);
  }

  const keys = keysWithVerdicts(result.findings);
  let issues: IssueReport[] = [];
  if (inputs.openIssue && restricted === null && keys.length > 0) {
    issues = await trackIssues(options, keys, plan, io, logger);
  }

  setOutputs(io, {
    findings: result.findings.length,
    confirmed: keys.filter((k) => k.verdict === 'confirmed').length,
    sarifFile: sarifWritten,
    issues,
  });
  await safeSummary(io, summaryMarkdown(result, plan, notes, keys, issues, summaryOptions(plan, run)));

  const exitCode = exitCodeOf(result, inputs.failOnFindings);
  if (exitCode === EXIT.findings) {
    io.error(`secret-guard: ${result.findings.length} finding(s) in ${plan.description}`);
  }
  return exitCode;
}

/**
 * `mode: audit`: no scan; the account's access keys against the rotation policy (`secret-guard audit`), with
 * `respond` its rotation issues in this repository. Its summary and exit code are the audit's own.
 */
async function auditMode(options: ActionOptions, io: ActionIo, logger: Logger): Promise<number> {
  const { inputs } = options;
  try {
    // The audit reads .secret-guard.yml from the checkout, which in a pull request is the change under review:
    // it could allow its own users or ask for deactivations.
    if (options.event.eventName.startsWith('pull_request')) {
      throw new ConfigError(
        `mode: audit does not run on a '${options.event.eventName}' event, whose checkout is the change under review: run it on schedule or workflow_dispatch`,
      );
    }
    const [{ runAudit }, { auditExitCode }, { auditMarkdown }] = await Promise.all([
      import('../audit/audit.js'),
      import('../audit/audit-result.js'),
      import('../audit/audit-markdown.js'),
    ]);
    const result = await runAudit({
      cwd: options.workspace,
      ...(inputs.config !== null ? { configFile: resolve(options.workspace, inputs.config) } : {}),
      aws: {},
      respond: inputs.respond,
      dryRun: inputs.dryRun,
      github:
        inputs.openIssue && inputs.githubToken
          ? {
              token: inputs.githubToken,
              repository: options.event.repository,
              apiUrl: options.apiUrl,
              labels: inputs.issueLabels,
            }
          : null,
      logger,
    });
    setOutputs(io, { findings: result.findings.length, confirmed: 0, sarifFile: '', issues: [] });
    await safeSummary(io, auditMarkdown(result));
    const code = auditExitCode(result);
    return code === EXIT.findings && !inputs.failOnFindings ? EXIT.clean : code;
  } catch (error) {
    return fail(io, error);
  }
}

function fail(io: ActionIo, error: unknown): number {
  io.error(`secret-guard: ${errorMessage(error)}`);
  setOutputs(io, { findings: 0, confirmed: 0, sarifFile: '', issues: [] });
  return exitCodeFor(error);
}

function setOutputs(
  io: ActionIo,
  out: { findings: number; confirmed: number; sarifFile: string; issues: IssueReport[] },
): void {
  io.setOutput('findings', String(out.findings));
  io.setOutput('confirmed-leaks', String(out.confirmed));
  io.setOutput('sarif-file', out.sarifFile);
  io.setOutput('issues', JSON.stringify(out.issues));
}

async function safeSummary(io: ActionIo, markdown: string): Promise<void> {
  try {
    await io.appendSummary(markdown);
  } catch (error) {
    io.warning(`secret-guard: cannot write the job summary: ${errorMessage(error)}`);
  }
}

/**
 * The `config` input, read from where the plan trusts: for a pull request, the file as the base revision holds it
 * (the head's copy is the change under review); a file outside the repository comes from the workflow itself.
 */
async function pinnedConfig(options: ActionOptions, plan: ScanPlan, config: string): Promise<string> {
  const onDisk = resolve(options.workspace, config);
  const inside = relative(options.workspace, onDisk);
  if (
    plan.settingsFrom === null ||
    plan.settingsFrom === 'HEAD' ||
    inside.startsWith('..') ||
    isAbsolute(inside)
  ) {
    return onDisk;
  }
  const path = inside.split('\\').join('/');
  const [{ readRevisionFiles, resolveCommit }, { MAX_CONFIG_BYTES }, { tooLarge }] = await Promise.all([
    import('../git/revision-files.js'),
    import('../config/load-config.js'),
    import('../config/settings-file.js'),
  ]);
  const commit = await resolveCommit(options.workspace, plan.settingsFrom);
  const [file] = commit
    ? await readRevisionFiles(options.workspace, [{ commit, path }], MAX_CONFIG_BYTES)
    : [];
  if (!file) {
    throw new ConfigError(
      `the configuration file ${path} (input 'config') is not in the trusted revision ` +
        `${plan.settingsFrom.slice(0, 12)}: commit it to the base branch first (a pull request cannot bring its own)`,
    );
  }
  if (!file.content)
    throw new ConfigError(tooLarge('config', `${plan.settingsFrom}:${path}`, file.size, MAX_CONFIG_BYTES));
  const pinned = join(options.runnerTemp, 'secret-guard-config.yml');
  await writeFile(pinned, file.content);
  return pinned;
}

interface KeyFindings {
  keyId: string;
  findings: Finding[];
  /** What kind of rotation issue the key calls for; null: none (not ours, inactive, a canary). */
  verdict: IssueVerdict | null;
}

/** The findings of each key id, with the verdict that decides its rotation issue. */
function keysWithVerdicts(findings: readonly Finding[]): KeyFindings[] {
  const byKey = new Map<string, Finding[]>();
  for (const f of findings) {
    if (f.keyId === null) continue;
    byKey.set(f.keyId, [...(byKey.get(f.keyId) ?? []), f]);
  }
  return [...byKey].map(([keyId, list]) => ({ keyId, findings: list, verdict: verdictOf(list) }));
}

/** `active` is a confirmed leak (the found pair is proven to work); `exposed-id` an active key's id alone. */
function verdictOf(findings: readonly Finding[]): IssueVerdict | null {
  const v = findings.find((f) => f.verification !== null)?.verification ?? null;
  if (v === null || v.status === 'unverified') return 'unverified';
  if (v.status === 'active') return 'confirmed';
  if (v.status === 'exposed-id') return 'exposed-id';
  return null;
}

/**
 * One rotation issue per key of a wanted verdict (opened, or commented on when it exists); a key seen again that
 * no longer calls for one (deactivated since) still comments on its open issue. Never throws: GitHub failing is
 * a warning, and the scan's result stands.
 */
async function trackIssues(
  options: ActionOptions,
  keys: KeyFindings[],
  plan: ScanPlan,
  io: ActionIo,
  logger: Logger,
): Promise<IssueReport[]> {
  const [{ GitHubClient }, { IssueTracker }, { rotationIssue }] = await Promise.all([
    import('./github-client.js'),
    import('./issue-tracker.js'),
    import('./rotation-issue.js'),
  ]);
  const ctx: IssueContext = {
    repository: options.event.repository,
    serverUrl: options.serverUrl,
    runUrl: options.runUrl,
    eventName: options.event.eventName,
    pullRequest: plan.pullRequest,
    now: options.now(),
  };
  const wanted = (k: KeyFindings) => k.verdict !== null && options.inputs.issueFor.includes(k.verdict);
  const reports: IssueReport[] = [];
  let tracker: InstanceType<typeof IssueTracker>;
  try {
    const client = await GitHubClient.open({
      token: options.inputs.githubToken,
      repository: options.event.repository,
      apiUrl: options.apiUrl,
      userAgent: options.userAgent,
      logger,
    });
    const labels = options.inputs.issueLabels.map((name, i) => ({
      name,
      color: i === 0 ? LABEL_COLOR : OTHER_LABEL_COLOR,
      description: i === 0 ? 'An AWS access key to rotate, found by secret-guard' : '',
    }));
    tracker = new IssueTracker(client, labels);
  } catch (error) {
    issueFailure(io, keys.filter(wanted), error as GitHubError);
    return reports;
  }
  for (const [i, key] of keys.entries()) {
    const issue: RotationIssue | null = rotationIssue(key.keyId, key.findings, ctx);
    if (issue === null) continue;
    try {
      const outcome = wanted(key) ? await tracker.openOrUpdate(issue) : await tracker.updateIfTracked(issue);
      if (outcome === null) continue;
      reports.push({ keyId: key.keyId, verdict: key.verdict ?? 'unverified', ...outcome });
      io.info(`secret-guard: rotation issue for ${key.keyId}: ${outcome.action} ${outcome.url}`);
    } catch (error) {
      const kind = (error as GitHubError).kind;
      // A refused request concerns this issue alone; the rest (rate limits, GitHub down, no permission) all keys.
      const affected = kind === 'rejected' ? [key] : keys.slice(i);
      issueFailure(io, affected.filter(wanted), error as GitHubError);
      if (kind !== 'rejected') break;
    }
  }
  return reports;
}

/** Rotation issues that could not be opened: say so, and what was done about each key already. */
function issueFailure(io: ActionIo, keys: KeyFindings[], error: GitHubError): void {
  if (keys.length === 0) return;
  const done = keys
    .filter((k) => k.findings.some((f) => f.response?.action === 'deactivated'))
    .map((k) => k.keyId);
  const response =
    done.length > 0
      ? ` secret-guard already deactivated ${done.join(', ')}; the rotation runbook is in the job summary.`
      : '';
  io.warning(
    `secret-guard: no rotation issue for ${keys.map((k) => k.keyId).join(', ')}: ${errorMessage(error)}. ` +
      `The scan's result stands.${response}`,
  );
}

/**
 * The CLI's exit code for the result. `fail-on-findings: false` lets findings pass the step, but never a failed
 * response (the key may still be active) or a partial scan (its silence elsewhere proves nothing).
 */
function exitCodeOf(result: ScanResult, failOnFindings: boolean): number {
  const code = scanExitCode(result);
  if (code !== EXIT.findings || failOnFindings) return code;
  if (result.findings.some((f) => f.response?.action === 'failed')) return EXIT.findings;
  return isPartial(result) ? EXIT.operational : EXIT.clean;
}

/** Why same-line allow comments did not count in this run, if they did not: the summary's advice then says so. */
function summaryOptions(plan: ScanPlan, run: ScanRun): JobSummaryOptions {
  if (!plan.allowComments) {
    const trusted = plan.settingsFrom !== null && plan.settingsFrom !== 'HEAD';
    return {
      allowCommentsIgnored:
        'it would be part of the pull request or push under review, which must not allow its own keys' +
        (trusted
          ? ' (the settings and baseline that count are those of the trusted revision named above)'
          : ''),
    };
  }
  return run.config.allow.comments
    ? {}
    : { allowCommentsIgnored: '`allow.comments` is false in the settings' };
}

/**
 * The job summary: what was scanned and with which settings, the scan's own summary (report/job-summary.ts),
 * the rotation issues, and the runbook of each key that needs one and has no issue to hold it.
 */
function summaryMarkdown(
  result: ScanResult,
  plan: ScanPlan,
  notes: string[],
  keys: KeyFindings[],
  issues: IssueReport[],
  summaryOptions: JobSummaryOptions,
): string {
  const [title = '', ...rest] = jobSummaryMarkdown(result, summaryOptions).split('\n');
  const context = [`Scanned ${markdownText(plan.description)}.`];
  if (plan.settingsFrom !== null) {
    context.push(
      `Settings and baseline from ${markdownCode(shortRev(plan.settingsFrom))}, not from the change.`,
    );
  }
  const lines = [title, '', context.join(' '), ''];
  for (const note of notes) lines.push(`> ${markdownText(note)}`, '');
  // The scan's own summary goes on after its title and the blank line under it.
  lines.push(...rest.slice(1));
  if (issues.length > 0) {
    lines.push('### Rotation issues', '');
    for (const issue of issues) {
      lines.push(`- ${markdownCode(issue.keyId)}: [#${issue.number}](${issue.url}) (${issue.action})`);
    }
    lines.push('');
  }
  const tracked = new Set(issues.map((i) => i.keyId));
  for (const key of keys) {
    if (key.verdict !== 'confirmed' || tracked.has(key.keyId)) continue;
    const remediation = keyToRemediate(key.keyId, key.findings);
    if (remediation) lines.push(remediationMarkdown(remediationFor(remediation), { headingLevel: 3 }));
  }
  return lines.join('\n');
}

function shortRev(rev: string): string {
  return /^[0-9a-f]{40,64}$/.test(rev) ? rev.slice(0, 12) : rev;
}
