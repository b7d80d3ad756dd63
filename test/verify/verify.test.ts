// Verdicts against the local IAM/STS/CloudTrail server, with the real SDK clients over HTTP and the responder
// signing with exactly policies/verify-policy.json.
import { afterEach, describe, expect, it } from 'vitest';
import { accountFromKeyId } from '../../src/detect/account-id.js';
import { silentLogger } from '../../src/logger.js';
import type { Detection } from '../../src/types.js';
import { CANARY_ACCOUNTS } from '../../src/verify/canary-accounts.js';
import { verifyDetections } from '../../src/verify/verify.js';
import { makeKeyId, makeSecret } from '../helpers/keys.js';
import {
  ACCOUNT,
  callsOf,
  type Fixture,
  idDetection,
  leakOf,
  makeConfig,
  OTHER_ACCOUNT,
  secretDetection,
  setUp,
} from './aws-fixture.js';
import type { Config } from '../../src/config/config.js';

let fx: Fixture;
afterEach(async () => fx?.close());

async function verify(
  detections: Detection[],
  config: Config = makeConfig(),
  inCi = false,
  responding = false,
) {
  return verifyDetections(detections, {
    config,
    session: await fx.session(config),
    inCi,
    responding,
    logger: silentLogger,
  });
}

/** An old-generation key id (first body character A–P): it carries no account. */
function oldFormatKeyId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let body = 'I';
  for (let i = 0; i < 15; i++) body += alphabet[Math.floor(Math.random() * 32)];
  return `AKIA${body}`;
}

/** True when any request the server saw named the key id, as signer or (unless asSigner) as a parameter. */
function touched(keyId: string, options: { asSigner?: boolean } = {}): boolean {
  return fx.server.calls.some(
    (c) => c.accessKeyId === keyId || (!options.asSigner && Object.values(c.params).includes(keyId)),
  );
}

