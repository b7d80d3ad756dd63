// The audit's rotation issues: one per key to rotate (age) or retire (unused), opened or updated through the GitHub
// issue tracker, found again by the same fingerprint marker as the Action's leak issue of that key (so a key has one
// issue whatever found it). The body: what the audit saw, what it did, and the runbook from the one remediation
// source. Loaded only for --respond with a GitHub repository and token.
import pkg from '../../package.json' with { type: 'json' };
import { GitHubClient } from '../github/github-client.js';
import type { GitHubError } from '../github/github-error.js';
import { IssueTracker, type TrackedIssue } from '../github/issue-tracker.js';
import { keyFingerprint } from '../github/rotation-issue.js';
import type { Logger } from '../logger.js';
import { remediationFor, remediationMarkdown } from '../report/remediation.js';
import { markdownCode, markdownText, scrubSecrets } from '../report/sanitize.js';
import { keyToRemediate } from './audit-advice.js';
import type { GitHubTarget } from './audit.js';
import type { AuditLimits, KeyVerdict } from './policy.js';
import type { RotationIssues } from './respond.js';

export const DEFAULT_ISSUE_LABELS = ['secret-guard', 'security'];

const WORDS = {
  age: (v: KeyVerdict, l: AuditLimits) => `it is ${v.ageDays} days old; the limit is ${l.maxAgeDays}`,
  unused: (v: KeyVerdict, l: AuditLimits) =>
    v.idleDays === null
      ? `it has never been used in its ${v.ageDays} days; the limit is ${l.maxUnusedDays}`
      : `it has not been used for ${v.idleDays} days; the limit is ${l.maxUnusedDays}`,
};

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export interface IssueInput {
  verdict: KeyVerdict & { key: { accessKeyId: string } };
  reason: 'age' | 'unused';
  deactivated: boolean;
  account: string | null;
  limits: AuditLimits;
  now: Date;
}

/** The tracked issue of one key. Pure. */
export function auditRotationIssue(input: IssueInput): TrackedIssue {
  const { verdict, reason, deactivated, account, limits, now } = input;
  const { key } = verdict;
  const remediation = remediationFor(keyToRemediate(verdict, account, deactivated));
  const used = key.lastUsed;
  const lastUse =
    used === null
      ? 'not read'
      : used.date === null
        ? 'never'
        : markdownText(
            `${day(used.date)} (${verdict.idleDays ?? 0} days ago)` +
              `${used.service ? `, ${used.service}` : ''}${used.region ? ` in ${used.region}` : ''}`,
          );
  const why = WORDS[reason](verdict, limits);
  const rows: Array<[string, string]> = [
    ['Key', markdownCode(key.accessKeyId)],
    ['User', markdownCode(key.userName)],
    ...(account ? ([['Account', markdownCode(account)]] as Array<[string, string]>) : []),
    ['Status', deactivated ? 'Inactive (deactivated by secret-guard)' : key.status],
    ['Created', `${day(key.created)} (${verdict.ageDays} days ago)`],
    ['Last used', lastUse],
    ['Out of policy', markdownText(verdict.violations.join(', '))],
  ];
  const body = [
    `## AWS access key out of policy (${reason}): ${markdownCode(key.accessKeyId)}`,
    '',
    `secret-guard audit on ${day(now)}: ${why}.`,
    '',
    '| | |',
    '| --- | --- |',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    '',
    deactivated
      ? 'secret-guard deactivated this key: IAM confirmed it had not been used within the limit. Finish the steps below.'
      : 'secret-guard changed nothing in AWS; the steps below are yours.',
    '',
    remediationMarkdown(remediation, { headingLevel: 3 }),
    '---',
    'Opened by `secret-guard audit`. Close this issue once the key is deleted; a key that must stay needs a ' +
      'documented exception (`audit.allow` in `.secret-guard.yml`).',
  ].join('\n');
  const state = deactivated ? 'deactivated' : 'open';
  return {
    fingerprint: keyFingerprint(key.accessKeyId),
    title: remediation.title.replace(/`/g, ''),
    body: scrubSecrets(body),
    // One comment per new state of the key (a new reason, or its deactivation), not one per run.
    sighting: {
      id: `audit-${reason}-${state}`,
      comment: scrubSecrets(
        `secret-guard audit on ${day(now)}: still out of policy (${verdict.violations.join(', ')}): ${why}.` +
          (deactivated ? ' secret-guard deactivated the key.' : ''),
      ),
    },
    reopen: true,
  };
}

/**
 * The RotationIssues the response calls, over one tracker for the run. When GitHub cannot be had (no token, a bad
 * repository name), or after a failure that concerns every issue (no permission, rate limit, GitHub down), each
 * key's issue fails with that error at once instead of asking again.
 */
export async function rotationIssues(
  target: GitHubTarget,
  context: { account: string | null; limits: AuditLimits; now: Date; logger: Logger },
): Promise<RotationIssues> {
  let broken: GitHubError | null = null;
  let tracker: IssueTracker;
  try {
    const client = await GitHubClient.open({
      token: target.token,
      repository: target.repository,
      ...(target.apiUrl ? { apiUrl: target.apiUrl } : {}),
      userAgent: `secret-guard/${pkg.version}`,
      logger: context.logger,
    });
    const labels = (target.labels ?? DEFAULT_ISSUE_LABELS).map((name, i) => ({
      name,
      color: i === 0 ? 'b60205' : 'd93f0b',
      description: i === 0 ? 'An AWS access key to rotate, found by secret-guard' : '',
    }));
    tracker = new IssueTracker(client, labels);
  } catch (error) {
    const failure = error as GitHubError;
    return async () => Promise.reject(failure);
  }
  return async (verdict, reason, deactivated) => {
    if (broken) throw broken;
    try {
      return await tracker.openOrUpdate(auditRotationIssue({ verdict, reason, deactivated, ...context }));
    } catch (error) {
      if ((error as GitHubError).kind !== 'rejected') broken = error as GitHubError;
      throw error;
    }
  };
}
