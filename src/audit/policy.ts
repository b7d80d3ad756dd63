// The key rotation policy, as pure functions of the inventory and a clock: which keys break it, how urgently,
// and which a documented exception covers. CIS AWS Foundations: rotate access keys within 90 days, disable
// credentials unused for 45 days, one active key per user.
import type { AuditException } from '../config/audit-config.js';
import type { AuditedKey } from './inventory.js';

export const DAY_MS = 86_400_000;

export interface AuditLimits {
  maxAgeDays: number;
  maxUnusedDays: number;
  twoKeysGraceDays: number;
}

/**
 * - `age`: an active key older than the maximum age.
 * - `unused`: an active key last used longer ago than the unused limit.
 * - `never-used`: an active key never used, created longer ago than the unused limit (a key fresh from a rotation
 *   has not been used yet either, and is given the same time).
 * - `two-active-keys`: on the older of two active keys of a user, when both have been active beyond the grace period.
 * - `inactive-not-deleted`: a key that cannot sign any more but still exists (deleting it is a person's step).
 */
export type Violation = 'age' | 'unused' | 'never-used' | 'two-active-keys' | 'inactive-not-deleted';

export interface KeyVerdict {
  key: AuditedKey;
  /** Whole days since the key was created. */
  ageDays: number;
  /** Whole days since its last use; null when never used or not known. */
  idleDays: number | null;
  violations: Violation[];
  /** Whole days past the limit broken longest ago: the urgency within a tier. */
  overdueDays: number;
  /** For `two-active-keys`: the user's newer active key (null when its id is not known). */
  newerKeyId: string | null;
  /** The documented exception that covers this key, if any. */
  allowedBy: AuditException | null;
}

export interface PolicyResult {
  /** Keys out of policy and not covered by an exception, most urgent first. */
  outOfPolicy: KeyVerdict[];
  /** Keys out of policy but covered by an exception, most urgent first. */
  allowed: KeyVerdict[];
  /** Exceptions past their end date that would have covered a key out of policy: renew them or fix the key. */
  expiredExceptions: AuditException[];
  /** Keys that break no rule. */
  inPolicy: number;
}

const ROTATE: ReadonlySet<Violation> = new Set(['age', 'unused', 'never-used']);

/**
 * The urgency order: keys to rotate or disable first, then users holding two active keys, then inactive keys left
 * behind; within each, the most overdue first.
 */
function tier(violations: Violation[]): number {
  if (violations.some((v) => ROTATE.has(v))) return 0;
  if (violations.includes('two-active-keys')) return 1;
  return 2;
}

function byUrgency(a: KeyVerdict, b: KeyVerdict): number {
  return (
    tier(a.violations) - tier(b.violations) ||
    b.overdueDays - a.overdueDays ||
    a.key.userName.localeCompare(b.key.userName) ||
    (a.key.accessKeyId ?? '').localeCompare(b.key.accessKeyId ?? '') ||
    a.key.created.getTime() - b.key.created.getTime()
  );
}

/** The later-made of two keys (the id breaks a tie, so that exactly one key of a user is the newest). */
function newer(a: AuditedKey, b: AuditedKey): AuditedKey {
  const d = b.created.getTime() - a.created.getTime();
  if (d !== 0) return d > 0 ? b : a;
  return (b.accessKeyId ?? '') > (a.accessKeyId ?? '') ? b : a;
}

function wholeDays(ms: number): number {
  return Math.max(0, Math.floor(ms / DAY_MS));
}

function exceptionFor(
  key: AuditedKey,
  exceptions: readonly AuditException[],
  now: Date,
): { live: AuditException | null; expired: AuditException | null } {
  const matches = exceptions.filter(
    (e) =>
      (e.keyId !== null && e.keyId === key.accessKeyId) ||
      // IAM user names are unique regardless of case.
      (e.user !== null && e.user.toLowerCase() === key.userName.toLowerCase()),
  );
  const live = matches.find((e) => e.expires === null || now <= e.expires) ?? null;
  return { live, expired: live ? null : (matches[0] ?? null) };
}

/** Judge every key against the limits at `now`; exceptions move keys out of policy to `allowed`. */
export function judgeKeys(
  keys: readonly AuditedKey[],
  limits: AuditLimits,
  exceptions: readonly AuditException[],
  now: Date,
): PolicyResult {
  const t = now.getTime();
  const maxAge = limits.maxAgeDays * DAY_MS;
  const maxUnused = limits.maxUnusedDays * DAY_MS;
  const grace = limits.twoKeysGraceDays * DAY_MS;

  const activeByUser = new Map<string, AuditedKey[]>();
  for (const key of keys) {
    if (key.status !== 'Active') continue;
    const list = activeByUser.get(key.userName) ?? [];
    list.push(key);
    activeByUser.set(key.userName, list);
  }

  const outOfPolicy: KeyVerdict[] = [];
  const allowed: KeyVerdict[] = [];
  const expiredExceptions = new Set<AuditException>();
  let inPolicy = 0;

  for (const key of keys) {
    const age = t - key.created.getTime();
    const usedAt = key.lastUsed?.date ?? null;
    const violations: Violation[] = [];
    const overdue: number[] = [];
    let newerKeyId: string | null = null;

    if (key.status === 'Active') {
      if (age > maxAge) {
        violations.push('age');
        overdue.push(age - maxAge);
      }
      if (key.lastUsed && usedAt === null && age > maxUnused) {
        violations.push('never-used');
        overdue.push(age - maxUnused);
      } else if (usedAt !== null && t - usedAt.getTime() > maxUnused) {
        violations.push('unused');
        overdue.push(t - usedAt.getTime() - maxUnused);
      }
      const active = activeByUser.get(key.userName) ?? [];
      const newest = active.reduce(newer);
      // Both keys have been active at least since the newer one was made.
      const both = t - newest.created.getTime();
      if (newest !== key && both > grace) {
        violations.push('two-active-keys');
        overdue.push(both - grace);
        newerKeyId = newest.accessKeyId;
      }
    } else {
      violations.push('inactive-not-deleted');
      overdue.push(age);
    }

    if (violations.length === 0) {
      inPolicy++;
      continue;
    }
    const { live, expired } = exceptionFor(key, exceptions, now);
    if (expired) expiredExceptions.add(expired);
    const verdict: KeyVerdict = {
      key,
      ageDays: wholeDays(age),
      idleDays: usedAt === null ? null : wholeDays(t - usedAt.getTime()),
      violations,
      overdueDays: wholeDays(Math.max(...overdue)),
      newerKeyId,
      allowedBy: live,
    };
    (live ? allowed : outOfPolicy).push(verdict);
  }

  return {
    outOfPolicy: outOfPolicy.sort(byUrgency),
    allowed: allowed.sort(byUrgency),
    expiredExceptions: [...expiredExceptions],
    inPolicy,
  };
}

/**
 * The rotation issue's reason for a key, where it has one. Unused (never used counts) comes first: a key nobody uses
 * needs no replacement, only retiring, whatever its age.
 */
export function rotationReason(verdict: KeyVerdict): 'age' | 'unused' | null {
  if (verdict.violations.includes('unused') || verdict.violations.includes('never-used')) return 'unused';
  if (verdict.violations.includes('age')) return 'age';
  return null;
}
