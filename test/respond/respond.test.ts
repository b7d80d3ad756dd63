// Responses against the local IAM/STS/CloudTrail server: real SDK clients over HTTP, SigV4 checked, and the
// responder signing with exactly policies/respond-policy.json. The server's state is what the tests assert on.
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { IAMClient, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/config.js';
import { RecordingLogger, silentLogger } from '../../src/logger.js';
import {
  AWS_QUARANTINE_POLICY_ARN,
  revocationTime,
  revokeOlderSessionsPolicy,
} from '../../src/respond/leak-policies.js';
import { respondToLeaks } from '../../src/respond/respond.js';
import type { Detection, ResponseOutcome, Verification } from '../../src/types.js';
import { verifyDetections } from '../../src/verify/verify.js';
import { makeKeyId } from '../helpers/keys.js';
import type { AwsServer, Credentials, PolicyDocument } from '../servers/aws/index.js';
import {
  ACCOUNT,
  callsOf,
  type Fixture,
  idDetection,
  leakOf,
  makeConfig,
  OTHER_ACCOUNT,
  policyFile,
  policyWithout,
  RESPONDER,
  setUp,
} from '../verify/aws-fixture.js';

let fx: Fixture;
afterEach(async () => fx?.close());

const MUTATING = new Set([
  'UpdateAccessKey',
  'PutUserPolicy',
  'PutRolePolicy',
  'AttachUserPolicy',
  'TagUser',
  'DeleteAccessKey',
]);

/** A user who may list her own keys (so that her credentials have something to be denied). */
function addWorkingUser(server: AwsServer, name: string): void {
  server.addUser(ACCOUNT, name, {
    Self: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'iam:ListAccessKeys', Resource: '*' }],
    },
  });
}

async function canList(server: AwsServer, credentials: Credentials, userName: string): Promise<string> {
  const client = new IAMClient({ region: 'us-east-1', endpoint: server.url, credentials, maxAttempts: 1 });
  try {
    await client.send(new ListAccessKeysCommand({ UserName: userName }));
    return 'allowed';
  } catch (error) {
    return (error as Error).name;
  } finally {
    client.destroy();
  }
}

async function signs(server: AwsServer, credentials: Credentials): Promise<string> {
  const client = new STSClient({ region: 'us-east-1', endpoint: server.url, credentials, maxAttempts: 1 });
  try {
    await client.send(new GetCallerIdentityCommand({}));
    return 'signs';
  } catch (error) {
    return (error as Error).name;
  } finally {
    client.destroy();
  }
}

async function verifyAndRespond(
  detections: Detection[],
  options: { config?: Config; dryRun?: boolean; now?: () => Date; ownKeyId?: string | null } = {},
): Promise<{ verifications: Map<string, Verification>; outcomes: Map<string, ResponseOutcome> }> {
  const config = options.config ?? makeConfig();
  // One run: one session for the verification and the response.
  const session = await fx.session(config);
  const verifications = await verifyDetections(detections, {
    config,
    session,
    inCi: false,
    responding: true,
    logger: silentLogger,
  });
  const outcomes = await respondToLeaks(detections, verifications, {
    config,
    session,
    dryRun: options.dryRun ?? false,
    logger: silentLogger,
    ...(options.now ? { now: options.now } : {}),
    ...(options.ownKeyId !== undefined ? { ownKeyId: options.ownKeyId } : {}),
  });
  return { verifications, outcomes };
}

function respondPolicyWithoutPolicyArnCondition(): PolicyDocument {
  const doc = policyFile('respond');
  const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  return {
    ...doc,
    Statement: statements.map((s) => {
      if (s.Sid !== 'AttachOnlyAwsQuarantinePolicy') return s;
      const rest = { ...s };
      delete rest.Condition;
      return rest;
    }),
  };
}

function mutatingCalls(server: AwsServer) {
  return server.calls.filter((c) => MUTATING.has(c.action));
}

