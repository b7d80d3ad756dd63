// What a response will do, as data: for each principal (IAM user or role) behind confirmed live leaks, the exact
// list of IAM calls with their parameters, in the order they must run. Pure: no AWS, no clock. A dry run prints
// this plan; a real run executes it.
import { type IamPrincipal, isSessionKeyId, principalOfArn } from '../aws/identifiers.js';
import type { Config } from '../config/config.js';
import type { Verification } from '../types.js';
import {
  AWS_QUARANTINE_POLICY_ARN,
  denyAllPolicy,
  type LeakSite,
  leakTag,
  QUARANTINE_POLICY_NAME,
  REVOKE_POLICY_NAME,
  revokeOlderSessionsPolicy,
} from './leak-policies.js';

export type PlannedCall =
  | { api: 'iam:UpdateAccessKey'; params: { UserName: string; AccessKeyId: string; Status: 'Inactive' } }
  | { api: 'iam:PutUserPolicy'; params: { UserName: string; PolicyName: string; PolicyDocument: string } }
  | { api: 'iam:PutRolePolicy'; params: { RoleName: string; PolicyName: string; PolicyDocument: string } }
  | { api: 'iam:AttachUserPolicy'; params: { UserName: string; PolicyArn: string } }
  | { api: 'iam:TagUser'; params: { UserName: string; Tags: Array<{ Key: string; Value: string }> } };

export interface LeakTarget {
  keyId: string;
  verification: Verification;
  /** An ASIA session key: nothing to deactivate, its issuer's older sessions are revoked instead. */
  temporary: boolean;
  principal: IamPrincipal;
  sites: LeakSite[];
}

interface PlanStep {
  call: PlannedCall;
  /** The keys this call contains (all keys of the principal for the principal-wide calls). */
  keyIds: string[];
}

export interface PrincipalPlan {
  principal: IamPrincipal;
  targets: LeakTarget[];
  /** True when secret-guard's own credentials belong to this principal: it runs after every other plan. */
  own: boolean;
  steps: PlanStep[];
  /** Things the plan leaves out on purpose, one line each (e.g. a quarantine that would lock secret-guard out). */
  notes: string[];
}

/** The principal of a confirmed live leak, or a reason why there is none to act on. */
export function principalOf(keyId: string, verification: Verification): IamPrincipal | { reason: string } {
  if (!isSessionKeyId(keyId)) {
    return verification.user
      ? { kind: 'user', name: verification.user }
      : { reason: 'IAM names no user for this key: nothing to act on' };
  }
  // Temporary key: the issuer's ARN, from CloudTrail's userIdentity (verification).
  const arn = verification.arn ?? '';
  return (
    principalOfArn(arn) ?? {
      reason: arn
        ? `temporary key of ${arn}: no IAM user or role whose sessions a policy can revoke`
        : 'temporary key: CloudTrail did not name the user or role that issued it',
    }
  );
}

/**
 * The ordered calls for one principal. Ordinary principals: deactivate first (the fastest containment), then
 * revoke older sessions, quarantine, tag. The principal secret-guard itself runs as: tag first, then the other keys,
 * then session revocation, and its own key last, since after that secret-guard can sign nothing more; a quarantine
 * would deny it the deactivation (and every later call), so it is left out and said so.
 */
export function planPrincipal(
  principal: IamPrincipal,
  targets: LeakTarget[],
  options: {
    config: Config;
    revokeBefore: string;
    respondedAt: string;
    own: boolean;
    ownKeyId: string | null;
  },
): PrincipalPlan {
  const { config, own, ownKeyId } = options;
  const all = targets.map((t) => t.keyId);
  const notes: string[] = [];

  const deactivations: PlanStep[] = [];
  let ownDeactivation: PlanStep | null = null;
  for (const target of targets) {
    if (target.temporary) continue;
    const step: PlanStep = {
      call: {
        api: 'iam:UpdateAccessKey',
        params: { UserName: principal.name, AccessKeyId: target.keyId, Status: 'Inactive' },
      },
      keyIds: [target.keyId],
    };
    if (target.keyId === ownKeyId) ownDeactivation = step;
    else deactivations.push(step);
  }

  let revoke: PlanStep | null = null;
  if (config.response.revokeSessions) {
    const document = revokeOlderSessionsPolicy(options.revokeBefore);
    revoke = {
      call:
        principal.kind === 'user'
          ? {
              api: 'iam:PutUserPolicy',
              params: { UserName: principal.name, PolicyName: REVOKE_POLICY_NAME, PolicyDocument: document },
            }
          : {
              api: 'iam:PutRolePolicy',
              params: { RoleName: principal.name, PolicyName: REVOKE_POLICY_NAME, PolicyDocument: document },
            },
      keyIds: all,
    };
    // secret-guard signing with a session of this very principal (an OIDC role, aws-vault) was issued before now.
    if (own && ownKeyId !== null && isSessionKeyId(ownKeyId)) {
      notes.push(
        "this revocation denies secret-guard's own session too: its later calls in this run fail (CloudTrail included); a later run's new session is not affected",
      );
    }
  }

  let quarantine: PlanStep | null = null;
  if (config.response.quarantine !== 'none') {
    if (principal.kind === 'role') {
      notes.push(
        `quarantine not applied to role ${principal.name}: it would stop every workload using the role`,
      );
    } else if (ownDeactivation) {
      notes.push(
        `quarantine not applied: it would deny secret-guard's own key the deactivation of itself; quarantine user ${principal.name} by hand`,
      );
    } else if (own) {
      notes.push(
        `quarantine not applied: secret-guard runs as user ${principal.name}, and it would deny secret-guard this run's and every later run's calls; quarantine the user by hand once secret-guard runs as another principal`,
      );
    } else {
      quarantine = {
        call:
          config.response.quarantine === 'deny-all'
            ? {
                api: 'iam:PutUserPolicy',
                params: {
                  UserName: principal.name,
                  PolicyName: QUARANTINE_POLICY_NAME,
                  PolicyDocument: denyAllPolicy(),
                },
              }
            : {
                api: 'iam:AttachUserPolicy',
                params: { UserName: principal.name, PolicyArn: AWS_QUARANTINE_POLICY_ARN },
              },
        keyIds: all,
      };
    }
  }

  const tags: PlanStep[] = [];
  if (config.response.tagUser && principal.kind === 'user') {
    // TagUser takes at most 50 tags per call.
    for (let i = 0; i < targets.length; i += 50) {
      const chunk = targets.slice(i, i + 50);
      tags.push({
        call: {
          api: 'iam:TagUser',
          params: {
            UserName: principal.name,
            Tags: chunk.map((t) => leakTag(t.keyId, t.sites, options.respondedAt)),
          },
        },
        keyIds: chunk.map((t) => t.keyId),
      });
    }
  }

  const present = (step: PlanStep | null): step is PlanStep => step !== null;
  const steps = own
    ? [...tags, ...deactivations, revoke, quarantine, ownDeactivation].filter(present)
    : [...deactivations, revoke, quarantine, ...tags].filter(present);
  return { principal, targets, own, steps, notes };
}
