// `secret-guard audit`: every IAM user's access keys against the rotation policy (age, use, two active keys, inactive
// keys left behind), and with --respond one rotation issue per key to rotate or retire and, where asked, the
// deactivation of keys unused beyond the limit. One core for the CLI and the Action: a plain options object in, an
// AuditResult out; nothing here reads the environment.
import { DEFAULT_AUDIT_CONFIG, type AuditConfig } from '../config/audit-config.js';
import { loadConfig } from '../config/load-config.js';
import { OperationalError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { AwsOptions } from '../aws/options.js';
import type { AuditResult } from './audit-result.js';
import { InventoryError, readInventory } from './read-inventory.js';
import { judgeKeys, type AuditLimits } from './policy.js';
import { respondToAudit, type KeyResponse } from './respond.js';

export interface GitHubTarget {
  token: string;
  /** `owner/name`. */
  repository: string;
  /** Labels of new issues (default secret-guard, security); the first also finds the issues opened before. */
  labels?: string[];
  /** The REST API's base URL; default https://api.github.com. */
  apiUrl?: string;
}

export interface AuditOptions {
  /** Where `.secret-guard.yml` is looked for (without configFile). */
  cwd: string;
  configFile?: string;
  /** What the CLI's flags or the Action's inputs set, over the configuration's `audit:` section. */
  overrides?: Partial<Pick<AuditConfig, 'maxAgeDays' | 'maxUnusedDays' | 'deactivateUnused' | 'source'>>;
  aws: AwsOptions;
  /** Open or update rotation issues and, where asked, deactivate unused keys. */
  respond: boolean;
  /** With respond: plan, act on nothing. */
  dryRun: boolean;
  /** Where rotation issues go; null: none are opened (the response still deactivates where asked). */
  github: GitHubTarget | null;
  /** The audit's clock (default: now). */
  now?: Date;
  /** How long to wait for a credential report being generated (default 2 minutes), and how often to ask. */
  reportWaitMs?: number;
  reportPollMs?: number;
  /** ListUsers' page size (default 1000, IAM's largest: the fewest round trips). */
  usersPerPage?: number;
  logger: Logger;
}

/** The whole audit's bound: a listing of thousands of users takes minutes, more than a scan's verification. */
const AUDIT_TIME_BOUND_MS = 15 * 60_000;

export async function runAudit(options: AuditOptions): Promise<AuditResult> {
  const config = await loadConfig(options.cwd, options.configFile);
  const policy: AuditConfig = { ...DEFAULT_AUDIT_CONFIG, ...config.audit, ...options.overrides };
  const limits: AuditLimits = {
    maxAgeDays: policy.maxAgeDays,
    maxUnusedDays: policy.maxUnusedDays,
    twoKeysGraceDays: policy.twoKeysGraceDays,
  };
  const now = options.now ?? new Date();
  const { AwsSession } = await import('../aws/session.js');
  const { iamInventory } = await import('../aws/iam-inventory.js');
  const session = await AwsSession.open(options.aws, {
    ...config.aws,
    totalTimeoutMs: Math.max(config.aws.totalTimeoutMs, AUDIT_TIME_BOUND_MS),
  });
  const iam = iamInventory(session);
  try {
    let account: string | null = null;
    try {
      account = (await session.callerIdentity()).account || null;
    } catch {
      // Named by the first IAM call below, with the reason; the account is only for the report.
    }
    let inventory;
    try {
      inventory = await readInventory(iam, {
        source: policy.source,
        concurrency: config.aws.concurrency,
        usersPerPage: options.usersPerPage ?? 1000,
        reportWaitMs: options.reportWaitMs ?? 120_000,
        reportPollMs: options.reportPollMs ?? 2_000,
        needIds: (keys) => {
          const judged = judgeKeys(keys, limits, policy.allow, now);
          return new Set([...judged.outOfPolicy, ...judged.allowed].map((v) => v.key.userName));
        },
        now: () => now,
        logger: options.logger,
      });
    } catch (error) {
      if (error instanceof InventoryError) throw new OperationalError(error.message);
      throw error;
    }
    const judged = judgeKeys(inventory.keys, limits, policy.allow, now);

    let responses = new Map<(typeof judged.outOfPolicy)[number], KeyResponse>();
    if (options.respond) {
      const issues = options.github
        ? await (
            await import('./rotation-issue.js')
          ).rotationIssues(options.github, {
            account,
            limits,
            now,
            logger: options.logger,
          })
        : null;
      responses = await respondToAudit(judged.outOfPolicy, {
        iam,
        issues,
        deactivateUnused: policy.deactivateUnused,
        dryRun: options.dryRun,
        limits,
        ownKeyId: await session.ownAccessKeyId(),
        now,
        concurrency: config.aws.concurrency,
        logger: options.logger,
      });
    }
    const { keys, ...rest } = inventory;
    return {
      account,
      now,
      limits,
      inventory: rest,
      keys: keys.length,
      activeKeys: keys.filter((k) => k.status === 'Active').length,
      inPolicy: judged.inPolicy,
      findings: judged.outOfPolicy.map((v) => ({
        ...v,
        ...(responses.get(v) ?? { deactivation: null, issue: null }),
      })),
      allowed: judged.allowed,
      expiredExceptions: judged.expiredExceptions,
      response: options.respond ? (options.dryRun ? 'plan' : 'respond') : null,
      awsCalls: iam.calls(),
    };
  } finally {
    session.close();
  }
}
