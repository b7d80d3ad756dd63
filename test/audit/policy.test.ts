// The rotation policy as a pure function: limits, never-used keys, two active keys, inactive keys, exceptions and
// the urgency order, against a fixed clock.
import { describe, expect, it } from 'vitest';
import type { AuditException } from '../../src/config/audit-config.js';
import type { AuditedKey } from '../../src/audit/inventory.js';
import { DAY_MS, judgeKeys, rotationReason, type AuditLimits } from '../../src/audit/policy.js';
import { makeKeyId } from '../helpers/keys.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const LIMITS: AuditLimits = { maxAgeDays: 90, maxUnusedDays: 45, twoKeysGraceDays: 10 };

function daysAgo(days: number): Date {
  return new Date(NOW.getTime() - days * DAY_MS);
}

function key(
  userName: string,
  options: { ageDays: number; usedDaysAgo?: number | null; status?: string; id?: string | null },
): AuditedKey {
  const used = options.usedDaysAgo;
  return {
    userName,
    accessKeyId: options.id === undefined ? makeKeyId() : options.id,
    status: options.status ?? 'Active',
    created: daysAgo(options.ageDays),
    lastUsed:
      used === undefined
        ? null
        : { date: used === null ? null : daysAgo(used), service: used === null ? null : 's3', region: null },
  };
}

function exception(fields: Partial<AuditException>): AuditException {
  return { user: null, keyId: null, reason: 'vendor appliance, SEC-42', expires: null, ...fields };
}