describe('verdicts', () => {
  it('active: ours, Active, and the found pair works, with user, last use and creation date', async () => {
    fx = await setUp('verify');
    fx.server.addUser(ACCOUNT, 'alice');
    const used = { date: new Date('2026-03-01T10:00:00Z'), service: 's3', region: 'eu-west-1' };
    const created = new Date('2025-12-01T00:00:00Z');
    const key = fx.server.addKey(ACCOUNT, 'alice', { created, lastUsed: used });

    const result = await verify([leakOf(key)], makeConfig(), false, true);

    expect(result.get(key.accessKeyId)).toEqual({
      status: 'active',
      account: ACCOUNT,
      user: 'alice',
      lastUsed: '2026-03-01T10:00:00.000Z',
      lastUsedService: 's3',
      lastUsedRegion: 'eu-west-1',
      created: '2025-12-01T00:00:00.000Z',
      pairValid: true,
      arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
    });
  });

  it('exposed-id: ours and Active, but only its id is in the change; owner and advice said', async () => {
    fx = await setUp('verify');
    fx.server.addUser(ACCOUNT, 'alice');
    const key = fx.server.addKey(ACCOUNT, 'alice');

    const v = (await verify([idDetection(key.accessKeyId)], makeConfig(), true, true)).get(key.accessKeyId);

    expect(v).toMatchObject({ status: 'exposed-id', account: ACCOUNT, user: 'alice' });
    expect(v?.pairValid).toBeUndefined();
    expect(v?.reason).toBe(
      'only its key id is in the change, not its secret. An Active key of yours, exposed without a working ' +
        'secret: not a proven leak, so not acted on. Ask user alice whether its secret leaked too, and rotate ' +
        'the key if in doubt',
    );
    // Nothing was signed with the key: there was nothing to sign with.
    expect(touched(key.accessKeyId, { asSigner: true })).toBe(false);
  });

  it('inactive: ours and Inactive', async () => {
    fx = await setUp('verify');
    fx.server.addUser(ACCOUNT, 'alice');
    const key = fx.server.addKey(ACCOUNT, 'alice', { status: 'Inactive' });

    const v = (await verify([idDetection(key.accessKeyId)])).get(key.accessKeyId);

    expect(v).toMatchObject({ status: 'inactive', user: 'alice', account: ACCOUNT, lastUsed: null });
  });

  it('not-found: a key id of our account that IAM does not know', async () => {
    fx = await setUp('verify');
    const keyId = makeKeyId(ACCOUNT);

    const v = (await verify([idDetection(keyId)])).get(keyId);

    expect(v?.status).toBe('not-found');
    expect(v?.reason).toMatch(/IAM has no access key .* in account 123456789012/);
  });

  it('not-ours: a key of another account is reported and never sent to AWS, even with its secret', async () => {
    fx = await setUp('verify');
    fx.server.addUser(OTHER_ACCOUNT, 'bob');
    const key = fx.server.addKey(OTHER_ACCOUNT, 'bob');

    const v = (
      await verify(
        [idDetection(key.accessKeyId, { secret: key.secretAccessKey })],
        makeConfig({ verify: { pairCheck: true } }),
      )
    ).get(key.accessKeyId);

    expect(v).toMatchObject({ status: 'not-ours', account: OTHER_ACCOUNT });
    expect(v?.reason).toMatch(/not one of yours/);
    expect(touched(key.accessKeyId)).toBe(false);
  });

  it('not-ours by default: without configured accounts, "yours" is the account of the credentials', async () => {
    fx = await setUp('verify');
    const foreign = makeKeyId(OTHER_ACCOUNT);
    fx.server.addUser(ACCOUNT, 'alice');
    const ours = fx.server.addKey(ACCOUNT, 'alice');

    const result = await verify(
      [idDetection(foreign), idDetection(ours.accessKeyId)],
      makeConfig({ accounts: [] }),
    );

    expect(result.get(foreign)?.status).toBe('not-ours');
    expect(result.get(foreign)?.reason).toMatch(/the account secret-guard runs with/);
    expect(result.get(ours.accessKeyId)?.status).toBe('exposed-id');
    expect(callsOf(fx.server, 'GetCallerIdentity')).toHaveLength(1);
    expect(touched(foreign)).toBe(false);
  });

  it('canary: keys of canary-token accounts are recognised offline and nothing reaches AWS', async () => {
    fx = await setUp('verify');
    const thinkst = makeKeyId('052310077262');
    const offBrand = makeKeyId('044858866125');
    const secret = makeSecret();

    const result = await verify(
      [idDetection(thinkst, { secret }), secretDetection(thinkst, secret), idDetection(offBrand)],
      makeConfig({ accounts: [], verify: { pairCheck: true } }),
      true,
    );

    expect(result.get(thinkst)).toMatchObject({ status: 'canary', account: '052310077262' });
    expect(result.get(thinkst)?.reason).toMatch(/canarytokens\.org/);
    expect(result.get(offBrand)).toMatchObject({ status: 'canary', account: '044858866125' });
    expect(fx.server.calls).toHaveLength(0);
  });

  it('every listed canary account decodes back from a key id of it', () => {
    for (const account of CANARY_ACCOUNTS) expect(accountFromKeyId(makeKeyId(account))).toBe(account);
  });

  it('old-format key ids fall back to sts:GetAccessKeyInfo', async () => {
    fx = await setUp('verify');
    const foreign = oldFormatKeyId();
    const canary = oldFormatKeyId();
    const ours = oldFormatKeyId();
    expect(accountFromKeyId(foreign)).toBeNull();
    fx.server.setKeyAccount(foreign, OTHER_ACCOUNT);
    fx.server.setKeyAccount(canary, '171436882533');
    fx.server.setKeyAccount(ours, ACCOUNT);

    const result = await verify([idDetection(foreign), idDetection(canary), idDetection(ours)]);

    expect(result.get(foreign)).toMatchObject({ status: 'not-ours', account: OTHER_ACCOUNT });
    expect(result.get(canary)).toMatchObject({ status: 'canary', account: '171436882533' });
    expect(result.get(ours)).toMatchObject({ status: 'not-found', account: ACCOUNT });
    const infos = callsOf(fx.server, 'GetAccessKeyInfo');
    expect(infos.map((c) => c.params.AccessKeyId).sort()).toEqual([foreign, canary, ours].sort());
    // Signed with secret-guard's own key, never with the found id.
    expect(infos.every((c) => c.accessKeyId === fx.responderKeyId)).toBe(true);
  });

  it('secrets with no key id get no entry', async () => {
    fx = await setUp('verify');
    const d = { ...idDetection('x'), rule: 'aws-secret-access-key' as const, keyId: null };
    expect((await verify([d])).size).toBe(0);
    expect(fx.server.calls).toHaveLength(0);
  });
});

