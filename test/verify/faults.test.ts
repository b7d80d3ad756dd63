// Bad input and a misbehaving AWS: every affected key gets `unverified` with a one-line reason naming the cause,
// every key still gets a verdict, and nothing throws. (A key id alone that IAM has Active is `exposed-id`: the
// verdict of a verification that went through.)
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { AwsOptions } from '../../src/aws/options.js';
import type { Config } from '../../src/config/config.js';
import { silentLogger } from '../../src/logger.js';
import type { Verification } from '../../src/types.js';
import { verifyDetections } from '../../src/verify/verify.js';
import { makeKeyId } from '../helpers/keys.js';
import {
  ACCOUNT,
  awsOptions,
  callsOf,
  type Fixture,
  idDetection,
  leakOf,
  makeConfig,
  policyWithout,
  setUp,
} from './aws-fixture.js';

let fx: Fixture;
afterEach(async () => fx?.close());

/** A user with one active key; returns its id. */
function activeKey(user = 'alice'): string {
  if (!fx.server.user(ACCOUNT, user)) fx.server.addUser(ACCOUNT, user);
  return fx.server.addKey(ACCOUNT, user).accessKeyId;
}

async function verifyOne(
  keyId: string,
  config: Config = makeConfig(),
  aws: AwsOptions = fx.aws,
): Promise<Verification> {
  const result = await verifyDetections([idDetection(keyId)], {
    config,
    session: await fx.session(config, aws),
    inCi: false,
    logger: silentLogger,
  });
  const v = result.get(keyId);
  if (!v) throw new Error('no verdict');
  return v;
}

function expectOneLine(v: Verification, pattern: RegExp): void {
  expect(v.status).toBe('unverified');
  expect(v.reason).toMatch(pattern);
  expect(v.reason).not.toContain('\n');
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

describe('AWS faults', () => {
  it('a throttle that passes is retried by the SDK and the key is verified', async () => {
    fx = await setUp('verify');
    const keyId = activeKey();
    fx.server.injectFault({ kind: 'throttle', action: 'GetAccessKeyLastUsed', times: 1 });

    expect((await verifyOne(keyId)).status).toBe('exposed-id');
    expect(callsOf(fx.server, 'GetAccessKeyLastUsed').map((c) => c.errorCode ?? c.status)).toEqual([
      'Throttling',
      200,
    ]);
  });

  it('persistent throttling', async () => {
    fx = await setUp('verify');
    const keyId = activeKey();
    fx.server.injectFault({ kind: 'throttle', action: 'GetAccessKeyLastUsed', times: 10 });

    // A wide call bound: after a throttle the SDK's adaptive limiter spaces the retries out.
    const config = makeConfig({ aws: { callTimeoutMs: 20_000 } });
    expectOneLine(await verifyOne(keyId, config), /^throttled by AWS \(Throttling\) after 3 attempts$/);
  });

  it('persistent 500s', async () => {
    fx = await setUp('verify');
    const keyId = activeKey();
    fx.server.injectFault({ kind: 'server-error', action: 'ListAccessKeys', times: 10 });

    const v = await verifyOne(keyId);
    expectOneLine(v, /^AWS service error \(HTTP 500 ServiceFailure\) after 3 attempts$/);
    // What was learnt before the failure is kept.
    expect(v.user).toBe('alice');
  });

  it('a slow answer is cut at the per-call time bound', async () => {
    fx = await setUp('verify');
    const keyId = activeKey();
    fx.server.injectFault({ kind: 'slow', delayMs: 5_000, action: 'GetAccessKeyLastUsed', times: 5 });
    const started = Date.now();

    const v = await verifyOne(keyId, makeConfig({ aws: { callTimeoutMs: 300 } }));

    expectOneLine(
      v,
      /^timed out: iam:GetAccessKeyLastUsed: no answer within 0\.3 s \(aws\.callTimeoutSeconds\)$/,
    );
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  it('the whole run has one time bound', async () => {
    fx = await setUp('verify');
    const ids = [activeKey('a'), activeKey('b'), activeKey('c')];
    fx.server.injectFault({ kind: 'slow', delayMs: 5_000, action: 'GetAccessKeyLastUsed', times: 10 });
    const started = Date.now();
    const config = makeConfig({ aws: { callTimeoutMs: 4_000, totalTimeoutMs: 400, concurrency: 1 } });

    const result = await verifyDetections(
      ids.map((id) => idDetection(id)),
      { config, session: await fx.session(config), inCi: false, logger: silentLogger },
    );

    expect(Date.now() - started).toBeLessThan(2_500);
    expect(result.size).toBe(3);
    for (const v of result.values()) {
      expectOneLine(v, /ran out of time \(0\.4 s in all, aws\.totalTimeoutSeconds\)$/);
    }
  });

  it('dropped connections', async () => {
    fx = await setUp('verify');
    const keyId = activeKey();
    fx.server.injectFault({ kind: 'drop', action: 'GetAccessKeyLastUsed', times: 10 });

    expectOneLine(
      await verifyOne(keyId),
      /^unreachable: iam:GetAccessKeyLastUsed failed with (ECONNRESET|EPIPE)/,
    );
  });

  it('a dropped connection that recovers is retried', async () => {
    fx = await setUp('verify');
    const keyId = activeKey();
    fx.server.injectFault({ kind: 'drop', action: 'GetAccessKeyLastUsed', times: 1 });

    expect((await verifyOne(keyId)).status).toBe('exposed-id');
  });

  it('an unreachable endpoint (closed port)', async () => {
    fx = await setUp('verify');
    const keyId = makeKeyId(ACCOUNT);
    const url = `http://127.0.0.1:${await closedPort()}`;
    const aws = { ...fx.aws, endpoints: { iam: url, sts: url, cloudtrail: url } };

    expectOneLine(
      await verifyOne(keyId, makeConfig(), aws),
      /^unreachable: iam:GetAccessKeyLastUsed failed with ECONNREFUSED/,
    );
  });

  it('a region typo names the host it could not resolve and the region', async () => {
    fx = await setUp('verify');
    const keyId = makeKeyId(ACCOUNT);
    // .invalid never resolves (RFC 2606): this is what a typo'd regional endpoint looks like, without the internet.
    const aws: AwsOptions = {
      ...fx.aws,
      region: 'us-esat-1',
      endpoints: { iam: 'http://iam.us-esat-1.invalid', sts: 'http://sts.us-esat-1.invalid' },
    };

    expectOneLine(
      await verifyOne(keyId, makeConfig(), aws),
      /^unreachable: cannot resolve iam\.us-esat-1\.invalid \(is the region "us-esat-1" right\?\)$/,
    );
  });
});

describe('credentials', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  });

  it('no credentials anywhere in the default chain', async () => {
    fx = await setUp('verify');
    for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key];
    process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/credentials';
    process.env.AWS_CONFIG_FILE = '/nonexistent/config';
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    const keyId = makeKeyId(ACCOUNT);
    const aws: AwsOptions = { region: 'us-east-1', endpoints: fx.aws.endpoints ?? {} };

    expectOneLine(
      await verifyOne(keyId, makeConfig(), aws),
      /^no AWS credentials: none found by the default chain/,
    );
    expectOneLine(
      await verifyOne(keyId, makeConfig({ accounts: [] }), aws),
      /^cannot tell your accounts: no AWS credentials/,
    );
    expect(fx.server.calls).toHaveLength(0);
  });

  it('an expired session', async () => {
    fx = await setUp('verify');
    const session = fx.server.mintSession(fx.responderKeyId, {
      issuedAt: new Date(Date.now() - 2 * 3_600_000),
      expiresAt: new Date(Date.now() - 3_600_000),
    });
    const keyId = activeKey();

    expectOneLine(
      await verifyOne(keyId, makeConfig(), awsOptions(fx.server, session)),
      /^AWS session expired \(ExpiredToken\): refresh the credentials$/,
    );
  });
});

