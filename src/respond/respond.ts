// Acts on confirmed leaks of your accounts (a found pair proven to work, of a key IAM has Active): deactivates the
// key (always naming its user), revokes sessions already minted from it (aws:TokenIssueTime), and by configuration
// quarantines and tags the user. Never deletes a key. Signs with secret-guard's own credentials, never with a found
// secret. Idempotent: a key already inactive is reported as such, and every call it makes overwrites rather than adds.
import { forEachBounded } from '../aws/concurrency.js';
import { describeAwsError } from '../aws/errors.js';
import { type IamPrincipal, isSessionKeyId, principalOfArn } from '../aws/identifiers.js';
import type { AwsSession } from '../aws/session.js';
import type { Config } from '../config/config.js';
import { errorMessage } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Detection, ResponseOutcome, Verification } from '../types.js';
import { executeCall } from './execute-call.js';
import { type LeakSite, revocationTime } from './leak-policies.js';
import {
  type LeakTarget,
  type PlannedCall,
  planPrincipal,
  principalOf,
  type PrincipalPlan,
} from './response-plan.js';

export interface RespondOptions {
  config: Config;
  /** The run's AWS session; a dry run makes no call with it. */
  session: AwsSession;
  /** Print the plan (every call with its parameters), change nothing, make no AWS call. */
  dryRun: boolean;
  logger: Logger;
  now?: () => Date;
  /**
   * The access key id secret-guard itself signs with. Undefined: read from its own credentials. A leak of that
   * key is acted on after all others, and deactivated last.
   */
  ownKeyId?: string | null;
}

type CallRecord = NonNullable<ResponseOutcome['calls']>[number];

/** Who secret-guard runs as. */
interface Self {
  keyId: string | null;
  /** Known on real runs only (it takes a call). */
  principal: IamPrincipal | null;
}

/**
 * Respond to every confirmed live leak (`active`) at once. Returns one outcome per key id: `deactivated`,
 * `already-inactive` (success), `planned` (dry run), `skipped` (with the reason) or `failed` (naming the call and
 * the error; the other keys still get their response). Never throws for AWS trouble.
 */
export async function respondToLeaks(
  detections: readonly Detection[],
  verifications: ReadonlyMap<string, Verification>,
  options: RespondOptions,
): Promise<Map<string, ResponseOutcome>> {
  const { config, logger, session } = options;
  const now = (options.now ?? (() => new Date()))();
  const outcomes = new Map<string, ResponseOutcome>();
  const targets = sortOut(detections, verifications, config, outcomes);
  if (targets.length === 0) return outcomes;

  const self = await whoAmI(options);
  const plans = planResponses(targets, self, config, now);
  if (options.dryRun) {
    for (const plan of plans) recordPlanned(plan, self.keyId, outcomes);
    const calls = plans.reduce((n, p) => n + p.steps.length, 0);
    logger.info(`response (dry run): ${calls} call(s) planned, none made`);
    return outcomes;
  }

  // The principal secret-guard runs as comes last: its own deactivation ends what secret-guard can do.
  const ordinary = plans.filter((p) => !p.own);
  const own = plans.filter((p) => p.own);
  await forEachBounded(ordinary, session.settings.concurrency, async (plan) =>
    executePlan(session, plan, self.keyId, outcomes),
  );
  for (const plan of own) await executePlan(session, plan, self.keyId, outcomes);

  const counts = new Map<string, number>();
  for (const o of outcomes.values()) counts.set(o.action, (counts.get(o.action) ?? 0) + 1);
  logger.info(`response: ${[...counts].map(([a, n]) => `${n} ${a}`).join(', ')}`);
  return outcomes;
}

/**
 * Every key id found either gets its outcome now (skipped, already inactive: set into `outcomes`) or is returned
 * as a target of the response.
 */
function sortOut(
  detections: readonly Detection[],
  verifications: ReadonlyMap<string, Verification>,
  config: Config,
  outcomes: Map<string, ResponseOutcome>,
): LeakTarget[] {
  const sites = sitesOf(detections);
  for (const keyId of sites.keys()) {
    if (!verifications.has(keyId)) outcomes.set(keyId, { action: 'skipped', reason: 'not verified' });
  }
  const targets: LeakTarget[] = [];
  for (const [keyId, verification] of verifications) {
    const judged = judge(keyId, verification, config);
    if ('action' in judged) outcomes.set(keyId, judged);
    else targets.push({ ...judged, sites: sites.get(keyId) ?? [] });
  }
  return targets;
}