describe('cost', () => {
  it('verifies each key id once, however many times it was found', async () => {
    fx = await setUp('verify');
    fx.server.addUser(ACCOUNT, 'alice');
    const key = fx.server.addKey(ACCOUNT, 'alice');
    const found = [1, 2, 3, 4, 5].map((line) => idDetection(key.accessKeyId, { line, file: `f${line}.env` }));

    const result = await verify(found);

    expect(result.size).toBe(1);
    expect(callsOf(fx.server, 'GetAccessKeyLastUsed')).toHaveLength(1);
    expect(callsOf(fx.server, 'ListAccessKeys')).toHaveLength(1);
  });

  it('makes at most 2 IAM calls per key, and one ListAccessKeys per user', async () => {
    fx = await setUp('verify');
    const ids: string[] = [];
    for (const user of ['u1', 'u2', 'u3']) {
      fx.server.addUser(ACCOUNT, user);
      ids.push(fx.server.addKey(ACCOUNT, user).accessKeyId, fx.server.addKey(ACCOUNT, user).accessKeyId);
    }

    const result = await verify(ids.map((id) => idDetection(id)));

    expect([...result.values()].every((v) => v.status === 'exposed-id')).toBe(true);
    const iam = fx.server.calls.filter((c) => c.service === 'iam');
    expect(iam.length).toBeLessThanOrEqual(2 * ids.length);
    expect(callsOf(fx.server, 'GetAccessKeyLastUsed')).toHaveLength(6);
    expect(callsOf(fx.server, 'ListAccessKeys')).toHaveLength(3);
  });
});

describe('pair check (sts:GetCallerIdentity signed with the found pair)', () => {
  it('proves a working pair, after reading the real last use', async () => {
    fx = await setUp('verify');
    fx.server.addUser(ACCOUNT, 'alice');
    const key = fx.server.addKey(ACCOUNT, 'alice');

    const v = (
      await verify(
        [
          idDetection(key.accessKeyId, { secret: key.secretAccessKey }),
          secretDetection(key.accessKeyId, key.secretAccessKey),
        ],
        makeConfig({ verify: { pairCheck: 'auto' } }),
        true,
      )
    ).get(key.accessKeyId);

    expect(v).toMatchObject({ status: 'active', pairValid: true, arn: `arn:aws:iam::${ACCOUNT}:user/alice` });
    // IAM's last use is the leak's, not our own check's.
    expect(v?.lastUsed).toBeNull();
    const signedWithKey = fx.server.calls.filter((c) => c.accessKeyId === key.accessKeyId);
    expect(signedWithKey.map((c) => c.action)).toEqual(['GetCallerIdentity']);
  });

  it('a wrong secret is retried once (transient SignatureDoesNotMatch), then the key is only an exposed id', async () => {
    fx = await setUp('verify');
    fx.server.addUser(ACCOUNT, 'alice');
    const key = fx.server.addKey(ACCOUNT, 'alice');

    const v = (
      await verify(
        [idDetection(key.accessKeyId, { secret: makeSecret() })],
        makeConfig({ verify: { pairCheck: true } }),
      )
    ).get(key.accessKeyId);

    expect(v).toMatchObject({ status: 'exposed-id', user: 'alice', pairValid: false });
    expect(v?.reason).toMatch(
      /^AWS rejected the secret found with it \(SignatureDoesNotMatch\): not a working credential\. /,
    );
    expect(fx.server.calls.filter((c) => c.accessKeyId === key.accessKeyId)).toHaveLength(2);
  });

  it('is off outside CI with pairCheck auto: an unproven pair is unverified, not active', async () => {
    fx = await setUp('verify');
    fx.server.addUser(ACCOUNT, 'alice');
    const key = fx.server.addKey(ACCOUNT, 'alice');

    const v = (await verify([leakOf(key)], makeConfig({ verify: { pairCheck: 'auto' } }))).get(
      key.accessKeyId,
    );

    expect(v).toMatchObject({ status: 'unverified', user: 'alice' });
    expect(v?.pairValid).toBeUndefined();
    expect(v?.reason).toMatch(/^IAM has it Active, but the secret found with it was not tried/);
    expect(fx.server.calls.some((c) => c.accessKeyId === key.accessKeyId)).toBe(false);
  });

  it('is always made when a response follows, outside CI and with pairCheck off', async () => {
    fx = await setUp('verify');
    fx.server.addUser(ACCOUNT, 'alice');
    const key = fx.server.addKey(ACCOUNT, 'alice');

    const v = (await verify([leakOf(key)], makeConfig({ verify: { pairCheck: false } }), false, true)).get(
      key.accessKeyId,
    );

    expect(v).toMatchObject({ status: 'active', pairValid: true });
    const signedWithKey = fx.server.calls.filter((c) => c.accessKeyId === key.accessKeyId);
    expect(signedWithKey.map((c) => c.action)).toEqual(['GetCallerIdentity']);
  });
});

