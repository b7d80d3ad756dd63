// The rotation issue of one key: title, body and the comment for a later sighting, from the findings of that key
// id. What leaked where, the verdict, what was done and when, the CloudTrail summary, and the runbook from the one
// remediation source (report/remediation.ts). Pure. It never sees a secret: findings carry it masked, and the
// whole text is scrubbed once more for anything shaped like one.
import { fingerprint } from '../detect/fingerprint.js';
import {
  keyToRemediate,
  remediationFor,
  remediationMarkdown,
  type KeyToRemediate,
} from '../report/remediation.js';
import { markdownCode, markdownText, safeSecret, scrubSecrets } from '../report/sanitize.js';
import { deactivatedBeforeFailing } from '../report/scan-facts.js';
import type { Finding, KeyActivity, ResponseOutcome, Verification } from '../types.js';
import type { PullRequestInfo } from './event-plan.js';
import type { TrackedIssue } from './issue-tracker.js';

export interface IssueContext {
  /** `owner/name`. */
  repository: string;
  /** https://github.com (GITHUB_SERVER_URL). */
  serverUrl: string;
  /** This workflow run's page, when known. */
  runUrl: string | null;
  eventName: string;
  pullRequest: PullRequestInfo | null;
  /** When this run acted: responses are stamped with it. */
  now: Date;
}

export interface RotationIssue extends TrackedIssue {
  keyId: string;
  /** Why the key needs rotating (`leak`, `exposed-id`, `unverified`). */
  reason: KeyToRemediate['reason'];
}

/** The id finding's fingerprint of the JSON contract: the same key gets the same issue from any run or command. */
export function keyFingerprint(keyId: string): string {
  return fingerprint('aws-access-key-id', keyId);
}

/** The rotation issue for one key id's findings, or null when there is nothing to rotate (not ours, a canary). */
export function rotationIssue(
  keyId: string,
  findings: readonly Finding[],
  ctx: IssueContext,
): RotationIssue | null {
  const key = keyToRemediate(keyId, findings);
  if (key === null) return null;
  const first = findings[0];
  if (!first) return null;
  const verification = findings.find((f) => f.verification !== null)?.verification ?? null;
  const response = findings.find((f) => f.response !== null)?.response ?? null;
  const confirmed = key.reason === 'leak' && verification?.status === 'active';
  const remediation = remediationFor(key);

  const body = [
    `## ${headline(key.reason, confirmed)}: ${markdownCode(keyId)}`,
    '',
    alert(confirmed, response),
    '',
    '### What leaked where',
    '',
    whereTable(findings, ctx),
    '',
    '### Verdict',
    '',
    verdictTable(key, verification),
    '',
    '### What secret-guard did',
    '',
    actionLines(response, ctx.now),
    '',
    '### CloudTrail',
    '',
    activityLines(verification?.activity),
    '',
    remediationMarkdown(remediation, { headingLevel: 3 }),
    '---',
    `Opened by [secret-guard](https://github.com/secret-guard/secret-guard)${
      ctx.runUrl ? ` in [this workflow run](${ctx.runUrl})` : ''
    }. The secret access key is never written here; the key id is not a secret. ` +
      'Close this issue once the old key is deleted.',
  ].join('\n');

  return {
    keyId,
    reason: key.reason,
    fingerprint: keyFingerprint(keyId),
    title: keyId,
    body: scrubSecrets(body),
    sighting: { id: sightingId(first), comment: scrubSecrets(sightingComment(findings, key, response, ctx)) },
    reopen: confirmed,
  };
}

/** One sighting: where the key was found this time (commit, file, line). */
function sightingId(f: Finding): string {
  return fingerprint('aws-access-key-id', `${f.commit ?? 'work-tree'}\0${f.file}\0${f.line}`).slice(0, 16);
}

function headline(reason: KeyToRemediate['reason'], confirmed: boolean): string {
  if (confirmed) return 'Leaked AWS access key (confirmed: its secret works)';
  if (reason === 'leak') return 'Leaked AWS access key';
  if (reason === 'exposed-id') return 'Exposed AWS access key id';
  return 'AWS access key found, not verified';
}

function alert(confirmed: boolean, response: ResponseOutcome | null): string {
  if (deactivatedBeforeFailing(response))
    return '> [!WARNING]\n> secret-guard deactivated this key, but a later step of the response failed (below): make that step by hand, then finish the rotation.';
  if (response?.action === 'deactivated')
    return '> [!IMPORTANT]\n> secret-guard deactivated this key. Finish the rotation below, then delete the key.';
  if (response?.action === 'failed')
    return '> [!CAUTION]\n> secret-guard could not deactivate this key: **it may still be active. Deactivate it now.**';
  if (confirmed)
    return '> [!CAUTION]\n> The key was found with a working secret and is **active**: deactivate it now (step 1).';
  return '> [!WARNING]\n> Treat the key as leaked until the runbook below is done.';
}