/**
 * Whether a verdict calls for a response: the target, or the outcome that says why not. Only a confirmed leak
 * (`active`: ours, Active, and the found pair proven) is acted on; an exposed key id only when a trusted
 * `response.keyIdOnly: deactivate` says so, and never a session key id.
 */
function judge(
  keyId: string,
  verification: Verification,
  config: Config,
): Omit<LeakTarget, 'sites'> | ResponseOutcome {
  const temporary = isSessionKeyId(keyId);
  switch (verification.status) {
    case 'inactive':
      return {
        action: 'already-inactive',
        reason: temporary ? (verification.reason ?? 'temporary key expired') : 'IAM has it Inactive already',
      };
    case 'active':
      // `active` means proven; the check stands here too, since acting on a rumour takes production down.
      if (verification.pairValid !== true) {
        return { action: 'skipped', reason: 'not a proven leak: the found pair was not proven to work' };
      }
      break;
    case 'exposed-id': {
      const refusal = keyIdOnlyRefusal(temporary, config);
      if (refusal) return { action: 'skipped', reason: refusal };
      break;
    }
    default:
      return { action: 'skipped', reason: skippedReason(verification) };
  }
  if (temporary && !config.response.revokeSessions) {
    return {
      action: 'skipped',
      reason:
        'temporary key: only revoking its issuer’s older sessions stops it, and response.revokeSessions is off',
    };
  }
  const principal = principalOf(keyId, verification);
  if ('reason' in principal) return { action: 'skipped', reason: principal.reason };
  return { keyId, verification, temporary, principal };
}

/** Why an exposed key id (no working secret in the change) is not acted on, or null when it is. */
function keyIdOnlyRefusal(temporary: boolean, config: Config): string | null {
  if (temporary) {
    return 'a session key id without its working secret and token: never acted on, whatever response.keyIdOnly says (revoking sessions would cut off every workload of its issuer)';
  }
  if (config.response.keyIdOnly !== 'deactivate') {
    return 'a key id without its working secret is not a proven leak: reported, not acted on (response.keyIdOnly: report)';
  }
  return null;
}

function skippedReason(verification: Verification): string {
  switch (verification.status) {
    case 'not-ours':
      return `not one of your accounts${verification.account ? ` (${verification.account})` : ''}: never touched`;
    case 'canary':
      return 'canary token: never touched';
    case 'not-found':
      return 'IAM has no such key: nothing to deactivate';
    case 'unverified':
      return `not confirmed as a live key of your accounts${verification.reason ? `: ${verification.reason}` : ''}`;
    default:
      return `verification status ${verification.status}`;
  }
}

function sitesOf(detections: readonly Detection[]): Map<string, LeakSite[]> {
  const sites = new Map<string, LeakSite[]>();
  for (const d of detections) {
    if (!d.keyId) continue;
    const list = sites.get(d.keyId) ?? [];
    if (!list.some((s) => s.file === d.file && s.line === d.line && s.commit === (d.commit?.sha ?? null))) {
      list.push({ file: d.file, line: d.line, commit: d.commit?.sha ?? null });
    }
    sites.set(d.keyId, list);
  }
  return sites;
}

/**
 * Who secret-guard runs as: its key id from its own credentials, and on real runs its principal, so that a
 * response that could lock it out runs last.
 */
async function whoAmI(options: RespondOptions): Promise<Self> {
  const { session } = options;
  const keyId = options.ownKeyId !== undefined ? options.ownKeyId : await session.ownAccessKeyId();
  if (options.dryRun) return { keyId, principal: null };
  try {
    return { keyId, principal: principalOfArn((await session.callerIdentity()).arn) };
  } catch (error) {
    options.logger.warn(`response: cannot tell which principal secret-guard runs as: ${errorMessage(error)}`);
    return { keyId, principal: null };
  }
}

function principalKey(principal: IamPrincipal): string {
  return `${principal.kind}/${principal.name}`;
}