describe('deactivation', () => {
  it('deactivates a live leak with its user named, and the leaked pair stops signing', async () => {
    fx = await setUp('respond');
    addWorkingUser(fx.server, 'alice');
    const key = fx.server.addKey(ACCOUNT, 'alice');
    expect(await signs(fx.server, key)).toBe('signs');

    const { outcomes } = await verifyAndRespond([
      idDetection(key.accessKeyId, { secret: key.secretAccessKey }),
    ]);

    const outcome = outcomes.get(key.accessKeyId);
    expect(outcome?.action).toBe('deactivated');
    expect(outcome?.calls?.[0]).toEqual({
      api: 'iam:UpdateAccessKey',
      params: { UserName: 'alice', AccessKeyId: key.accessKeyId, Status: 'Inactive' },
      ok: true,
    });
    expect(fx.server.keyStatus(key.accessKeyId)).toBe('Inactive');
    expect(await signs(fx.server, key)).toBe('InvalidClientTokenId');
    // Signed with secret-guard's own key only; never a deletion.
    const changes = mutatingCalls(fx.server);
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.every((c) => c.accessKeyId === fx.responderKeyId && c.status === 200)).toBe(true);
    expect(callsOf(fx.server, 'DeleteAccessKey')).toHaveLength(0);
    // Nothing in the outcome holds the secret.
    expect(JSON.stringify(outcome)).not.toContain(key.secretAccessKey);
  });

  it("revokes sessions minted before the response; the user's new key keeps working", async () => {
    fx = await setUp('respond');
    addWorkingUser(fx.server, 'alice');
    const key = fx.server.addKey(ACCOUNT, 'alice');
    const session = fx.server.mintSession(key.accessKeyId, { issuedAt: new Date(Date.now() - 60_000) });
    expect(await canList(fx.server, session, 'alice')).toBe('allowed');

    const { outcomes } = await verifyAndRespond([leakOf(key)]);

    expect(outcomes.get(key.accessKeyId)?.action).toBe('deactivated');
    // Deactivating the key does not end the session; the TokenIssueTime deny does.
    expect(await canList(fx.server, session, 'alice')).toBe('AccessDenied');
    const fresh = fx.server.addKey(ACCOUNT, 'alice');
    expect(await canList(fx.server, fresh, 'alice')).toBe('allowed');
    const policy = fx.server.user(ACCOUNT, 'alice')?.policies.SecretGuardRevokeOlderSessions;
    expect(JSON.stringify(policy)).toContain('aws:TokenIssueTime');
  });

  it('running again on the same leak reports already-inactive and changes nothing', async () => {
    fx = await setUp('respond');
    fx.server.addUser(ACCOUNT, 'alice');
    const key = fx.server.addKey(ACCOUNT, 'alice');
    await verifyAndRespond([leakOf(key)]);
    const before = mutatingCalls(fx.server).length;

    const { verifications, outcomes } = await verifyAndRespond([leakOf(key)]);

    expect(verifications.get(key.accessKeyId)?.status).toBe('inactive');
    expect(outcomes.get(key.accessKeyId)?.action).toBe('already-inactive');
    expect(mutatingCalls(fx.server)).toHaveLength(before);
  });

  it('leaves foreign, canary, unknown and unverified keys alone, saying why', async () => {
    fx = await setUp('respond');
    fx.server.addUser(OTHER_ACCOUNT, 'bob');
    const foreign = fx.server.addKey(OTHER_ACCOUNT, 'bob').accessKeyId;
    const canary = makeKeyId('052310077262');
    const unknown = makeKeyId(ACCOUNT);

    const { outcomes } = await verifyAndRespond([
      idDetection(foreign),
      idDetection(canary),
      idDetection(unknown),
    ]);

    expect(outcomes.get(foreign)).toEqual({
      action: 'skipped',
      reason: `not one of your accounts (${OTHER_ACCOUNT}): never touched`,
    });
    expect(outcomes.get(canary)).toEqual({ action: 'skipped', reason: 'canary token: never touched' });
    expect(outcomes.get(unknown)).toEqual({
      action: 'skipped',
      reason: 'IAM has no such key: nothing to deactivate',
    });
    expect(mutatingCalls(fx.server)).toHaveLength(0);
    expect(fx.server.keyStatus(foreign)).toBe('Active');

    const unverified = await respondToLeaks(
      [idDetection(unknown)],
      new Map([
        [
          unknown,
          {
            status: 'unverified',
            reason: 'throttled by AWS (Throttling) after 3 attempts',
          } satisfies Verification,
        ],
      ]),
      {
        config: makeConfig(),
        session: await fx.session(),
        dryRun: false,
        logger: silentLogger,
      },
    );
    expect(unverified.get(unknown)).toEqual({
      action: 'skipped',
      reason: 'not confirmed as a live key of your accounts: throttled by AWS (Throttling) after 3 attempts',
    });
  });
});