/**
 * How much of the body the places a key was found may take, and how many lines of one file are linked: GitHub
 * refuses an issue body over 65,536 characters, and a key copied into hundreds of files must still get its issue.
 */
const WHERE_BUDGET = 30_000;
const LINES_PER_FILE = 10;

function whereTable(findings: readonly Finding[], ctx: IssueContext): string {
  const repoUrl = `${ctx.serverUrl}/${ctx.repository}`;
  const rows: Array<[string, string]> = [['Repository', `[${md(ctx.repository)}](${repoUrl})`]];
  let used = 0;
  const fits = (row: [string, string]): boolean => {
    if (used + row[0].length + row[1].length > WHERE_BUDGET) return false;
    used += row[0].length + row[1].length;
    return true;
  };
  let filesLeft = 0;
  let commitsLeft = 0;
  // One block per commit: the commit, its author, and each file with the lines of the id and the secret.
  const commits = new Map<string | null, Finding[]>();
  for (const f of findings) commits.set(f.commit, [...(commits.get(f.commit) ?? []), f]);
  for (const [commit, inCommit] of commits) {
    const commitRow: [string, string] = [
      'Commit',
      commit === null
        ? 'not committed'
        : `[${markdownCode(commit.slice(0, 12))}](${repoUrl}/commit/${commit})`,
    ];
    if (!fits(commitRow)) {
      commitsLeft++;
      continue;
    }
    rows.push(commitRow);
    const files = new Map<string, Finding[]>();
    for (const f of inCommit) files.set(f.file, [...(files.get(f.file) ?? []), f]);
    for (const [file, inFile] of files) {
      const lines = inFile.slice(0, LINES_PER_FILE).map((f) => {
        const what = `line ${f.line} (${f.rule === 'aws-secret-access-key' ? 'secret' : 'key id'})`;
        return commit === null ? what : `[${what}](${repoUrl}/blob/${commit}/${encodePath(file)}#L${f.line})`;
      });
      if (inFile.length > LINES_PER_FILE) lines.push(`and ${inFile.length - LINES_PER_FILE} more lines`);
      const fileRow: [string, string] = ['File', `${markdownCode(file)} ${lines.join(', ')}`];
      if (fits(fileRow)) rows.push(fileRow);
      else filesLeft++;
    }
    const first = inCommit[0]!;
    if (first.author !== null) {
      rows.push([
        'Author',
        `${md(first.author)}${first.date === null ? '' : ` on ${first.date.slice(0, 10)}`}`,
      ]);
    }
  }
  if (filesLeft + commitsLeft > 0) {
    const left = [
      filesLeft > 0 ? `${filesLeft} more file${filesLeft === 1 ? '' : 's'}` : '',
      commitsLeft > 0 ? `${commitsLeft} more commit${commitsLeft === 1 ? '' : 's'}` : '',
    ].filter(Boolean);
    rows.push(['More', `and ${left.join(' and ')}: the run's SARIF report lists every place`]);
  }
  if (ctx.pullRequest) {
    const pr = ctx.pullRequest;
    rows.push([
      'Pull request',
      `[#${pr.number} ${md(pr.title)}](${pr.url})${pr.author ? ` by ${markdownCode(pr.author)}` : ''}`,
    ]);
  }
  const secret = findings.map((f) => safeSecret(f.secret)).find((s) => s !== null);
  rows.push(['Secret found with it', secret ? `yes (${markdownCode(secret)}, masked)` : 'no']);
  rows.push(['Found by', ctx.runUrl ? `[a ${md(ctx.eventName)} run](${ctx.runUrl})` : md(ctx.eventName)]);
  return table(rows);
}