/** One plan per principal behind the targets. */
function planResponses(targets: LeakTarget[], self: Self, config: Config, now: Date): PrincipalPlan[] {
  const byPrincipal = new Map<string, { principal: IamPrincipal; targets: LeakTarget[] }>();
  for (const target of targets) {
    const key = principalKey(target.principal);
    const group = byPrincipal.get(key) ?? { principal: target.principal, targets: [] };
    group.targets.push(target);
    byPrincipal.set(key, group);
  }
  const revokeBefore = revocationTime(now);
  const respondedAt = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const selfKey = self.principal ? principalKey(self.principal) : null;
  return [...byPrincipal.values()].map(({ principal, targets: group }) =>
    planPrincipal(principal, group, {
      config,
      revokeBefore,
      respondedAt,
      ownKeyId: self.keyId,
      own: group.some((t) => t.keyId === self.keyId) || selfKey === principalKey(principal),
    }),
  );
}

function describeCall(call: PlannedCall): string {
  if (call.api === 'iam:PutUserPolicy' || call.api === 'iam:PutRolePolicy')
    return `${call.api} ${call.params.PolicyName}`;
  return call.api;
}

function keyNotes(plan: PrincipalPlan, target: LeakTarget, ownKeyId: string | null): string[] {
  const notes: string[] = [];
  if (target.keyId === ownKeyId) {
    notes.push(
      target.temporary
        ? "secret-guard's own session key: handled after every other leak"
        : "secret-guard's own key: handled after every other leak and deactivated last",
    );
  } else if (plan.own) notes.push('secret-guard runs as this principal: handled after every other leak');
  if (target.verification.status === 'exposed-id') {
    notes.push('acted on its key id alone, without a working secret: response.keyIdOnly is deactivate');
  }
  if (target.temporary) {
    notes.push(
      `temporary key: nothing to deactivate; sessions of ${plan.principal.kind} ${plan.principal.name} issued before the response are denied`,
    );
  }
  return [...notes, ...plan.notes];
}

function recordPlanned(
  plan: PrincipalPlan,
  ownKeyId: string | null,
  outcomes: Map<string, ResponseOutcome>,
): void {
  for (const target of plan.targets) {
    const calls: CallRecord[] = plan.steps
      .filter((s) => s.keyIds.includes(target.keyId))
      .map((s) => ({ api: s.call.api, params: { ...s.call.params } }));
    outcomes.set(target.keyId, {
      action: 'planned',
      reason: ['dry run: no call made', ...keyNotes(plan, target, ownKeyId)].join('; '),
      calls,
    });
  }
}

interface StepDone {
  keyIds: string[];
  record: CallRecord;
  failure: string | null;
}

/** Make a plan's calls in order (a failed call does not stop the next), then record each key's outcome. */
async function executePlan(
  session: AwsSession,
  plan: PrincipalPlan,
  ownKeyId: string | null,
  outcomes: Map<string, ResponseOutcome>,
): Promise<void> {
  const done: StepDone[] = [];
  for (const step of plan.steps) {
    const record: CallRecord = { api: step.call.api, params: { ...step.call.params } };
    let failure: string | null = null;
    try {
      await executeCall(session, step.call);
      record.ok = true;
    } catch (error) {
      const described = describeAwsError(error, step.call.api, { region: session.region });
      record.ok = false;
      record.error = described.reason;
      failure = `${describeCall(step.call)} failed: ${described.reason}`;
    }
    done.push({ keyIds: step.keyIds, record, failure });
  }
  for (const target of plan.targets) recordExecuted(plan, target, done, ownKeyId, outcomes);
}

function recordExecuted(
  plan: PrincipalPlan,
  target: LeakTarget,
  done: StepDone[],
  ownKeyId: string | null,
  outcomes: Map<string, ResponseOutcome>,
): void {
  const mine = done.filter((d) => d.keyIds.includes(target.keyId));
  const calls = mine.map((d) => d.record);
  const failures = mine.flatMap((d) => (d.failure ? [d.failure] : []));
  const notes = keyNotes(plan, target, ownKeyId);
  if (failures.length === 0) {
    outcomes.set(target.keyId, {
      action: 'deactivated',
      ...(notes.length > 0 ? { reason: notes.join('; ') } : {}),
      calls,
    });
    return;
  }
  const deactivated = mine.some((d) => d.record.api === 'iam:UpdateAccessKey' && d.record.ok);
  const prefix = deactivated ? 'key deactivated, but ' : '';
  outcomes.set(target.keyId, {
    action: 'failed',
    reason: [prefix + failures.join('; '), ...notes].join('; '),
    calls,
  });
}