describe('judgeKeys', () => {
  it('flags an active key just past the maximum age, not one just within it', () => {
    const old = key('a', { ageDays: 90.01, usedDaysAgo: 1 });
    const fine = key('b', { ageDays: 89.99, usedDaysAgo: 1 });
    const result = judgeKeys([old, fine], LIMITS, [], NOW);
    expect(result.outOfPolicy.map((v) => v.key)).toEqual([old]);
    expect(result.outOfPolicy[0]).toMatchObject({
      violations: ['age'],
      ageDays: 90,
      overdueDays: 0,
      idleDays: 1,
    });
    expect(result.inPolicy).toBe(1);
  });

  it('flags an active key unused beyond the limit, and a never-used one older than the limit', () => {
    const idle = key('idle', { ageDays: 60, usedDaysAgo: 50 });
    const never = key('never', { ageDays: 46, usedDaysAgo: null });
    const fresh = key('fresh', { ageDays: 3, usedDaysAgo: null });
    const result = judgeKeys([idle, never, fresh], LIMITS, [], NOW);
    expect(result.outOfPolicy.map((v) => [v.key.userName, v.violations])).toEqual([
      ['idle', ['unused']],
      ['never', ['never-used']],
    ]);
    expect(result.outOfPolicy[0]?.idleDays).toBe(50);
    expect(result.outOfPolicy[1]?.idleDays).toBeNull();
  });

  it('does not judge use when the last use was not read', () => {
    const unknown = key('u', { ageDays: 60 });
    expect(judgeKeys([unknown], LIMITS, [], NOW).inPolicy).toBe(1);
  });

  it('flags the older of two active keys only once both have been active past the grace period', () => {
    const older = key('rot', { ageDays: 80, usedDaysAgo: 0 });
    const newer = key('rot', { ageDays: 11, usedDaysAgo: 0 });
    const result = judgeKeys([newer, older], LIMITS, [], NOW);
    expect(result.outOfPolicy).toHaveLength(1);
    expect(result.outOfPolicy[0]).toMatchObject({
      key: older,
      violations: ['two-active-keys'],
      newerKeyId: newer.accessKeyId,
      overdueDays: 1,
    });
    const inGrace = judgeKeys([older, key('rot', { ageDays: 9, usedDaysAgo: 0 })], LIMITS, [], NOW);
    expect(inGrace.outOfPolicy).toEqual([]);
    // Two keys made in the same second still leave exactly one to retire.
    const twins = [key('t', { ageDays: 20, usedDaysAgo: 0 }), key('t', { ageDays: 20, usedDaysAgo: 0 })];
    expect(judgeKeys(twins, LIMITS, [], NOW).outOfPolicy).toHaveLength(1);
  });

  it('flags inactive keys left undeleted, whatever their use, and not for age or use', () => {
    const inactive = key('gone', { ageDays: 400, usedDaysAgo: 300, status: 'Inactive' });
    const expired = key('gone2', { ageDays: 5, status: 'Expired' });
    const result = judgeKeys([inactive, expired], LIMITS, [], NOW);
    expect(result.outOfPolicy.map((v) => v.violations)).toEqual([
      ['inactive-not-deleted'],
      ['inactive-not-deleted'],
    ]);
  });

  it('a key can break several rules at once', () => {
    const k = key('x', { ageDays: 200, usedDaysAgo: 100 });
    expect(judgeKeys([k], LIMITS, [], NOW).outOfPolicy[0]).toMatchObject({
      violations: ['age', 'unused'],
      overdueDays: 110,
    });
  });

  it('sorts by urgency: rotate/disable first, then two active keys, then inactive; most overdue first', () => {
    const keys = [
      key('inactive', { ageDays: 900, status: 'Inactive' }),
      key('two', { ageDays: 80, usedDaysAgo: 0 }),
      key('two', { ageDays: 40, usedDaysAgo: 0 }),
      key('slightly-old', { ageDays: 95, usedDaysAgo: 0 }),
      key('very-old', { ageDays: 500, usedDaysAgo: 0 }),
      key('idle', { ageDays: 60, usedDaysAgo: 59 }),
    ];
    const order = judgeKeys(keys, LIMITS, [], NOW).outOfPolicy.map((v) => v.key.userName);
    expect(order).toEqual(['very-old', 'idle', 'slightly-old', 'two', 'inactive']);
  });

  it('changing the clock changes the verdict: an injected now, never the system clock', () => {
    const k = key('a', { ageDays: 30, usedDaysAgo: 1 });
    expect(judgeKeys([k], LIMITS, [], NOW).outOfPolicy).toEqual([]);
    const later = new Date(NOW.getTime() + 61 * DAY_MS);
    expect(judgeKeys([k], LIMITS, [], later).outOfPolicy[0]?.violations).toEqual(['age', 'unused']);
  });

  it('an exception by user or key id moves keys to allowed; an expired one does not, and is reported', () => {
    const svc = key('Svc-Legacy', { ageDays: 300, usedDaysAgo: 0 });
    const pinned = key('app', { ageDays: 300, usedDaysAgo: 0 });
    const lapsed = key('old', { ageDays: 300, usedDaysAgo: 0 });
    const byUser = exception({ user: 'svc-legacy' });
    const byKey = exception({ keyId: pinned.accessKeyId });
    const expired = exception({ user: 'old', expires: new Date('2026-02-28T23:59:59.999Z') });
    const result = judgeKeys([svc, pinned, lapsed], LIMITS, [byUser, byKey, expired], NOW);
    expect(result.allowed.map((v) => [v.key.userName, v.allowedBy])).toEqual([
      ['app', byKey],
      ['Svc-Legacy', byUser],
    ]);
    expect(result.outOfPolicy.map((v) => v.key.userName)).toEqual(['old']);
    expect(result.expiredExceptions).toEqual([expired]);
  });
});

describe('rotationReason', () => {
  it('is unused before age, and none for two active keys or inactive keys', () => {
    const judged = judgeKeys(
      [
        key('both', { ageDays: 200, usedDaysAgo: 100 }),
        key('old', { ageDays: 200, usedDaysAgo: 0 }),
        key('gone', { ageDays: 5, status: 'Inactive' }),
      ],
      LIMITS,
      [],
      NOW,
    ).outOfPolicy;
    expect(judged.map((v) => [v.key.userName, rotationReason(v)])).toEqual([
      ['both', 'unused'],
      ['old', 'age'],
      ['gone', null],
    ]);
  });
});