function verdictTable(key: KeyToRemediate, v: Verification | null): string {
  if (v === null) return 'Not verified: the run had no AWS credentials (`verify`).';
  const rows: Array<[string, string]> = [
    ['Verdict', `${markdownCode(v.status)}${v.reason ? `: ${md(v.reason)}` : ''}`],
  ];
  if (v.pairValid === true)
    rows.push(['Secret', 'works with this key id (`sts:GetCallerIdentity` signed with the pair)']);
  if (v.pairValid === false) rows.push(['Secret', 'does not work with this key id']);
  rows.push(['User', v.user === undefined ? 'unknown' : markdownCode(v.user)]);
  rows.push([
    'Account',
    (v.account ?? key.account) === null || (v.account ?? key.account) === undefined
      ? 'unknown'
      : markdownCode(String(v.account ?? key.account)),
  ]);
  if (v.created !== undefined) rows.push(['Created', md(v.created)]);
  if (v.lastUsed === null) rows.push(['Last used', 'never (IAM has no record of use)']);
  else if (v.lastUsed !== undefined) {
    const by = [
      v.lastUsedService && `by ${markdownCode(v.lastUsedService)}`,
      v.lastUsedRegion && `in ${markdownCode(v.lastUsedRegion)}`,
    ]
      .filter(Boolean)
      .join(' ');
    rows.push(['Last used', `${md(v.lastUsed)}${by ? ` ${by}` : ''}`]);
  }
  return table(rows);
}

function actionLines(r: ResponseOutcome | null, now: Date): string {
  const when = `${now.toISOString().replace(/\.\d{3}Z$/, 'Z')}`;
  if (r === null) return 'Nothing: this run did not respond (`respond: false`, or no AWS credentials).';
  const reason = r.reason ? `: ${md(r.reason)}` : '';
  const head: Record<ResponseOutcome['action'], string> = {
    deactivated: `**Deactivated** the key at ${when}${reason}.`,
    'already-inactive': `Nothing to do: the key was already inactive${reason}.`,
    planned: `Planned only (dry run), at ${when}${reason}.`,
    skipped: `Nothing${reason}.`,
    failed: `**The response failed** at ${when}${reason}. The key may still be active.`,
  };
  const lines = [
    deactivatedBeforeFailing(r)
      ? `**Deactivated** the key, but **the response failed** after it, at ${when}${reason}.`
      : head[r.action],
  ];
  for (const call of r.calls ?? []) {
    const failed = call.ok === false || call.error !== undefined;
    const status = failed
      ? `failed${call.error ? `: ${md(call.error)}` : ''}`
      : call.ok
        ? 'done'
        : 'not called';
    lines.push(`- ${markdownCode(call.api)} ${markdownCode(JSON.stringify(call.params))}: ${status}`);
  }
  return lines.join('\n');
}

function activityLines(a: KeyActivity | undefined): string {
  if (a === undefined) return 'Not looked up in this run.';
  if (!a.available) return `Not available${a.reason ? `: ${md(a.reason)}` : ''}.`;
  const since = a.since ? ` since ${md(a.since.slice(0, 10))}` : '';
  const calls = [...(a.calls ?? [])].sort((x, y) => y.count - x.count);
  const events = a.events ?? calls.reduce((sum, c) => sum + c.count, 0);
  if (events === 0) return `No activity recorded${since}.`;
  const lines = [`${events} event${events === 1 ? '' : 's'}${since}:`, ''];
  if (calls.length > 0)
    lines.push(`- Calls: ${calls.map((c) => `${markdownCode(c.name)} ×${c.count}`).join(', ')}`);
  if (a.sourceAddresses?.length)
    lines.push(`- From: ${a.sourceAddresses.map((a) => markdownCode(a)).join(', ')}`);
  if (a.regions?.length) lines.push(`- Regions: ${a.regions.map((a) => markdownCode(a)).join(', ')}`);
  return lines.join('\n');
}

function sightingComment(
  findings: readonly Finding[],
  key: KeyToRemediate,
  response: ResponseOutcome | null,
  ctx: IssueContext,
): string {
  const f = findings[0]!;
  const where =
    f.commit === null
      ? markdownCode(f.file)
      : `${markdownCode(f.file)} line ${f.line} of commit ${markdownCode(f.commit.slice(0, 12))}`;
  const lines = [
    `**Found again**: ${where}${ctx.pullRequest ? ` in pull request #${ctx.pullRequest.number}` : ''}.`,
  ];
  lines.push(
    `Verdict: ${markdownCode(key.reason)}${response ? `; response: ${markdownCode(response.action)}` : ''}.`,
  );
  if (ctx.runUrl) lines.push(`[Workflow run](${ctx.runUrl}).`);
  return lines.join(' ');
}

function table(rows: Array<[string, string]>): string {
  return ['| | |', '| --- | --- |', ...rows.map(([k, v]) => `| ${k} | ${v.replace(/\|/g, '\\|')} |`)].join(
    '\n',
  );
}

/** Text from the scanned data outside code: no markup, links, HTML, and no @-mention that would notify anyone. */
function md(text: string): string {
  return markdownText(text).replace(/@/g, '\\@');
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
