// `audit --respond`: for each key out of policy that needs rotating or retiring (reason age or unused), open or
// update its one rotation issue; where asked, deactivate keys unused beyond the limit. A key is only deactivated
// after IAM confirms, at that moment, that it has not been used within the limit, and never the key the audit
// itself runs with. Nothing is ever deleted: that is a person's step in the runbook. `dryRun` plans without acting.
import type { Logger } from '../logger.js';
import { describeAwsError } from '../aws/errors.js';
import { forEachBounded } from '../aws/concurrency.js';
import { DAY_MS, rotationReason, type AuditLimits, type KeyVerdict } from './policy.js';

type DeactivationAction = 'deactivated' | 'planned' | 'skipped' | 'failed';

interface DeactivationOutcome {
  action: DeactivationAction;
  /** Why it did not act, or what was planned. */
  reason: string | null;
}

type IssueOutcomeAction =
  'opened' | 'commented' | 'reopened' | 'unchanged' | 'planned' | 'skipped' | 'failed';

interface IssueOutcome {
  action: IssueOutcomeAction;
  number: number | null;
  url: string | null;
  reason: string | null;
}

export interface KeyResponse {
  /** null: deactivation was not asked for, or the key is not out of policy for its use. */
  deactivation: DeactivationOutcome | null;
  /** null: the key needs no rotation issue (two active keys, inactive key). */
  issue: IssueOutcome | null;
}

/** What responding needs from IAM. */
interface IamResponder {
  getAccessKeyLastUsed(accessKeyId: string): Promise<{ date: string | null }>;
  updateAccessKey(userName: string, accessKeyId: string, status: 'Inactive'): Promise<void>;
}

/** Opens or updates the rotation issue of one key (the GitHub issue tracker, wrapped with the runbook text). */
export type RotationIssues = (
  verdict: KeyVerdict & { key: { accessKeyId: string } },
  reason: 'age' | 'unused',
  /** The audit deactivated the key just now (the runbook's deactivation step is done). */
  deactivated: boolean,
) => Promise<{ action: 'opened' | 'commented' | 'reopened' | 'unchanged'; number: number; url: string }>;

export interface RespondOptions {
  iam: IamResponder;
  /** null: no GitHub repository and token were given, so no issues. */
  issues: RotationIssues | null;
  deactivateUnused: boolean;
  dryRun: boolean;
  limits: AuditLimits;
  /** The access key the audit itself signs with: never deactivated. */
  ownKeyId: string | null;
  now: Date;
  concurrency: number;
  logger: Logger;
}

function isUnused(verdict: KeyVerdict): boolean {
  return verdict.violations.includes('unused') || verdict.violations.includes('never-used');
}

async function deactivate(verdict: KeyVerdict, options: RespondOptions): Promise<DeactivationOutcome> {
  const { key } = verdict;
  if (key.accessKeyId === null) {
    return {
      action: 'skipped',
      reason: 'key id unknown (see the failures): cannot name the key to deactivate',
    };
  }
  if (key.accessKeyId === options.ownKeyId) {
    return { action: 'skipped', reason: 'this is the key secret-guard itself runs with' };
  }
  // The inventory may be hours old (a credential report): ask IAM again, now, before acting.
  let usedAt: Date | null;
  try {
    const live = await options.iam.getAccessKeyLastUsed(key.accessKeyId);
    usedAt = live.date === null ? null : new Date(live.date);
  } catch (error) {
    const why = describeAwsError(error, 'iam:GetAccessKeyLastUsed').reason;
    return { action: 'failed', reason: `not deactivated: could not confirm it is unused: ${why}` };
  }
  const limit = options.limits.maxUnusedDays * DAY_MS;
  const since = usedAt ?? key.created;
  if (options.now.getTime() - since.getTime() <= limit) {
    const when = usedAt ? `used on ${usedAt.toISOString().slice(0, 10)}` : 'made';
    return {
      action: 'skipped',
      reason: `${when}, within ${options.limits.maxUnusedDays} days: not deactivated`,
    };
  }
  const idle = Math.floor((options.now.getTime() - since.getTime()) / DAY_MS);
  const what = usedAt ? `unused for ${idle} days` : `never used in ${idle} days`;
  if (options.dryRun) return { action: 'planned', reason: `would deactivate: ${what}` };
  try {
    await options.iam.updateAccessKey(key.userName, key.accessKeyId, 'Inactive');
    return { action: 'deactivated', reason: what };
  } catch (error) {
    return { action: 'failed', reason: describeAwsError(error, 'iam:UpdateAccessKey').reason };
  }
}

async function rotationIssue(
  verdict: KeyVerdict,
  reason: 'age' | 'unused',
  deactivated: boolean,
  options: RespondOptions,
): Promise<IssueOutcome> {
  const none = { number: null, url: null };
  const { accessKeyId } = verdict.key;
  if (accessKeyId === null) {
    return { action: 'skipped', ...none, reason: 'key id unknown (see the failures): no issue can name it' };
  }
  if (options.issues === null) {
    return { action: 'skipped', ...none, reason: 'no GitHub repository and token given' };
  }
  if (options.dryRun)
    return { action: 'planned', ...none, reason: `would open or update a rotation issue (${reason})` };
  try {
    const done = await options.issues(
      { ...verdict, key: { ...verdict.key, accessKeyId } },
      reason,
      deactivated,
    );
    return { action: done.action, number: done.number, url: done.url, reason: null };
  } catch (error) {
    return { action: 'failed', ...none, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** Respond to every key out of policy; returns each key's outcome, in the verdicts' order. */
export async function respondToAudit(
  verdicts: readonly KeyVerdict[],
  options: RespondOptions,
): Promise<Map<KeyVerdict, KeyResponse>> {
  const outcomes = new Map<KeyVerdict, KeyResponse>();
  // Issues one at a time (the tracker lists the repository's issues once, and GitHub frowns on bursts);
  // deactivations in parallel, bounded.
  await forEachBounded(verdicts, options.concurrency, async (verdict) => {
    const deactivation =
      options.deactivateUnused && isUnused(verdict) ? await deactivate(verdict, options) : null;
    outcomes.set(verdict, { deactivation, issue: null });
  });
  for (const verdict of verdicts) {
    const reason = rotationReason(verdict);
    if (reason === null) continue;
    const outcome = outcomes.get(verdict)!;
    const issue = await rotationIssue(
      verdict,
      reason,
      outcome.deactivation?.action === 'deactivated',
      options,
    );
    outcome.issue = issue;
    if (issue.action === 'failed')
      options.logger.warn(`audit: rotation issue of ${verdict.key.accessKeyId}: ${issue.reason}`);
  }
  return outcomes;
}
