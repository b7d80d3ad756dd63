// runAudit in process against the local IAM server: hundreds of users over several pages, keys of every age and
// state, an injected clock; the credential report and the listing agree; waiting for a report, falling back,
// missing permissions, users deleted or failing mid-audit; exceptions from .secret-guard.yml.
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it } from 'vitest';
import { auditExitCode, isPartial, type AuditResult } from '../../src/audit/audit-result.js';
import { runAudit } from '../../src/audit/audit.js';
import type { Violation } from '../../src/audit/policy.js';
import { OperationalError } from '../../src/errors.js';
import {
  ACCOUNT,
  addUser,
  AUDITOR,
  DAY,
  makeWorld,
  policyWith,
  populate,
  type AuditWorld,
  type Kind,
} from './audit-fixture.js';

const EXPECTED: Record<Kind, Violation[][]> = {
  fresh: [],
  old: [['age']],
  idle: [['age', 'unused']],
  'idle-young': [['unused']],
  never: [['never-used']],
  'new-never': [],
  two: [['two-active-keys']],
  inactive: [['inactive-not-deleted']],
  none: [],
};

let world: AuditWorld;
afterEach(async () => {
  await world.close();
});

/** user → its keys' violations, for comparing runs. */
function verdicts(result: AuditResult): Map<string, Array<[string | null, Violation[]]>> {
  const out = new Map<string, Array<[string | null, Violation[]]>>();
  for (const f of result.findings) {
    const list = out.get(f.key.userName) ?? [];
    list.push([f.key.accessKeyId, f.violations]);
    out.set(f.key.userName, list);
  }
  return out;
}

function actions(world: AuditWorld): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of world.server.calls) counts[c.action] = (counts[c.action] ?? 0) + 1;
  return counts;
}

describe('an account of hundreds of users', () => {
  it('the listing walks every page and flags exactly the keys out of policy, most urgent first', async () => {
    world = await makeWorld();
    const kinds = populate(world, 300);
    const result = await runAudit(world.options({ overrides: { source: 'listing' }, usersPerPage: 100 }));

    expect(result.inventory.source).toBe('listing');
    expect(result.inventory.users).toBe(301);
    expect(actions(world).ListUsers).toBe(4);
    expect(result.inventory.failures).toEqual([]);
    for (const [user, kind] of kinds) {
      expect([
        user,
        verdicts(result)
          .get(user)
          ?.map(([, v]) => v) ?? [],
      ]).toEqual([user, EXPECTED[kind]]);
    }
    // Every finding names its key, and two active keys flag the older one.
    for (const f of result.findings) expect(f.key.accessKeyId).toMatch(/^AKIA/);
    const two = result.findings.find((f) => f.key.userName === 'u-0006-two');
    expect(two?.key.accessKeyId).toBe(world.keys.get('u-0006-two')?.[0]);
    expect(two?.newerKeyId).toBe(world.keys.get('u-0006-two')?.[1]);
    // Urgency: rotate/disable first (most overdue first), then two active keys, then inactive keys.
    const tiers = result.findings.map((f) =>
      f.violations.includes('inactive-not-deleted') ? 2 : f.violations.includes('two-active-keys') ? 1 : 0,
    );
    expect(tiers).toEqual([...tiers].sort());
    expect(result.findings[0]?.violations).toEqual(['age']);
    expect(auditExitCode(result)).toBe(1);
  });

  it('the credential report gives the same verdicts in a few calls, listing only the users to name', async () => {
    world = await makeWorld();
    populate(world, 300);
    const listed = await runAudit(world.options({ overrides: { source: 'listing' } }));
    const before = world.server.calls.length;
    const reported = await runAudit(world.options());

    expect(reported.inventory.source).toBe('credential-report');
    expect(verdicts(reported)).toEqual(verdicts(listed));
    expect(reported.keys).toBe(listed.keys);
    expect(reported.inPolicy).toBe(listed.inPolicy);
    const calls = world.server.calls.slice(before);
    const flaggedUsers = new Set(reported.findings.map((f) => f.key.userName)).size;
    expect(calls.filter((c) => c.action === 'ListUsers')).toEqual([]);
    expect(calls.filter((c) => c.action === 'GetCredentialReport')).toHaveLength(1);
    expect(calls.filter((c) => c.action === 'ListAccessKeys')).toHaveLength(flaggedUsers);
    expect(calls.filter((c) => c.action === 'GetAccessKeyLastUsed')).toEqual([]);
    expect(reported.awsCalls['iam:ListAccessKeys']).toBe(flaggedUsers);
    expect(reported.inventory.asOf.getTime()).toBeLessThanOrEqual(Date.now());
  });
});