describe('dry run', () => {
  it('lists the exact calls and changes nothing', async () => {
    fx = await setUp('respond');
    fx.server.addUser(ACCOUNT, 'alice');
    const key = fx.server.addKey(ACCOUNT, 'alice');
    const now = new Date('2026-07-01T12:00:00.250Z');
    const config = makeConfig({ response: { quarantine: 'aws-managed' } });
    const session = await fx.session(config);
    const verifications = await verifyDetections([leakOf(key)], {
      config,
      session,
      inCi: false,
      responding: true,
      logger: silentLogger,
    });
    const callsBefore = fx.server.calls.length;
    const logger = new RecordingLogger();

    const outcomes = await respondToLeaks([leakOf(key)], verifications, {
      config,
      session,
      dryRun: true,
      logger,
      now: () => now,
      ownKeyId: null,
    });

    expect(outcomes.get(key.accessKeyId)).toEqual({
      action: 'planned',
      reason: 'dry run: no call made',
      calls: [
        {
          api: 'iam:UpdateAccessKey',
          params: { UserName: 'alice', AccessKeyId: key.accessKeyId, Status: 'Inactive' },
        },
        {
          api: 'iam:PutUserPolicy',
          params: {
            UserName: 'alice',
            PolicyName: 'SecretGuardRevokeOlderSessions',
            PolicyDocument: revokeOlderSessionsPolicy('2026-07-01T12:00:01Z'),
          },
        },
        { api: 'iam:AttachUserPolicy', params: { UserName: 'alice', PolicyArn: AWS_QUARANTINE_POLICY_ARN } },
        {
          api: 'iam:TagUser',
          params: {
            UserName: 'alice',
            Tags: [
              {
                Key: `secret-guard:leak:${key.accessKeyId}`,
                Value: 'config/prod.env:3 @9fceb02d0ae5 at 2026-07-01T12:00:00Z',
              },
            ],
          },
        },
      ],
    });
    expect(fx.server.calls).toHaveLength(callsBefore);
    expect(fx.server.keyStatus(key.accessKeyId)).toBe('Active');
    expect(fx.server.user(ACCOUNT, 'alice')).toEqual({ policies: {}, attachedPolicies: [], tags: {} });
    expect(logger.messages.some((m) => /3|4 call\(s\) planned, none made/.test(m.message))).toBe(true);
  });

  it('revocation time is the response time rounded up to the next second', () => {
    expect(revocationTime(new Date('2026-07-01T12:00:00.250Z'))).toBe('2026-07-01T12:00:01Z');
    expect(revocationTime(new Date('2026-07-01T12:00:00.000Z'))).toBe('2026-07-01T12:00:01Z');
  });
});