describe('temporary (ASIA) keys', () => {
  it('a session key id alone is an exposed id, its user named by CloudTrail', async () => {
    fx = await setUp('verify');
    fx.server.addUser(ACCOUNT, 'carol');
    const parent = fx.server.addKey(ACCOUNT, 'carol');
    const session = fx.server.mintSession(parent.accessKeyId, {
      issuedAt: new Date(Date.now() - 10 * 60_000),
    });
    fx.server.recordEvent({
      accessKeyId: session.accessKeyId,
      eventName: 'ListBuckets',
      eventSource: 's3.amazonaws.com',
    });

    const v = (
      await verify([idDetection(session.accessKeyId, { commitDate: null })], makeConfig(), true, true)
    ).get(session.accessKeyId);

    expect(v).toMatchObject({
      status: 'exposed-id',
      account: ACCOUNT,
      user: 'carol',
      arn: `arn:aws:iam::${ACCOUNT}:user/carol`,
    });
    expect(v?.reason).toMatch(
      /^temporary \(ASIA\) session key of IAMUser arn:aws:iam::123456789012:user\/carol, issued .*: only its key id is in the change/,
    );
    expect(v?.activity).toMatchObject({
      available: true,
      events: 1,
      calls: [{ name: 's3:ListBuckets', count: 1 }],
    });
    expect(callsOf(fx.server, 'GetAccessKeyLastUsed')).toHaveLength(0);
  });

  it('a session key proven with its secret and token is active, and the proof names the role', async () => {
    fx = await setUp('verify');
    fx.server.addRole(ACCOUNT, 'deployer');
    const session = fx.server.assumeRole(ACCOUNT, 'deployer', { sessionName: 'ci-run' });

    const v = (await verify([leakOf(session)], makeConfig(), false, true)).get(session.accessKeyId);

    expect(v).toMatchObject({
      status: 'active',
      account: ACCOUNT,
      user: 'deployer',
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/deployer/ci-run`,
      pairValid: true,
    });
    expect(v?.reason).toMatch(/proven with its session token/);
    const signed = fx.server.calls.filter((c) => c.accessKeyId === session.accessKeyId);
    expect(signed.map((c) => c.action)).toEqual(['GetCallerIdentity']);
  });

  it('a session secret without its token cannot sign: an exposed id, and nothing is signed with it', async () => {
    fx = await setUp('verify');
    fx.server.addUser(ACCOUNT, 'carol');
    const parent = fx.server.addKey(ACCOUNT, 'carol');
    const session = fx.server.mintSession(parent.accessKeyId);
    fx.server.recordEvent({ accessKeyId: session.accessKeyId, eventName: 'ListBuckets' });
    const withoutToken = { accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey };

    const v = (await verify([leakOf(withoutToken)], makeConfig(), true, true)).get(session.accessKeyId);

    expect(v).toMatchObject({ status: 'exposed-id', user: 'carol' });
    expect(v?.reason).toMatch(/its secret is in the change but not its session token/);
    expect(touched(session.accessKeyId, { asSigner: true })).toBe(false);
  });

  it('a session AWS says has expired is inactive', async () => {
    fx = await setUp('verify');
    fx.server.addUser(ACCOUNT, 'carol');
    const parent = fx.server.addKey(ACCOUNT, 'carol');
    const session = fx.server.mintSession(parent.accessKeyId, {
      issuedAt: new Date(Date.now() - 2 * 3_600_000),
      expiresAt: new Date(Date.now() - 3_600_000),
    });

    const v = (await verify([leakOf(session)], makeConfig(), true, true)).get(session.accessKeyId);

    expect(v).toMatchObject({ status: 'inactive', pairValid: false });
    expect(v?.reason).toBe('temporary key expired (AWS answered ExpiredToken)');
  });

  it('a session issued more than 36 hours ago is inactive (expired)', async () => {
    fx = await setUp('verify');
    fx.server.addUser(ACCOUNT, 'carol');
    const parent = fx.server.addKey(ACCOUNT, 'carol');
    const issuedAt = new Date(Date.now() - 40 * 3_600_000);
    const session = fx.server.mintSession(parent.accessKeyId, {
      issuedAt,
      expiresAt: new Date(issuedAt.getTime() + 3_600_000),
    });
    fx.server.recordEvent({
      accessKeyId: session.accessKeyId,
      eventName: 'ListBuckets',
      eventTime: new Date(issuedAt.getTime() + 60_000),
    });

    const v = (await verify([idDetection(session.accessKeyId, { commitDate: null })])).get(
      session.accessKeyId,
    );

    expect(v?.status).toBe('inactive');
    expect(v?.reason).toMatch(/expired/);
  });

  it('without CloudTrail events it stays unverified', async () => {
    fx = await setUp('verify');
    const keyId = makeKeyId(ACCOUNT, 'ASIA');
    const v = (await verify([idDetection(keyId)])).get(keyId);
    expect(v?.status).toBe('unverified');
    expect(v?.reason).toMatch(/no event of it naming its principal/);
  });
});
