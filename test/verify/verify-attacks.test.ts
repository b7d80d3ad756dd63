// Red-team tests of verification: attempts to make a verdict say more than AWS said. Real HTTP to the local AWS
// server (IAM, STS, CloudTrail), the responder signing with policies/verify-policy.json.
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import type { Verification } from '../../src/types.js';
import { keyActivity } from '../../src/verify/key-activity.js';
import { verifyDetections } from '../../src/verify/verify.js';
import {
  ACCOUNT,
  type Fixture,
  idDetection,
  leakOf,
  makeConfig,
  OTHER_ACCOUNT,
  setUp,
} from './aws-fixture.js';

let fx: Fixture;
afterEach(async () => fx?.close());

describe('a key of another of your accounts than the one secret-guard signs in', () => {
  // IAM answers GetAccessKeyLastUsed for a key of another account with the same AccessDenied "on resource: access
  // key" as for a key that does not exist. With `accounts` naming two accounts and credentials in one, a live key
  // of the other was reported `not-found`, "deleted, or never existed": a leak dismissed as nothing.
  it('is not said to be deleted: unverified, naming the account to run in', async () => {
    fx = await setUp('verify');
    fx.server.addUser(OTHER_ACCOUNT, 'app');
    const key = fx.server.addKey(OTHER_ACCOUNT, 'app');
    const config = makeConfig({ accounts: [ACCOUNT, OTHER_ACCOUNT] });
    const verifications = await verifyDetections([idDetection(key.accessKeyId), leakOf(key)], {
      config,
      session: await fx.session(config),
      inCi: false,
      logger: silentLogger,
    });
    const verdict = verifications.get(key.accessKeyId);
    expect(verdict?.status).toBe('unverified');
    expect(verdict?.reason).toMatch(new RegExp(`account ${OTHER_ACCOUNT}`));
    expect(verdict?.reason).toMatch(new RegExp(`credentials of account ${ACCOUNT}`));
    expect(verdict?.reason).not.toMatch(/deleted|never existed/);
  }, 60_000);
});

describe('the proof of a found pair', () => {
  // The proof signs with its own client, one attempt, and retried only a SignatureDoesNotMatch: one Throttling or
  // 500 from STS left a working leaked pair unproven, so the response left the key Active.
  for (const kind of ['throttle', 'server-error'] as const) {
    it(`survives one ${kind} from STS: the pair is proven`, async () => {
      fx = await setUp('verify');
      fx.server.addUser(ACCOUNT, 'app');
      const key = fx.server.addKey(ACCOUNT, 'app');
      fx.server.injectFault({ service: 'sts', action: 'GetCallerIdentity', kind, times: 1 });
      const config = makeConfig();
      const verifications = await verifyDetections([leakOf(key)], {
        config,
        session: await fx.session(config),
        inCi: true,
        responding: true,
        logger: silentLogger,
      });
      expect(verifications.get(key.accessKeyId)).toMatchObject({ status: 'active', pairValid: true });
    }, 60_000);
  }

  it('persistent throttling leaves it unproven, saying why, never active', async () => {
    fx = await setUp('verify');
    fx.server.addUser(ACCOUNT, 'app');
    const key = fx.server.addKey(ACCOUNT, 'app');
    fx.server.injectFault({ service: 'sts', action: 'GetCallerIdentity', kind: 'throttle', times: 100 });
    const config = makeConfig();
    const verifications = await verifyDetections([leakOf(key)], {
      config,
      session: await fx.session(config),
      inCi: true,
      responding: true,
      logger: silentLogger,
    });
    expect(verifications.get(key.accessKeyId)?.status).toBe('unverified');
    expect(verifications.get(key.accessKeyId)?.reason).toMatch(/could not be proven: throttled/);
  }, 60_000);
});

describe('what a leaked key did (CloudTrail)', () => {
  // The summary starts at the commit's date, which its author sets (or a skewed clock): a commit dated in the
  // future made the window start now, so the key's use by an attacker was "before the exposure began" and CloudTrail
  // was not even asked. The issue then said nothing had happened.
  it('a commit dated in the future does not hide the use of the key', async () => {
    fx = await setUp('verify');
    fx.server.addUser(ACCOUNT, 'app');
    const now = Date.now();
    const key = fx.server.addKey(ACCOUNT, 'app', {
      lastUsed: { date: new Date(now - 3_600_000), service: 'iam', region: 'us-east-1' },
    });
    fx.server.recordEvent({
      accessKeyId: key.accessKeyId,
      eventName: 'ListUsers',
      eventSource: 'iam.amazonaws.com',
      sourceIPAddress: '203.0.113.9',
      awsRegion: 'us-east-1',
      eventTime: new Date(now - 3_600_000),
    });
    const verification: Verification = {
      status: 'active',
      account: ACCOUNT,
      user: 'app',
      lastUsed: new Date(now - 3_600_000).toISOString(),
      lastUsedRegion: 'us-east-1',
    };
    const activity = await keyActivity(
      [idDetection(key.accessKeyId, { commitDate: '2099-01-01T00:00:00Z' })],
      new Map([[key.accessKeyId, verification]]),
      { session: await fx.session(), logger: silentLogger },
    );
    expect(activity.get(key.accessKeyId)).toMatchObject({
      available: true,
      events: 1,
      calls: [{ name: 'iam:ListUsers', count: 1 }],
    });
  }, 60_000);
});