describe('options', () => {
  it('deny-all quarantine and a tag naming the leak', async () => {
    fx = await setUp('respond');
    fx.server.addUser(ACCOUNT, 'alice');
    const key = fx.server.addKey(ACCOUNT, 'alice');

    const { outcomes } = await verifyAndRespond(
      [idDetection(key.accessKeyId, { secret: key.secretAccessKey, file: 'deploy/prod.env', line: 7 })],
      {
        config: makeConfig({ response: { quarantine: 'deny-all', tagUser: true } }),
      },
    );

    expect(outcomes.get(key.accessKeyId)?.action).toBe('deactivated');
    const user = fx.server.user(ACCOUNT, 'alice');
    expect(user?.policies.SecretGuardQuarantineDenyAll).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'SecretGuardQuarantine', Effect: 'Deny', Action: '*', Resource: '*' }],
    });
    expect(user?.tags[`secret-guard:leak:${key.accessKeyId}`]).toMatch(
      /^deploy\/prod\.env:7 @9fceb02d0ae5 at \d{4}-\d\d-\d\dT/,
    );
  });

  it("AWS's own quarantine policy (AttachUserPolicy)", async () => {
    // The local server does not put the iam:PolicyARN condition key into its request context, so the file's
    // `ArnEquals iam:PolicyARN` condition can never match there: this one test drops that condition (and only it).
    fx = await setUp(respondPolicyWithoutPolicyArnCondition());
    fx.server.addUser(ACCOUNT, 'alice');
    const key = fx.server.addKey(ACCOUNT, 'alice');

    const { outcomes } = await verifyAndRespond([leakOf(key)], {
      config: makeConfig({ response: { quarantine: 'aws-managed', tagUser: false } }),
    });

    expect(outcomes.get(key.accessKeyId)).toMatchObject({ action: 'deactivated' });
    expect(fx.server.user(ACCOUNT, 'alice')?.attachedPolicies).toEqual([AWS_QUARANTINE_POLICY_ARN]);
    expect(fx.server.user(ACCOUNT, 'alice')?.tags).toEqual({});
  });

  it('nothing but the deactivation when session revocation and tagging are off', async () => {
    fx = await setUp('respond');
    fx.server.addUser(ACCOUNT, 'alice');
    const key = fx.server.addKey(ACCOUNT, 'alice');

    const { outcomes } = await verifyAndRespond([leakOf(key)], {
      config: makeConfig({ response: { revokeSessions: false, tagUser: false, quarantine: 'none' } }),
    });

    expect(outcomes.get(key.accessKeyId)?.calls?.map((c) => c.api)).toEqual(['iam:UpdateAccessKey']);
  });
});

describe("secret-guard's own key", () => {
  it('is handled after every other leak and deactivated last, and the report says so', async () => {
    fx = await setUp('respond');
    fx.server.addUser(ACCOUNT, 'alice');
    const otherKey = fx.server.addKey(ACCOUNT, 'alice');
    const other = otherKey.accessKeyId;
    const own = fx.responderKeyId;
    const ownKey = fx.aws.credentials as { accessKeyId: string; secretAccessKey: string };

    const { outcomes } = await verifyAndRespond([leakOf(ownKey), leakOf(otherKey)], {
      config: makeConfig({ response: { quarantine: 'deny-all' } }),
    });

    expect(outcomes.get(other)?.action).toBe('deactivated');
    const mine = outcomes.get(own);
    expect(mine?.action).toBe('deactivated');
    expect(mine?.reason).toMatch(
      /secret-guard's own key: handled after every other leak and deactivated last/,
    );
    expect(mine?.reason).toMatch(/quarantine not applied/);
    const changes = mutatingCalls(fx.server);
    expect(changes.at(-1)).toMatchObject({
      action: 'UpdateAccessKey',
      params: { AccessKeyId: own, UserName: RESPONDER },
    });
    const lastOther = changes.findLastIndex((c) => c.params.UserName === 'alice');
    const firstOwn = changes.findIndex((c) => c.params.UserName === RESPONDER);
    expect(lastOther).toBeLessThan(firstOwn);
    expect(fx.server.keyStatus(own)).toBe('Inactive');
    expect(fx.server.keyStatus(other)).toBe('Inactive');
  });
});

