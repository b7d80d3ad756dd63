// What a leaked key did while exposed: CloudTrail LookupEvents against the local server (regional, like AWS).
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import type { Verification } from '../../src/types.js';
import { exposureStart, keyActivity } from '../../src/verify/key-activity.js';
import { ACCOUNT, callsOf, type Fixture, idDetection, policyWithout, setUp } from './aws-fixture.js';

let fx: Fixture;
afterEach(async () => fx?.close());

const DAY = 86_400_000;

describe('keyActivity', () => {
  it('summarises calls, source addresses and regions since the commit that added the key', async () => {
    fx = await setUp('verify');
    fx.server.addUser(ACCOUNT, 'alice');
    const now = Date.now();
    const key = fx.server.addKey(ACCOUNT, 'alice', {
      lastUsed: { date: new Date(now - DAY), service: 's3', region: 'eu-west-1' },
    });
    const record = (
      eventName: string,
      ip: string,
      region: string,
      daysAgo: number,
      source = 's3.amazonaws.com',
    ) =>
      fx.server.recordEvent({
        accessKeyId: key.accessKeyId,
        eventName,
        eventSource: source,
        sourceIPAddress: ip,
        awsRegion: region,
        eventTime: new Date(now - daysAgo * DAY),
      });
    record('ListBuckets', '198.51.100.7', 'eu-west-1', 2);
    record('ListBuckets', '198.51.100.7', 'eu-west-1', 1.5);
    record('GetObject', '203.0.113.9', 'us-east-1', 1);
    record('ListUsers', '203.0.113.9', 'us-east-1', 1, 'iam.amazonaws.com');
    record('ListBuckets', '192.0.2.1', 'us-east-1', 20); // before the commit: not part of the exposure
    const commitDate = new Date(now - 5 * DAY).toISOString();
    const verification: Verification = {
      status: 'active',
      account: ACCOUNT,
      user: 'alice',
      lastUsed: new Date(now - DAY).toISOString(),
      lastUsedRegion: 'eu-west-1',
    };

    const activity = await keyActivity(
      [idDetection(key.accessKeyId, { commitDate })],
      new Map([[key.accessKeyId, verification]]),
      { session: await fx.session(), logger: silentLogger },
    );

    expect(activity.get(key.accessKeyId)).toEqual({
      available: true,
      since: commitDate,
      events: 4,
      calls: [
        { name: 's3:ListBuckets', count: 2 },
        { name: 'iam:ListUsers', count: 1 },
        { name: 's3:GetObject', count: 1 },
      ],
      sourceAddresses: ['198.51.100.7', '203.0.113.9'],
      regions: ['eu-west-1', 'us-east-1'],
    });
    // Event history is regional: the client's region and the one IAM last saw the key in.
    expect(callsOf(fx.server, 'LookupEvents')).toHaveLength(2);
  });

  it('says so without cloudtrail:LookupEvents', async () => {
    fx = await setUp(policyWithout('verify', 'cloudtrail:LookupEvents'));
    const v: Verification = {
      status: 'active',
      account: ACCOUNT,
      user: 'alice',
      lastUsed: new Date().toISOString(),
    };
    const keyId = 'AKIA' + 'Q'.repeat(16);

    const activity = await keyActivity([idDetection(keyId)], new Map([[keyId, v]]), {
      session: await fx.session(),
      logger: silentLogger,
    });

    expect(activity.get(keyId)).toEqual({
      available: false,
      reason: 'CloudTrail not read: access denied: missing permission cloudtrail:LookupEvents',
    });
  });

  it('asks CloudTrail nothing for a key IAM never saw used, nor for keys that are not yours', async () => {
    fx = await setUp('verify');
    const verifications = new Map<string, Verification>([
      ['AKIA' + 'R'.repeat(16), { status: 'active', account: ACCOUNT, user: 'alice', lastUsed: null }],
      ['AKIA' + 'S'.repeat(16), { status: 'not-ours', account: '210987654321' }],
      ['AKIA' + 'T'.repeat(16), { status: 'canary', account: '052310077262' }],
    ]);

    const activity = await keyActivity([], verifications, {
      session: await fx.session(),
      logger: silentLogger,
    });

    expect(activity.get('AKIA' + 'R'.repeat(16))).toMatchObject({ available: true, events: 0 });
    expect(activity.has('AKIA' + 'S'.repeat(16))).toBe(false);
    expect(fx.server.calls).toHaveLength(0);
  });

  it('the exposure window starts at the earliest commit, at most 90 days back', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    const id = 'AKIA' + 'U'.repeat(16);
    expect(
      exposureStart([idDetection(id, { commitDate: '2026-05-01T00:00:00Z' })], id, now).toISOString(),
    ).toBe('2026-05-01T00:00:00.000Z');
    expect(
      exposureStart([idDetection(id, { commitDate: '2025-01-01T00:00:00Z' })], id, now).toISOString(),
    ).toBe('2026-03-03T00:00:00.000Z');
    expect(exposureStart([idDetection(id, { commitDate: null })], id, now).toISOString()).toBe(
      '2026-03-03T00:00:00.000Z',
    );
  });
});
