// The run's AWS session against the local IAM/STS/CloudTrail server: one region lookup, one deadline, one retry
// budget and one "who am I" for all the stages of a run.
import { afterEach, describe, expect, it } from 'vitest';
import { AwsSession } from '../../src/aws/session.js';
import { DEFAULT_CONFIG } from '../../src/config/config.js';
import { silentLogger } from '../../src/logger.js';
import { respondToLeaks } from '../../src/respond/respond.js';
import { verifyDetections } from '../../src/verify/verify.js';
import {
  ACCOUNT,
  callsOf,
  type Fixture,
  idDetection,
  leakOf,
  makeConfig,
  setUp,
} from '../verify/aws-fixture.js';

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

describe('region', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  });

  it('comes from the SDK chain, and is us-east-1 when none is configured (IAM is global)', async () => {
    for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key];
    process.env.AWS_CONFIG_FILE = '/nonexistent/config';
    process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/credentials';
    const open = async (region?: string) =>
      (await AwsSession.open(region ? { region } : {}, DEFAULT_CONFIG.aws)).region;

    expect(await open()).toBe('us-east-1');
    process.env.AWS_REGION = 'eu-west-2';
    expect(await open()).toBe('eu-west-2');
    expect(await open('ap-south-1')).toBe('ap-south-1');
  });
});

describe('throttling is shared', () => {
  it('forty keys that AWS keeps throttling make forty calls and the run’s few retries, not three calls each', async () => {
    fx = await setUp('verify');
    fx.server.addUser(ACCOUNT, 'alice');
    const ids = Array.from({ length: 40 }, () => fx!.server.addKey(ACCOUNT, 'alice').accessKeyId);
    fx.server.injectFault({ kind: 'throttle', action: 'GetAccessKeyLastUsed', times: 1_000 });
    // Wide time bounds, so that every key gets its answer from AWS rather than from a clock.
    const config = makeConfig({ aws: { callTimeoutMs: 120_000, totalTimeoutMs: 240_000 } });

    const result = await verifyDetections(
      ids.map((id) => idDetection(id)),
      { config, session: await fx.session(config), inCi: false, logger: silentLogger },
    );

    expect(result.size).toBe(40);
    for (const v of result.values()) {
      expect(v.status).toBe('unverified');
      expect(v.reason).toMatch(/^throttled by AWS \(Throttling\)/);
    }
    const received = callsOf(fx.server, 'GetAccessKeyLastUsed');
    expect(received.every((c) => c.errorCode === 'Throttling')).toBe(true);
    expect(new Set(received.map((c) => c.params.AccessKeyId)).size).toBe(40);
    // Forty first tries and the run's budget of ten retries; each call on its own would have made 120.
    expect(received.length).toBeLessThanOrEqual(50);
  }, 300_000);
});

describe('one run, one session', () => {
  it('asks who secret-guard is once, for the verification and the response together', async () => {
    fx = await setUp('respond');
    fx.server.addUser(ACCOUNT, 'alice');
    const key = fx.server.addKey(ACCOUNT, 'alice');
    const config = makeConfig({ accounts: [] });
    const session = await fx.session(config);
    const found = [leakOf(key)];

    const verifications = await verifyDetections(found, {
      config,
      session,
      inCi: false,
      responding: true,
      logger: silentLogger,
    });
    const outcomes = await respondToLeaks(found, verifications, {
      config,
      session,
      dryRun: false,
      logger: silentLogger,
    });

    expect(outcomes.get(key.accessKeyId)?.action).toBe('deactivated');
    // One signed with secret-guard's own key; the proof of the found pair is signed with the pair.
    const asked = callsOf(fx.server, 'GetCallerIdentity').map((c) => c.accessKeyId);
    expect(asked.sort()).toEqual([fx.responderKeyId, key.accessKeyId].sort());
  });

  it('has one deadline: once it has passed, no call reaches AWS and every key says why', async () => {
    fx = await setUp('verify');
    fx.server.addUser(ACCOUNT, 'alice');
    const key = fx.server.addKey(ACCOUNT, 'alice');
    const config = makeConfig({ aws: { totalTimeoutMs: 50 } });
    const session = await fx.session(config);
    await new Promise((resolve) => setTimeout(resolve, 200));

    const result = await verifyDetections([idDetection(key.accessKeyId)], {
      config,
      session,
      inCi: false,
      logger: silentLogger,
    });

    expect(result.get(key.accessKeyId)?.reason).toMatch(/ran out of time \(0\.05 s in all/);
    expect(fx.server.calls).toHaveLength(0);
  });
});