describe('temporary (ASIA) keys', () => {
  it("revokes the issuing user's older sessions, found through CloudTrail", async () => {
    fx = await setUp('respond');
    addWorkingUser(fx.server, 'carol');
    const parent = fx.server.addKey(ACCOUNT, 'carol');
    const session = fx.server.mintSession(parent.accessKeyId, {
      issuedAt: new Date(Date.now() - 5 * 60_000),
    });
    expect(await canList(fx.server, session, 'carol')).toBe('allowed'); // the server records this call in CloudTrail

    const { outcomes } = await verifyAndRespond([leakOf(session)]);

    const outcome = outcomes.get(session.accessKeyId);
    expect(outcome?.action).toBe('deactivated');
    expect(outcome?.reason).toMatch(
      /temporary key: nothing to deactivate; sessions of user carol issued before the response are denied/,
    );
    expect(outcome?.calls?.map((c) => c.api)).toEqual(['iam:PutUserPolicy', 'iam:TagUser']);
    expect(await canList(fx.server, session, 'carol')).toBe('AccessDenied');
    expect(await canList(fx.server, parent, 'carol')).toBe('allowed');
    expect(callsOf(fx.server, 'UpdateAccessKey')).toHaveLength(0);
  });

  it('a session key of a role gets PutRolePolicy (planned)', async () => {
    fx = await setUp('respond');
    const keyId = makeKeyId(ACCOUNT, 'ASIA');
    const verification: Verification = {
      status: 'active',
      account: ACCOUNT,
      arn: `arn:aws:iam::${ACCOUNT}:role/deploy/ci-deployer`,
      pairValid: true,
      user: 'ci-deployer',
    };

    const outcomes = await respondToLeaks([idDetection(keyId)], new Map([[keyId, verification]]), {
      config: makeConfig({ response: { quarantine: 'deny-all' } }),
      session: await fx.session(),
      dryRun: true,
      logger: silentLogger,
      now: () => new Date('2026-07-01T00:00:00Z'),
      ownKeyId: null,
    });

    const outcome = outcomes.get(keyId);
    expect(outcome?.action).toBe('planned');
    expect(outcome?.calls).toEqual([
      {
        api: 'iam:PutRolePolicy',
        params: {
          RoleName: 'ci-deployer',
          PolicyName: 'SecretGuardRevokeOlderSessions',
          PolicyDocument: revokeOlderSessionsPolicy('2026-07-01T00:00:01Z'),
        },
      },
    ]);
    expect(outcome?.reason).toMatch(/quarantine not applied to role ci-deployer/);
  });
});