describe('the clock', () => {
  it('judges at the injected now, not the system clock', async () => {
    world = await makeWorld();
    addUser(world, 'alice', 'fresh');
    expect((await runAudit(world.options())).findings).toEqual([]);
    const later = new Date(world.now.getTime() + 100 * DAY);
    const result = await runAudit(world.options({ now: later }));
    const alice = result.findings.find((f) => f.key.userName === 'alice');
    expect(alice?.violations).toEqual(['age', 'unused']);
    expect(alice?.ageDays).toBe(110);
    expect(result.now).toEqual(later);
  });

  it('limits from the options override the configuration', async () => {
    world = await makeWorld();
    addUser(world, 'alice', 'fresh');
    world.config('audit:\n  maxAgeDays: 30\n');
    expect((await runAudit(world.options())).findings).toEqual([]);
    const strict = await runAudit(world.options({ overrides: { maxAgeDays: 5 } }));
    expect(strict.findings.map((f) => f.violations)).toEqual([['age']]);
    expect(strict.limits.maxAgeDays).toBe(5);
  });
});

describe('the credential report', () => {
  it('is waited for while it is being generated', async () => {
    world = await makeWorld();
    addUser(world, 'alice', 'old');
    world.server.setCredentialReportTiming({ generationMs: 600 });
    const result = await runAudit(world.options());
    expect(result.inventory.source).toBe('credential-report');
    expect(result.findings).toHaveLength(1);
    expect(actions(world).GenerateCredentialReport).toBeGreaterThan(1);
  });

  it('not ready within the bound: auto falls back to the listing and says so; credential-report fails', async () => {
    world = await makeWorld();
    addUser(world, 'alice', 'old');
    world.server.setCredentialReportTiming({ generationMs: 3_600_000 });
    const result = await runAudit(world.options({ reportWaitMs: 300 }));
    expect(result.inventory.source).toBe('listing');
    expect(result.findings).toHaveLength(1);
    expect(result.inventory.notes.join('\n')).toMatch(/credential report not used \(.*still being generated/);

    const strict = runAudit(world.options({ reportWaitMs: 300, overrides: { source: 'credential-report' } }));
    await expect(strict).rejects.toThrow(OperationalError);
    await expect(strict).rejects.toThrow(/cannot use the credential report/);
  });
  it('complete but expired each time it is fetched: given up at once, and read user by user', async () => {
    world = await makeWorld();
    addUser(world, 'alice', 'old');
    world.server.setCredentialReportTiming({ expiresAfterMs: 0 });
    const result = await runAudit(world.options());
    expect(result.inventory.source).toBe('listing');
    expect(result.inventory.notes[0]).toContain(
      'the credential report is complete but cannot be fetched (CredentialReportExpiredException)',
    );
    expect(actions(world).GetCredentialReport).toBe(2);
  });
});

describe('permissions', () => {
  it('without the report permissions, auto lists users instead and names the permission', async () => {
    world = await makeWorld(policyWith(['iam:GenerateCredentialReport', 'iam:GetCredentialReport']));
    addUser(world, 'alice', 'never');
    const result = await runAudit(world.options());
    expect(result.inventory.source).toBe('listing');
    expect(result.findings.map((f) => f.violations)).toEqual([['never-used']]);
    expect(result.inventory.notes[0]).toContain('missing permission iam:GenerateCredentialReport');
    expect(world.logger.messages.some((m) => m.level === 'warn')).toBe(true);
  });

  it('without any way to list users, the audit cannot run, and says which permission it lacks', async () => {
    world = await makeWorld(
      policyWith(['iam:GenerateCredentialReport', 'iam:GetCredentialReport', 'iam:ListUsers']),
    );
    await expect(runAudit(world.options())).rejects.toThrow(
      'cannot list the IAM users: access denied: missing permission iam:ListUsers',
    );
  });

  it('without ListAccessKeys every user fails on its own, naming the permission: partial, exit 3', async () => {
    world = await makeWorld(policyWith(['iam:ListAccessKeys']));
    addUser(world, 'alice', 'fresh');
    const result = await runAudit(world.options({ overrides: { source: 'listing' } }));
    expect(result.inventory.failures.map((f) => [f.userName, f.kind, f.reason])).toEqual([
      ['alice', 'access-denied', 'iam:ListAccessKeys: access denied: missing permission iam:ListAccessKeys'],
      [AUDITOR, 'access-denied', 'iam:ListAccessKeys: access denied: missing permission iam:ListAccessKeys'],
    ]);
    expect(isPartial(result)).toBe(true);
    expect(auditExitCode(result)).toBe(3);
  });
});

describe('permissions, key by key', () => {
  it('without GetAccessKeyLastUsed the keys are still judged for age; their use is unknown, named per user', async () => {
    world = await makeWorld(policyWith(['iam:GetAccessKeyLastUsed']));
    addUser(world, 'alice', 'old');
    const result = await runAudit(world.options({ overrides: { source: 'listing' } }));
    expect(result.findings.map((f) => [f.key.userName, f.violations, f.key.lastUsed])).toEqual([
      ['alice', ['age'], null],
    ]);
    expect(result.inventory.failures.map((f) => f.reason)).toContain(
      'iam:GetAccessKeyLastUsed: access denied: missing permission iam:GetAccessKeyLastUsed',
    );
    expect(isPartial(result)).toBe(true);
  });
});

describe('users failing mid-audit are reported one by one; the audit goes on', () => {
  it('a user deleted mid-audit and a throttled one; the rest are judged', async () => {
    world = await makeWorld();
    addUser(world, 'deleted', 'old');
    addUser(world, 'throttled', 'old');
    addUser(world, 'fine', 'old');
    world.server.injectFault({
      kind: 'delete-user',
      action: 'ListAccessKeys',
      params: { UserName: 'deleted' },
    });
    world.server.injectFault({
      kind: 'throttle',
      action: 'ListAccessKeys',
      params: { UserName: 'throttled' },
      times: 20,
    });
    const result = await runAudit(world.options({ overrides: { source: 'listing' } }));

    expect(result.inventory.gone).toEqual(['deleted']);
    expect(result.inventory.failures).toEqual([
      expect.objectContaining({ userName: 'throttled', kind: 'throttled', judged: false }),
    ]);
    expect(result.inventory.failures[0]?.reason).toMatch(
      /^iam:ListAccessKeys: throttled by AWS \(Throttling\)/,
    );
    expect(result.findings.map((f) => f.key.userName)).toEqual(['fine']);
    expect(auditExitCode(result)).toBe(1);
  });

  it('a user whose call times out is reported as such; the rest are judged', async () => {
    world = await makeWorld();
    addUser(world, 'slow', 'old');
    addUser(world, 'fine', 'old');
    world.config('aws:\n  callTimeoutSeconds: 1\n');
    world.server.injectFault({
      kind: 'slow',
      delayMs: 3_000,
      action: 'ListAccessKeys',
      params: { UserName: 'slow' },
    });
    const result = await runAudit(world.options({ overrides: { source: 'listing' } }));
    expect(result.inventory.failures.map((f) => [f.userName, f.kind])).toEqual([['slow', 'timeout']]);
    expect(result.findings.map((f) => f.key.userName)).toEqual(['fine']);
  });

  it('by the report: a user deleted after the report is dropped; one whose ids cannot be had keeps its finding', async () => {
    world = await makeWorld();
    addUser(world, 'deleted', 'old');
    addUser(world, 'throttled', 'old');
    world.server.injectFault({
      kind: 'delete-user',
      action: 'ListAccessKeys',
      params: { UserName: 'deleted' },
    });
    world.server.injectFault({
      kind: 'throttle',
      action: 'ListAccessKeys',
      params: { UserName: 'throttled' },
      times: 20,
    });
    const result = await runAudit(world.options());
    expect(result.inventory.source).toBe('credential-report');
    expect(result.inventory.gone).toEqual(['deleted']);
    expect(result.findings.map((f) => [f.key.userName, f.key.accessKeyId, f.violations])).toEqual([
      ['throttled', null, ['age']],
    ]);
    expect(result.inventory.failures[0]).toMatchObject({
      userName: 'throttled',
      kind: 'throttled',
      judged: true,
    });
    expect(result.inventory.failures[0]?.reason).toMatch(/^key ids unknown: iam:ListAccessKeys: throttled/);
    expect(isPartial(result)).toBe(false);
  });

  it('only failures and nothing out of policy: exit 3, never 0', async () => {
    world = await makeWorld();
    addUser(world, 'throttled', 'fresh');
    world.server.injectFault({
      kind: 'throttle',
      action: 'ListAccessKeys',
      params: { UserName: 'throttled' },
      times: 20,
    });
    const result = await runAudit(world.options({ overrides: { source: 'listing' } }));
    expect(result.findings).toEqual([]);
    expect(auditExitCode(result)).toBe(3);
  });
});

describe('documented exceptions', () => {
  it('keys of an allowed user or an allowed key id are reported apart, and do not fail the audit', async () => {
    world = await makeWorld();
    const [pinned] = addUser(world, 'app', 'old');
    addUser(world, 'legacy-sftp', 'idle');
    world.config(
      [
        'audit:',
        '  allow:',
        '    - user: legacy-sftp',
        '      reason: "vendor appliance cannot rotate; SEC-42"',
        `    - keyId: ${pinned}`,
        '      reason: break-glass key kept offline',
        '      expires: 2999-12-31',
      ].join('\n') + '\n',
    );
    const result = await runAudit(world.options());
    expect(result.findings).toEqual([]);
    // Most overdue first: 110 days past the age limit, then 15 days past the unused one.
    expect(result.allowed.map((v) => [v.key.userName, v.allowedBy?.reason])).toEqual([
      ['app', 'break-glass key kept offline'],
      ['legacy-sftp', 'vendor appliance cannot rotate; SEC-42'],
    ]);
    expect(auditExitCode(result)).toBe(0);
  });
});

describe('--respond', () => {
  it('--deactivate-unused deactivates unused and never-used keys, not old keys in use, and never deletes', async () => {
    world = await makeWorld(policyWith([], ['iam:UpdateAccessKey']));
    const [idle] = addUser(world, 'idle', 'idle-young');
    const [never] = addUser(world, 'never', 'never');
    const [old] = addUser(world, 'old', 'old');
    const result = await runAudit(world.options({ respond: true, overrides: { deactivateUnused: true } }));
    expect(world.server.keyStatus(idle!)).toBe('Inactive');
    expect(world.server.keyStatus(never!)).toBe('Inactive');
    expect(world.server.keyStatus(old!)).toBe('Active');
    const byUser = new Map(result.findings.map((f) => [f.key.userName, f]));
    expect(byUser.get('idle')?.deactivation).toEqual({ action: 'deactivated', reason: 'unused for 47 days' });
    expect(byUser.get('never')?.deactivation).toEqual({
      action: 'deactivated',
      reason: 'never used in 60 days',
    });
    expect(byUser.get('old')?.deactivation).toBeNull();
    expect(world.server.calls.filter((c) => c.action === 'DeleteAccessKey')).toEqual([]);
    expect(result.response).toBe('respond');
  });

  it('a key the report says is unused but IAM says was used since is left alone', async () => {
    world = await makeWorld(policyWith([], ['iam:UpdateAccessKey']));
    const [idle] = addUser(world, 'idle', 'idle-young');
    await runAudit(world.options()); // the credential report is made now, and reused for four hours
    const creds = world.credentials.get(idle!)!;
    const sts = new STSClient({ endpoint: world.server.url, region: 'us-east-1', credentials: creds });
    await sts.send(new GetCallerIdentityCommand({}));
    sts.destroy();

    const result = await runAudit(world.options({ respond: true, overrides: { deactivateUnused: true } }));
    expect(result.findings[0]?.violations).toEqual(['unused']);
    expect(result.findings[0]?.deactivation?.action).toBe('skipped');
    expect(result.findings[0]?.deactivation?.reason).toMatch(/^used on \d{4}-\d\d-\d\d, within 45 days/);
    expect(world.server.keyStatus(idle!)).toBe('Active');
  });

  it('--dry-run plans and changes nothing', async () => {
    world = await makeWorld(policyWith([], ['iam:UpdateAccessKey']));
    const [idle] = addUser(world, 'idle', 'idle-young');
    const result = await runAudit(
      world.options({ respond: true, dryRun: true, overrides: { deactivateUnused: true } }),
    );
    expect(result.findings[0]?.deactivation).toEqual({
      action: 'planned',
      reason: 'would deactivate: unused for 47 days',
    });
    expect(world.server.keyStatus(idle!)).toBe('Active');
    expect(world.server.calls.filter((c) => c.action === 'UpdateAccessKey')).toEqual([]);
    expect(result.response).toBe('plan');
  });

  it('without iam:UpdateAccessKey the deactivation fails, naming the permission; the key stays', async () => {
    world = await makeWorld();
    const [idle] = addUser(world, 'idle', 'idle-young');
    const result = await runAudit(world.options({ respond: true, overrides: { deactivateUnused: true } }));
    expect(result.findings[0]?.deactivation).toEqual({
      action: 'failed',
      reason: 'access denied: missing permission iam:UpdateAccessKey',
    });
    expect(world.server.keyStatus(idle!)).toBe('Active');
    expect(auditExitCode(result)).toBe(1);
  });

  it('without --deactivate-unused nothing is deactivated', async () => {
    world = await makeWorld(policyWith([], ['iam:UpdateAccessKey']));
    const [idle] = addUser(world, 'idle', 'idle-young');
    const result = await runAudit(world.options({ respond: true }));
    expect(result.findings[0]?.deactivation).toBeNull();
    expect(world.server.keyStatus(idle!)).toBe('Active');
    expect(result.account).toBe(ACCOUNT);
  });
});