describe('least privilege: policies/verify-policy.json', () => {
  it('is enough for every verification call, and no call is denied', async () => {
    fx = await setUp('verify');
    const keyId = activeKey();
    const inactive = fx.server.addKey(ACCOUNT, 'alice', { status: 'Inactive' }).accessKeyId;
    const old = `AKIAI${'A'.repeat(15)}`;
    fx.server.setKeyAccount(old, '210987654321');

    const config = makeConfig({ accounts: [] });
    const result = await verifyDetections([idDetection(keyId), idDetection(inactive), idDetection(old)], {
      config,
      session: await fx.session(config),
      inCi: false,
      logger: silentLogger,
    });

    expect([...result.values()].map((v) => v.status).sort()).toEqual(['exposed-id', 'inactive', 'not-ours']);
    expect(fx.server.calls.filter((c) => c.status >= 400)).toEqual([]);
  });

  it.each([
    ['iam:GetAccessKeyLastUsed', false],
    ['iam:ListAccessKeys', false],
    ['sts:GetAccessKeyInfo', true],
  ])('without %s the reason names the missing permission', async (permission, oldFormat) => {
    fx = await setUp(policyWithout('verify', permission));
    const keyId = oldFormat ? `AKIAJ${'B'.repeat(15)}` : activeKey();
    if (oldFormat) fx.server.setKeyAccount(keyId, ACCOUNT);

    expectOneLine(await verifyOne(keyId), new RegExp(`^access denied: missing permission ${permission}$`));
  });
});

describe('the proof of a found pair', () => {
  it('STS unreachable during the proof: unverified, with what IAM said, and the reason', async () => {
    fx = await setUp('verify');
    fx.server.addUser(ACCOUNT, 'alice');
    const key = fx.server.addKey(ACCOUNT, 'alice');
    const sts = `http://127.0.0.1:${await closedPort()}`;
    const config = makeConfig();
    const session = await fx.session(config, {
      ...fx.aws,
      endpoints: { ...fx.aws.endpoints, sts },
    });

    const result = await verifyDetections([leakOf(key)], {
      config,
      session,
      inCi: true,
      responding: true,
      logger: silentLogger,
    });

    const v = result.get(key.accessKeyId);
    expect(v).toMatchObject({ status: 'unverified', user: 'alice', account: ACCOUNT });
    expect(v?.pairValid).toBeUndefined();
    expect(v?.reason).toMatch(
      /^IAM has it Active, but the found pair could not be proven: unreachable: .*ECONNREFUSED/,
    );
  });

  it('a garbage secret is not a working credential, and the verdict says what AWS answered', async () => {
    fx = await setUp('verify');
    fx.server.addUser(ACCOUNT, 'alice');
    const key = fx.server.addKey(ACCOUNT, 'alice');
    const config = makeConfig();

    const result = await verifyDetections(
      [idDetection(key.accessKeyId, { secret: '\u0000 not a secret, é 🙂 \n' })],
      { config, session: await fx.session(config), inCi: true, responding: true, logger: silentLogger },
    );

    const v = result.get(key.accessKeyId);
    expect(v).toMatchObject({ status: 'exposed-id', user: 'alice', pairValid: false });
    expect(v?.reason).toMatch(/^AWS rejected the secret found with it \(SignatureDoesNotMatch\)/);
    expect(v?.reason).not.toContain('\n');
  });
});