describe('proof before action', () => {
  it('an Active key whose id alone is in the change is reported and never acted on', async () => {
    fx = await setUp('respond');
    fx.server.addUser(ACCOUNT, 'alice');
    const key = fx.server.addKey(ACCOUNT, 'alice');

    const { verifications, outcomes } = await verifyAndRespond([idDetection(key.accessKeyId)]);

    expect(verifications.get(key.accessKeyId)?.status).toBe('exposed-id');
    expect(outcomes.get(key.accessKeyId)).toEqual({
      action: 'skipped',
      reason:
        'a key id without its working secret is not a proven leak: reported, not acted on (response.keyIdOnly: report)',
    });
    expect(mutatingCalls(fx.server)).toEqual([]);
    expect(fx.server.keyStatus(key.accessKeyId)).toBe('Active');
  });

  it('a real key id with a wrong secret is never acted on', async () => {
    fx = await setUp('respond');
    fx.server.addUser(ACCOUNT, 'alice');
    const key = fx.server.addKey(ACCOUNT, 'alice');
    const wrong = fx.server.addKey(ACCOUNT, 'alice').secretAccessKey;

    const { verifications, outcomes } = await verifyAndRespond([
      idDetection(key.accessKeyId, { secret: wrong }),
    ]);

    expect(verifications.get(key.accessKeyId)).toMatchObject({ status: 'exposed-id', pairValid: false });
    expect(outcomes.get(key.accessKeyId)?.action).toBe('skipped');
    expect(mutatingCalls(fx.server)).toEqual([]);
  });

  it('an `active` verdict without a proven pair is never acted on', async () => {
    fx = await setUp('respond');
    const keyId = makeKeyId(ACCOUNT);

    const outcomes = await respondToLeaks(
      [idDetection(keyId)],
      new Map([[keyId, { status: 'active', account: ACCOUNT, user: 'alice' } satisfies Verification]]),
      { config: makeConfig(), session: await fx.session(), dryRun: false, logger: silentLogger },
    );

    expect(outcomes.get(keyId)).toEqual({
      action: 'skipped',
      reason: 'not a proven leak: the found pair was not proven to work',
    });
    expect(fx.server.calls).toEqual([]);
  });

  it('response.keyIdOnly: deactivate acts on an exposed key id, and the outcome says so', async () => {
    fx = await setUp('respond');
    fx.server.addUser(ACCOUNT, 'alice');
    const key = fx.server.addKey(ACCOUNT, 'alice');

    const { outcomes } = await verifyAndRespond([idDetection(key.accessKeyId)], {
      config: makeConfig({ response: { keyIdOnly: 'deactivate', tagUser: false } }),
    });

    const outcome = outcomes.get(key.accessKeyId);
    expect(outcome?.action).toBe('deactivated');
    expect(outcome?.reason).toBe(
      'acted on its key id alone, without a working secret: response.keyIdOnly is deactivate',
    );
    expect(mutatingCalls(fx.server).map((c) => c.action)).toEqual(['UpdateAccessKey', 'PutUserPolicy']);
    expect(fx.server.keyStatus(key.accessKeyId)).toBe('Inactive');
  });

  it('a session key id alone never touches its role, whatever response.keyIdOnly says', async () => {
    fx = await setUp('respond');
    fx.server.addRole(ACCOUNT, 'deployer');
    const session = fx.server.assumeRole(ACCOUNT, 'deployer');
    fx.server.recordEvent({ accessKeyId: session.accessKeyId, eventName: 'ListBuckets' });

    const { verifications, outcomes } = await verifyAndRespond([idDetection(session.accessKeyId)], {
      config: makeConfig({ response: { keyIdOnly: 'deactivate' } }),
    });

    expect(verifications.get(session.accessKeyId)).toMatchObject({ status: 'exposed-id', user: 'deployer' });
    expect(outcomes.get(session.accessKeyId)?.action).toBe('skipped');
    expect(outcomes.get(session.accessKeyId)?.reason).toMatch(/^a session key id without its working secret/);
    expect(mutatingCalls(fx.server)).toEqual([]);
    expect(fx.server.role(ACCOUNT, 'deployer')?.policies).toEqual({});
  });
});

describe('failures', () => {
  it('a failed call is named, and the other keys still get their response', async () => {
    fx = await setUp('respond');
    fx.server.addUser(ACCOUNT, 'alice');
    fx.server.addUser(ACCOUNT, 'bob');
    const aKey = fx.server.addKey(ACCOUNT, 'alice');
    const bKey = fx.server.addKey(ACCOUNT, 'bob');
    const [a, b] = [aKey.accessKeyId, bKey.accessKeyId];
    const config = makeConfig({ aws: { concurrency: 1 } });
    const session = await fx.session(config);
    const verifications = await verifyDetections([leakOf(aKey), leakOf(bKey)], {
      config,
      session,
      inCi: false,
      responding: true,
      logger: silentLogger,
    });
    // Every attempt (the SDK makes 3) of the first UpdateAccessKey fails.
    fx.server.injectFault({ kind: 'server-error', action: 'UpdateAccessKey', times: 3 });

    const outcomes = await respondToLeaks([leakOf(aKey), leakOf(bKey)], verifications, {
      config,
      session,
      dryRun: false,
      logger: silentLogger,
    });

    const actions = [outcomes.get(a)?.action, outcomes.get(b)?.action].sort();
    expect(actions).toEqual(['deactivated', 'failed']);
    const [failedId, failed] = [...outcomes].find(([, o]) => o.action === 'failed') ?? [];
    expect(failed?.reason).toMatch(
      /^iam:UpdateAccessKey failed: AWS service error \(HTTP 500 ServiceFailure\) after 3 attempts$/,
    );
    expect(failed?.calls?.find((c) => c.api === 'iam:UpdateAccessKey')).toMatchObject({ ok: false });
    expect(fx.server.keyStatus(failedId ?? '')).toBe('Active');
  });
});

