// The plan is pure data: who is acted on, which calls, in which order, within IAM's limits.
import { describe, expect, it } from 'vitest';
import { leakTag } from '../../src/respond/leak-policies.js';
import { type LeakTarget, planPrincipal, principalOf } from '../../src/respond/response-plan.js';
import { makeConfig } from '../verify/aws-fixture.js';

describe('principalOf', () => {
  it.each([
    ['AKIAXXXXXXXXXXXXXXXX', { status: 'active', user: 'alice' }, { kind: 'user', name: 'alice' }],
    [
      'ASIAXXXXXXXXXXXXXXXX',
      { status: 'active', arn: 'arn:aws:iam::123456789012:user/team/bob' },
      { kind: 'user', name: 'bob' },
    ],
    [
      'ASIAXXXXXXXXXXXXXXXX',
      { status: 'active', arn: 'arn:aws:iam::123456789012:role/deploy/ci' },
      { kind: 'role', name: 'ci' },
    ],
    [
      'ASIAXXXXXXXXXXXXXXXX',
      { status: 'active', arn: 'arn:aws:sts::123456789012:assumed-role/ci/run-42' },
      { kind: 'role', name: 'ci' },
    ],
  ] as const)('%s %j', (keyId, verification, expected) => {
    expect(principalOf(keyId, verification)).toEqual(expected);
  });

  it('says why there is nothing to act on', () => {
    expect(principalOf('AKIAXXXXXXXXXXXXXXXX', { status: 'active' })).toEqual({
      reason: 'IAM names no user for this key: nothing to act on',
    });
    expect(
      principalOf('ASIAXXXXXXXXXXXXXXXX', { status: 'active', arn: 'arn:aws:iam::123456789012:root' }),
    ).toMatchObject({
      reason: expect.stringMatching(/no IAM user or role/) as unknown,
    });
    expect(principalOf('ASIAXXXXXXXXXXXXXXXX', { status: 'active' })).toMatchObject({
      reason: expect.stringMatching(/CloudTrail did not name/) as unknown,
    });
  });
});

describe('leakTag', () => {
  it('stays within IAM tag limits whatever the path', () => {
    const tag = leakTag(
      'AKIAXXXXXXXXXXXXXXXX',
      [
        { file: `${'déjà vu/'.repeat(60)}$(weird)#[name].env`, line: 3, commit: 'abc' },
        { file: 'b', line: 1, commit: null },
      ],
      '2026-07-01T00:00:00Z',
    );
    expect(tag.Key).toBe('secret-guard:leak:AKIAXXXXXXXXXXXXXXXX');
    expect(tag.Value.length).toBeLessThanOrEqual(256);
    expect(tag.Value).toMatch(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u);
    expect(tag.Value).toMatch(/__weird___name_\.env:3 @abc \+1 more at 2026-07-01T00:00:00Z$/);
  });
});

describe('planPrincipal', () => {
  const target = (keyId: string): LeakTarget => ({
    keyId,
    verification: { status: 'active', user: 'sg' },
    temporary: false,
    principal: { kind: 'user', name: 'sg' },
    sites: [],
  });
  const options = { revokeBefore: '2026-07-01T00:00:01Z', respondedAt: '2026-07-01T00:00:00Z' };

  it('deactivates first for an ordinary user', () => {
    const plan = planPrincipal({ kind: 'user', name: 'sg' }, [target('AKIAONE'), target('AKIATWO')], {
      ...options,
      config: makeConfig({ response: { quarantine: 'deny-all' } }),
      own: false,
      ownKeyId: null,
    });
    expect(plan.steps.map((s) => s.call.api)).toEqual([
      'iam:UpdateAccessKey',
      'iam:UpdateAccessKey',
      'iam:PutUserPolicy',
      'iam:PutUserPolicy',
      'iam:TagUser',
    ]);
  });

  it("puts secret-guard's own key last and leaves out a quarantine that would lock it out", () => {
    const plan = planPrincipal({ kind: 'user', name: 'sg' }, [target('AKIAOWN'), target('AKIAOTHER')], {
      ...options,
      config: makeConfig({ response: { quarantine: 'aws-managed' } }),
      own: true,
      ownKeyId: 'AKIAOWN',
    });
    expect(
      plan.steps.map(
        (s) => `${s.call.api}${'AccessKeyId' in s.call.params ? ` ${s.call.params.AccessKeyId}` : ''}`,
      ),
    ).toEqual([
      'iam:TagUser',
      'iam:UpdateAccessKey AKIAOTHER',
      'iam:PutUserPolicy',
      'iam:UpdateAccessKey AKIAOWN',
    ]);
    expect(plan.notes.join()).toMatch(/quarantine not applied/);
  });
});
