// Acts on confirmed live leaks of your accounts: deactivates the key (always naming its user), revokes sessions
// already minted from it (aws:TokenIssueTime), and by configuration quarantines and tags the user. Never deletes a
// key. Signs with secret-guard's own credentials, never with a found secret. Idempotent: a key already inactive is
// reported as such, and every call it makes overwrites rather than adds.
import type { Config } from '../config/config.js';
import { errorMessage } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Detection, ResponseOutcome, Verification } from '../types.js';
import { AwsApi } from '../verify/aws-api.js';
import type { AwsOptions } from '../verify/aws-options.js';
import { describeAwsError } from '../verify/aws-error.js';
import { forEachBounded } from '../verify/bounded-pool.js';
import { revocationTime, type LeakSite } from './leak-policies.js';
import {
  type LeakTarget,
  type PlannedCall,
  planPrincipal,
  type Principal,
  principalOf,
  type PrincipalPlan,
} from './response-plan.js';

export interface RespondOptions {
  config: Config;
  aws: AwsOptions;
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

function skippedReason(verification: Verification | undefined): string {
  if (!verification) return 'not verified';
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

function principalKey(principal: Principal): string {
  return `${principal.kind}/${principal.name}`;
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

/** The principal behind secret-guard's own credentials, from its GetCallerIdentity ARN. */
function principalOfArn(arn: string): Principal | null {
  const match = /^arn:aws[\w-]*:(?:iam|sts)::\d{12}:(user|role|assumed-role)\/(.+)$/.exec(arn);
  if (!match) return null;
  const parts = (match[2] ?? '').split('/');
  if (match[1] === 'assumed-role') return parts[0] ? { kind: 'role', name: parts[0] } : null;
  const name = parts[parts.length - 1];
  return name ? { kind: match[1] === 'user' ? 'user' : 'role', name } : null;
}

async function execute(api: AwsApi, call: PlannedCall): Promise<void> {
  switch (call.api) {
    case 'iam:UpdateAccessKey':
      return api.updateAccessKey(call.params.UserName, call.params.AccessKeyId, call.params.Status);
    case 'iam:PutUserPolicy':
      return api.putUserPolicy(call.params.UserName, call.params.PolicyName, call.params.PolicyDocument);
    case 'iam:PutRolePolicy':
      return api.putRolePolicy(call.params.RoleName, call.params.PolicyName, call.params.PolicyDocument);
    case 'iam:AttachUserPolicy':
      return api.attachUserPolicy(call.params.UserName, call.params.PolicyArn);
    case 'iam:TagUser':
      return api.tagUser(call.params.UserName, call.params.Tags);
  }
}

function describeCall(call: PlannedCall): string {
  if (call.api === 'iam:PutUserPolicy' || call.api === 'iam:PutRolePolicy')
    return `${call.api} ${call.params.PolicyName}`;
  return call.api;
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
  const { config, logger, dryRun } = options;
  const now = (options.now ?? (() => new Date()))();
  const outcomes = new Map<string, ResponseOutcome>();
  const sites = sitesOf(detections);

  for (const keyId of sites.keys()) {
    if (!verifications.has(keyId)) outcomes.set(keyId, { action: 'skipped', reason: 'not verified' });
  }
  const targets: LeakTarget[] = [];
  for (const [keyId, verification] of verifications) {
    if (verification.status === 'inactive') {
      outcomes.set(keyId, {
        action: 'already-inactive',
        reason: keyId.startsWith('ASIA')
          ? (verification.reason ?? 'temporary key expired')
          : 'IAM has it Inactive already',
      });
      continue;
    }
    if (verification.status !== 'active') {
      outcomes.set(keyId, { action: 'skipped', reason: skippedReason(verification) });
      continue;
    }
    const temporary = keyId.startsWith('ASIA');
    if (temporary && !config.response.revokeSessions) {
      outcomes.set(keyId, {
        action: 'skipped',
        reason:
          'temporary key: only revoking its issuer’s older sessions stops it, and response.revokeSessions is off',
      });
      continue;
    }
    const principal = principalOf(keyId, verification);
    if ('reason' in principal) {
      outcomes.set(keyId, { action: 'skipped', reason: principal.reason });
      continue;
    }
    targets.push({ keyId, verification, temporary, principal, sites: sites.get(keyId) ?? [] });
  }
  if (targets.length === 0) return outcomes;

  const api = dryRun
    ? null
    : await AwsApi.open(options.aws, {
        callTimeoutMs: config.verify.callTimeoutMs,
        deadline: {
          signal: AbortSignal.timeout(config.verify.totalTimeoutMs),
          ms: config.verify.totalTimeoutMs,
        },
      });
  try {
    // Who secret-guard runs as: its key id from its own credentials, and (real runs) its principal, so that a
    // response that could lock it out runs last.
    const ownKeyId = options.ownKeyId !== undefined ? options.ownKeyId : await ownKeyIdOf(options.aws, api);
    let ownPrincipal: Principal | null = null;
    if (api) {
      try {
        ownPrincipal = principalOfArn((await api.callerIdentity()).arn);
      } catch (error) {
        logger.warn(`response: cannot tell which principal secret-guard runs as: ${errorMessage(error)}`);
      }
    }

    const byPrincipal = new Map<string, { principal: Principal; targets: LeakTarget[] }>();
    for (const target of targets) {
      const key = principalKey(target.principal);
      const group = byPrincipal.get(key) ?? { principal: target.principal, targets: [] };
      group.targets.push(target);
      byPrincipal.set(key, group);
    }
    const revokeBefore = revocationTime(now);
    const plans: PrincipalPlan[] = [...byPrincipal.values()].map(({ principal, targets: group }) =>
      planPrincipal(principal, group, {
        config,
        revokeBefore,
        respondedAt: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        ownKeyId,
        own:
          group.some((t) => t.keyId === ownKeyId) ||
          (ownPrincipal !== null && principalKey(ownPrincipal) === principalKey(principal)),
      }),
    );

    if (!api) {
      for (const plan of plans) recordPlanned(plan, ownKeyId, outcomes);
      logger.info(
        `response (dry run): ${plans.reduce((n, p) => n + p.steps.length, 0)} call(s) planned, none made`,
      );
      return outcomes;
    }

    const ordinary = plans.filter((p) => !p.own);
    const own = plans.filter((p) => p.own);
    await forEachBounded(ordinary, config.verify.concurrency, async (plan) =>
      run(api, plan, ownKeyId, outcomes),
    );
    // The principal secret-guard runs as comes last: its own deactivation ends what secret-guard can do.
    for (const plan of own) await run(api, plan, ownKeyId, outcomes);
  } finally {
    await api?.close();
  }
  const counts = new Map<string, number>();
  for (const o of outcomes.values()) counts.set(o.action, (counts.get(o.action) ?? 0) + 1);
  logger.info(`response: ${[...counts].map(([a, n]) => `${n} ${a}`).join(', ')}`);
  return outcomes;
}

async function ownKeyIdOf(aws: AwsOptions, api: AwsApi | null): Promise<string | null> {
  if (api) return api.ownAccessKeyId();
  const probe = await AwsApi.open(aws, { callTimeoutMs: 5_000 });
  try {
    return await probe.ownAccessKeyId();
  } finally {
    await probe.close();
  }
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

async function run(
  api: AwsApi,
  plan: PrincipalPlan,
  ownKeyId: string | null,
  outcomes: Map<string, ResponseOutcome>,
): Promise<void> {
  const done: Array<{ keyIds: string[]; record: CallRecord; failure: string | null }> = [];
  for (const step of plan.steps) {
    const record: CallRecord = { api: step.call.api, params: { ...step.call.params } };
    let failure: string | null = null;
    try {
      await execute(api, step.call);
      record.ok = true;
    } catch (error) {
      const described = describeAwsError(error, step.call.api, { region: api.region });
      record.ok = false;
      record.error = described.reason;
      failure = `${describeCall(step.call)} failed: ${described.reason}`;
    }
    done.push({ keyIds: step.keyIds, record, failure });
  }

  for (const target of plan.targets) {
    const mine = done.filter((d) => d.keyIds.includes(target.keyId));
    const failures = mine.flatMap((d) => (d.failure ? [d.failure] : []));
    const deactivated = mine.some((d) => d.record.api === 'iam:UpdateAccessKey' && d.record.ok);
    const notes = keyNotes(plan, target, ownKeyId);
    if (failures.length === 0) {
      outcomes.set(target.keyId, {
        action: 'deactivated',
        ...(notes.length > 0 ? { reason: notes.join('; ') } : {}),
        calls: mine.map((d) => d.record),
      });
    } else {
      const prefix = deactivated ? 'key deactivated, but ' : '';
      outcomes.set(target.keyId, {
        action: 'failed',
        reason: [prefix + failures.join('; '), ...notes].join('; '),
        calls: mine.map((d) => d.record),
      });
    }
  }
}