describe('IAM quotas', () => {
  it('a user whose inline policies are full: LimitExceeded is named as a quota, not throttling', async () => {
    fx = await setUp('respond');
    const filler = 'x'.repeat(1_900);
    fx.server.addUser(ACCOUNT, 'alice', {
      Big: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'Filler',
            Effect: 'Deny',
            Action: 'iam:ListRoles',
            Resource: `arn:aws:iam::*:role/${filler}`,
          },
        ],
      },
    });
    const key = fx.server.addKey(ACCOUNT, 'alice');

    const { outcomes } = await verifyAndRespond([leakOf(key)], {
      config: makeConfig({ response: { tagUser: false } }),
    });

    const outcome = outcomes.get(key.accessKeyId);
    expect(outcome?.action).toBe('failed');
    expect(outcome?.reason).toMatch(
      /^key deactivated, but iam:PutUserPolicy SecretGuardRevokeOlderSessions failed: IAM quota reached \(LimitExceeded\)/,
    );
    expect(fx.server.keyStatus(key.accessKeyId)).toBe('Inactive');
  });
});

describe('least privilege: policies/respond-policy.json', () => {
  it('is enough for verification and every response option: no call is denied', async () => {
    fx = await setUp('respond');
    fx.server.addUser(ACCOUNT, 'alice');
    const key = fx.server.addKey(ACCOUNT, 'alice');

    const { outcomes } = await verifyAndRespond([leakOf(key)], {
      config: makeConfig({
        accounts: [],
        response: { quarantine: 'deny-all', tagUser: true, revokeSessions: true },
      }),
    });

    expect(outcomes.get(key.accessKeyId)?.action).toBe('deactivated');
    expect(fx.server.calls.filter((c) => c.status >= 400)).toEqual([]);
  });

  it.each(['iam:UpdateAccessKey', 'iam:PutUserPolicy', 'iam:TagUser'])(
    'without %s the response fails and names the missing permission',
    async (permission) => {
      fx = await setUp(policyWithout('respond', permission));
      fx.server.addUser(ACCOUNT, 'alice');
      const key = fx.server.addKey(ACCOUNT, 'alice');

      const { outcomes } = await verifyAndRespond([leakOf(key)]);

      const outcome = outcomes.get(key.accessKeyId);
      expect(outcome?.action).toBe('failed');
      expect(outcome?.reason).toContain(`failed: access denied: missing permission ${permission}`);
      if (permission !== 'iam:UpdateAccessKey') expect(outcome?.reason).toMatch(/^key deactivated, but /);
    },
  );

  it('the verify policy cannot respond', async () => {
    fx = await setUp('verify');
    fx.server.addUser(ACCOUNT, 'alice');
    const key = fx.server.addKey(ACCOUNT, 'alice');

    const { outcomes } = await verifyAndRespond([leakOf(key)]);

    expect(outcomes.get(key.accessKeyId)?.action).toBe('failed');
    expect(fx.server.keyStatus(key.accessKeyId)).toBe('Active');
  });
});
