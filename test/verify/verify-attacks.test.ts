// Red-team tests of verification: attempts to make a verdict say more than AWS said. Real HTTP to the local AWS
// server (IAM, STS, CloudTrail), the responder signing with policies/verify-policy.json.
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
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
