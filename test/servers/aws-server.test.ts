// The local AWS server, exercised with the real AWS SDK v3 clients over HTTP.
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  DeleteUserPolicyCommand,
  GetAccessKeyLastUsedCommand,
  GetUserCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
  ListUserTagsCommand,
  paginateListUsers,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  TagUserCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import {
  GetAccessKeyInfoCommand,
  GetCallerIdentityCommand,
  GetSessionTokenCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeKeyId } from '../helpers/keys.js';
import { startAwsServer, type AwsServer, type Credentials, type PolicyDocument } from './aws/index.js';

const ACCOUNT = '111122223333';
const OTHER = '444455556666';

const RESPONDER_POLICY: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: [
        'iam:GetAccessKeyLastUsed',
        'iam:ListAccessKeys',
        'iam:UpdateAccessKey',
        'iam:GetUser',
        'iam:ListUsers',
        'iam:PutUserPolicy',
        'iam:GetUserPolicy',
        'iam:ListUserPolicies',
        'iam:DeleteUserPolicy',
        'iam:AttachUserPolicy',
        'iam:ListAttachedUserPolicies',
        'iam:TagUser',
        'iam:ListUserTags',
        'sts:GetAccessKeyInfo',
        'cloudtrail:LookupEvents',
      ],
      Resource: '*',
    },
  ],
};

let server: AwsServer;

function iam(credentials: Credentials, extra: Record<string, unknown> = {}): IAMClient {
  return new IAMClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1, ...extra });
}
function sts(credentials: Credentials, extra: Record<string, unknown> = {}): STSClient {
  return new STSClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1, ...extra });
}

function cloudtrail(credentials: Credentials, extra: Record<string, unknown> = {}): CloudTrailClient {
  return new CloudTrailClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials,
    maxAttempts: 1,
    ...extra,
  });
}

/** The error a promise rejects with, for assertions on name, message and $metadata. */
async function failure(
  p: Promise<unknown>,
): Promise<Error & { $metadata?: { httpStatusCode?: number; attempts?: number } }> {
  try {
    await p;
  } catch (e) {
    return e as Error & { $metadata?: { httpStatusCode?: number } };
  }
  throw new Error('expected the call to fail');
}

let responder: Credentials;
let leaked: Credentials;

beforeEach(async () => {
  server = await startAwsServer();
  server.addAccount(ACCOUNT);
  server.addUser(ACCOUNT, 'responder', { respond: RESPONDER_POLICY });
  server.addUser(ACCOUNT, 'alice');
  responder = server.addKey(ACCOUNT, 'responder');
  leaked = server.addKey(ACCOUNT, 'alice', {
    created: new Date('2024-01-02T03:04:05Z'),
    lastUsed: { date: new Date('2024-05-06T07:08:09Z'), service: 's3', region: 'eu-west-1' },
  });
});

afterEach(async () => {
  await server.close();
});

describe('keys and identity', () => {
  it('makes real-format key ids for the account, and never records a secret', async () => {
    expect(leaked.accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(leaked.secretAccessKey).toHaveLength(40);
    await sts(leaked).send(new GetCallerIdentityCommand({}));
    await sts(responder).send(new GetAccessKeyInfoCommand({ AccessKeyId: leaked.accessKeyId }));
    expect(JSON.stringify(server.calls)).not.toContain(leaked.secretAccessKey);
    expect(JSON.stringify(server.calls)).not.toContain(responder.secretAccessKey);
  });

  it('GetCallerIdentity answers any valid active signer, even one with no policy', async () => {
    const out = await sts(leaked).send(new GetCallerIdentityCommand({}));
    expect(out.Account).toBe(ACCOUNT);
    expect(out.Arn).toBe(`arn:aws:iam::${ACCOUNT}:user/alice`);
    expect(out.UserId).toMatch(/^AIDA/);
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(server.calls.at(-1)).toMatchObject({
      service: 'sts',
      action: 'GetCallerIdentity',
      accessKeyId: leaked.accessKeyId,
      status: 200,
    });
  });

  it('GetAccessKeyInfo gives the account from records, and decodes unknown ids', async () => {
    const out = await sts(responder).send(new GetAccessKeyInfoCommand({ AccessKeyId: leaked.accessKeyId }));
    expect(out.Account).toBe(ACCOUNT);
    const foreign = makeKeyId(OTHER);
    const decoded = await sts(responder).send(new GetAccessKeyInfoCommand({ AccessKeyId: foreign }));
    expect(decoded.Account).toBe(OTHER);
  });
});

describe('signature checking', () => {
  it('rejects a wrong secret with SignatureDoesNotMatch', async () => {
    const e = await failure(
      sts({ accessKeyId: leaked.accessKeyId, secretAccessKey: responder.secretAccessKey }).send(
        new GetCallerIdentityCommand({}),
      ),
    );
    expect(e.name).toBe('SignatureDoesNotMatch');
    expect(e.$metadata?.httpStatusCode).toBe(403);
    expect(server.calls.at(-1)).toMatchObject({ status: 403, errorCode: 'SignatureDoesNotMatch' });
  });

  it('rejects an unknown key id with InvalidClientTokenId', async () => {
    const e = await failure(
      iam({ accessKeyId: makeKeyId(ACCOUNT), secretAccessKey: leaked.secretAccessKey }).send(
        new ListAccessKeysCommand({}),
      ),
    );
    expect(e.name).toBe('InvalidClientTokenId');
    expect(e.$metadata?.httpStatusCode).toBe(403);
  });

  it('a key deactivated by UpdateAccessKey then fails to sign', async () => {
    await sts(leaked).send(new GetCallerIdentityCommand({}));
    await iam(responder).send(
      new UpdateAccessKeyCommand({ UserName: 'alice', AccessKeyId: leaked.accessKeyId, Status: 'Inactive' }),
    );
    expect(server.keyStatus(leaked.accessKeyId)).toBe('Inactive');
    const e = await failure(sts(leaked).send(new GetCallerIdentityCommand({})));
    expect(e.name).toBe('InvalidClientTokenId');
    expect(e.message).toBe('The security token included in the request is invalid.');
  });
});

describe('IAM key operations', () => {
  it('GetAccessKeyLastUsed reports the owner and last use', async () => {
    const out = await iam(responder).send(
      new GetAccessKeyLastUsedCommand({ AccessKeyId: leaked.accessKeyId }),
    );
    expect(out.UserName).toBe('alice');
    expect(out.AccessKeyLastUsed).toEqual({
      LastUsedDate: new Date('2024-05-06T07:08:09Z'),
      ServiceName: 's3',
      Region: 'eu-west-1',
    });
  });

  it('GetAccessKeyLastUsed of a never-used key says N/A and has no date', async () => {
    const fresh = server.addKey(ACCOUNT, 'alice');
    const out = await iam(responder).send(
      new GetAccessKeyLastUsedCommand({ AccessKeyId: fresh.accessKeyId }),
    );
    expect(out.UserName).toBe('alice');
    expect(out.AccessKeyLastUsed).toEqual({ ServiceName: 'N/A', Region: 'N/A' });
  });

  it('GetAccessKeyLastUsed of another account or a nonexistent key is AccessDenied', async () => {
    server.addUser(OTHER, 'mallory');
    const theirs = server.addKey(OTHER, 'mallory');
    for (const id of [theirs.accessKeyId, makeKeyId(ACCOUNT)]) {
      const e = await failure(iam(responder).send(new GetAccessKeyLastUsedCommand({ AccessKeyId: id })));
      expect(e.name).toBe('AccessDenied');
      expect(e.$metadata?.httpStatusCode).toBe(403);
      expect(e.message).toContain(`access key ${id}`);
    }
  });

  it('a signed call updates the key last used', async () => {
    await sts(leaked).send(new GetCallerIdentityCommand({}));
    const out = await iam(responder).send(
      new GetAccessKeyLastUsedCommand({ AccessKeyId: leaked.accessKeyId }),
    );
    expect(out.AccessKeyLastUsed?.ServiceName).toBe('sts');
    expect(out.AccessKeyLastUsed?.Region).toBe('us-east-1');
  });

  it('ListAccessKeys lists a user, and the signer when UserName is left out', async () => {
    const out = await iam(responder).send(new ListAccessKeysCommand({ UserName: 'alice' }));
    expect(out.IsTruncated).toBe(false);
    expect(out.AccessKeyMetadata).toEqual([
      {
        UserName: 'alice',
        AccessKeyId: leaked.accessKeyId,
        Status: 'Active',
        CreateDate: new Date('2024-01-02T03:04:05Z'),
      },
    ]);
    const own = await iam(responder).send(new ListAccessKeysCommand({}));
    expect(own.AccessKeyMetadata?.map((k) => k.AccessKeyId)).toEqual([responder.accessKeyId]);
  });

  it('ListAccessKeys of an unknown user is NoSuchEntity 404', async () => {
    const e = await failure(iam(responder).send(new ListAccessKeysCommand({ UserName: 'nobody' })));
    expect(e.name).toBe('NoSuchEntityException');
    expect(e.$metadata?.httpStatusCode).toBe(404);
    expect(e.message).toBe('The user with name nobody cannot be found.');
  });

  it('ListAccessKeys pages with Marker and MaxItems', async () => {
    const second = server.addKey(ACCOUNT, 'alice', { created: new Date('2024-02-01T00:00:00Z') });
    const first = await iam(responder).send(new ListAccessKeysCommand({ UserName: 'alice', MaxItems: 1 }));
    expect(first.IsTruncated).toBe(true);
    expect(first.Marker).toBeTruthy();
    expect(first.AccessKeyMetadata?.map((k) => k.AccessKeyId)).toEqual([leaked.accessKeyId]);
    const next = await iam(responder).send(
      new ListAccessKeysCommand({ UserName: 'alice', MaxItems: 1, Marker: first.Marker }),
    );
    expect(next.IsTruncated).toBe(false);
    expect(next.Marker).toBeUndefined();
    expect(next.AccessKeyMetadata?.map((k) => k.AccessKeyId)).toEqual([second.accessKeyId]);
  });

  it('UpdateAccessKey is idempotent and NoSuchEntity for an unknown key or user', async () => {
    const client = iam(responder);
    for (let i = 0; i < 2; i++) {
      const out = await client.send(
        new UpdateAccessKeyCommand({
          UserName: 'alice',
          AccessKeyId: leaked.accessKeyId,
          Status: 'Inactive',
        }),
      );
      expect(out.$metadata.httpStatusCode).toBe(200);
    }
    expect(server.keyStatus(leaked.accessKeyId)).toBe('Inactive');
    const unknownKey = makeKeyId(ACCOUNT);
    const e1 = await failure(
      client.send(
        new UpdateAccessKeyCommand({ UserName: 'alice', AccessKeyId: unknownKey, Status: 'Inactive' }),
      ),
    );
    expect(e1.name).toBe('NoSuchEntityException');
    expect(e1.message).toBe(`The Access Key with id ${unknownKey} cannot be found.`);
    const e2 = await failure(
      client.send(
        new UpdateAccessKeyCommand({ UserName: 'bob', AccessKeyId: leaked.accessKeyId, Status: 'Inactive' }),
      ),
    );
    expect(e2.name).toBe('NoSuchEntityException');
    // The key of another user, named with the wrong user, is not found either.
    const e3 = await failure(
      client.send(
        new UpdateAccessKeyCommand({
          UserName: 'responder',
          AccessKeyId: leaked.accessKeyId,
          Status: 'Active',
        }),
      ),
    );
    expect(e3.name).toBe('NoSuchEntityException');
    expect(server.calls.filter((c) => c.action === 'UpdateAccessKey').map((c) => c.status)).toEqual([
      200, 200, 404, 404, 404,
    ]);
    expect(server.calls.at(-1)?.params).toEqual({
      UserName: 'responder',
      AccessKeyId: leaked.accessKeyId,
      Status: 'Active',
    });
  });
});

describe('policies', () => {
  it('denies an action no policy allows, with AWS message', async () => {
    const e = await failure(iam(leaked).send(new ListAccessKeysCommand({ UserName: 'alice' })));
    expect(e.name).toBe('AccessDenied');
    expect(e.$metadata?.httpStatusCode).toBe(403);
    expect(e.message).toBe(
      `User: arn:aws:iam::${ACCOUNT}:user/alice is not authorized to perform: iam:ListAccessKeys on resource: ` +
        `arn:aws:iam::${ACCOUNT}:user/alice because no identity-based policy allows the iam:ListAccessKeys action`,
    );
  });

  it('allows by wildcard action and resource, and an explicit Deny wins', async () => {
    server.addUser(ACCOUNT, 'reader', {
      read: {
        Statement: { Effect: 'Allow', Action: 'iam:List*', Resource: `arn:aws:iam::${ACCOUNT}:user/*` },
      },
      noAlice: {
        Statement: {
          Effect: 'Deny',
          Action: 'iam:ListAccessKeys',
          Resource: `arn:aws:iam::${ACCOUNT}:user/alice`,
        },
      },
    });
    const reader = iam(server.addKey(ACCOUNT, 'reader'));
    const own = await reader.send(new ListAccessKeysCommand({ UserName: 'responder' }));
    expect(own.AccessKeyMetadata).toHaveLength(1);
    const e = await failure(reader.send(new ListAccessKeysCommand({ UserName: 'alice' })));
    expect(e.name).toBe('AccessDenied');
    expect(e.message).toContain('with an explicit deny in an identity-based policy');
    const get = await failure(reader.send(new GetUserCommand({ UserName: 'alice' })));
    expect(get.name).toBe('AccessDenied');
  });
});

describe('IAM user and policy operations', () => {
  it('GetUser and ListUsers parse, and the ListUsers paginator walks every page', async () => {
    const user = await iam(responder).send(new GetUserCommand({ UserName: 'alice' }));
    expect(user.User).toMatchObject({
      UserName: 'alice',
      Path: '/',
      Arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
    });
    expect(user.User?.CreateDate).toBeInstanceOf(Date);
    const self = await iam(responder).send(new GetUserCommand({}));
    expect(self.User?.UserName).toBe('responder');

    for (const name of ['carol', 'dave', 'erin']) server.addUser(ACCOUNT, name);
    const first = await iam(responder).send(new ListUsersCommand({ MaxItems: 2 }));
    expect(first.Users?.map((u) => u.UserName)).toEqual(['alice', 'carol']);
    expect(first.IsTruncated).toBe(true);
    const names: string[] = [];
    for await (const page of paginateListUsers({ client: iam(responder), pageSize: 2 }, {})) {
      names.push(...(page.Users ?? []).map((u) => u.UserName ?? ''));
    }
    expect(names).toEqual(['alice', 'carol', 'dave', 'erin', 'responder']);
    expect(server.calls.filter((c) => c.action === 'ListUsers').map((c) => c.params.MaxItems)).toEqual([
      '2',
      '2',
      '2',
      '2',
    ]);
  });

  it('PutUserPolicy stores JSON; GetUserPolicy returns it URL-encoded; list and delete', async () => {
    const doc = {
      Version: '2012-10-17',
      Statement: {
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: { DateLessThan: { 'aws:TokenIssueTime': '2024-06-01T00:00:00Z' } },
      },
    };
    const client = iam(responder);
    await client.send(
      new PutUserPolicyCommand({
        UserName: 'alice',
        PolicyName: 'AWSRevokeOlderSessions',
        PolicyDocument: JSON.stringify(doc),
      }),
    );
    expect(server.user(ACCOUNT, 'alice')?.policies).toEqual({ AWSRevokeOlderSessions: doc });
    const got = await client.send(
      new GetUserPolicyCommand({ UserName: 'alice', PolicyName: 'AWSRevokeOlderSessions' }),
    );
    expect(got.UserName).toBe('alice');
    expect(JSON.parse(decodeURIComponent(got.PolicyDocument ?? ''))).toEqual(doc);
    const list = await client.send(new ListUserPoliciesCommand({ UserName: 'alice' }));
    expect(list.PolicyNames).toEqual(['AWSRevokeOlderSessions']);
    await client.send(
      new DeleteUserPolicyCommand({ UserName: 'alice', PolicyName: 'AWSRevokeOlderSessions' }),
    );
    expect(server.user(ACCOUNT, 'alice')?.policies).toEqual({});
    const gone = await failure(
      client.send(new DeleteUserPolicyCommand({ UserName: 'alice', PolicyName: 'x' })),
    );
    expect(gone.name).toBe('NoSuchEntityException');
  });

  it('PutUserPolicy rejects malformed JSON and invalid documents', async () => {
    const client = iam(responder);
    for (const bad of [
      '{not json',
      '{"Statement":[{"Effect":"Maybe","Action":"*","Resource":"*"}]}',
      '{"Statement":{"Effect":"Deny","Action":"*"}}',
    ]) {
      const e = await failure(
        client.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'p', PolicyDocument: bad })),
      );
      expect(e.name).toBe('MalformedPolicyDocumentException');
      expect(e.$metadata?.httpStatusCode).toBe(400);
    }
    expect(server.user(ACCOUNT, 'alice')?.policies).toEqual({});
  });

  it('AttachUserPolicy records the ARN; TagUser and ListUserTags', async () => {
    const client = iam(responder);
    const arn = 'arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV3';
    await client.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: arn }));
    await client.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: arn }));
    const attached = await client.send(new ListAttachedUserPoliciesCommand({ UserName: 'alice' }));
    expect(attached.AttachedPolicies).toEqual([
      { PolicyName: 'AWSCompromisedKeyQuarantineV3', PolicyArn: arn },
    ]);
    expect(server.user(ACCOUNT, 'alice')?.attachedPolicies).toEqual([arn]);

    await client.send(
      new TagUserCommand({
        UserName: 'alice',
        Tags: [
          { Key: 'secret-guard:leaked', Value: leaked.accessKeyId },
          { Key: 'owner', Value: 'team-a' },
        ],
      }),
    );
    await client.send(new TagUserCommand({ UserName: 'alice', Tags: [{ Key: 'owner', Value: 'team-b' }] }));
    const tags = await client.send(new ListUserTagsCommand({ UserName: 'alice' }));
    expect(tags.Tags).toEqual([
      { Key: 'secret-guard:leaked', Value: leaked.accessKeyId },
      { Key: 'owner', Value: 'team-b' },
    ]);
    expect(server.user(ACCOUNT, 'alice')?.tags).toEqual({
      'secret-guard:leaked': leaked.accessKeyId,
      owner: 'team-b',
    });
    expect(server.calls.find((c) => c.action === 'TagUser')?.params).toMatchObject({
      'Tags.member.2.Key': 'owner',
      'Tags.member.2.Value': 'team-a',
    });
  });

  it('the quarantine policy blocks the leaked user from cleaning up, not from GetCallerIdentity', async () => {
    server.addUser(ACCOUNT, 'admin', {});
    await iam(responder).send(
      new AttachUserPolicyCommand({
        UserName: 'alice',
        PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      }),
    );
    expect((await iam(leaked).send(new ListUsersCommand({}))).Users?.length).toBe(3);
    await iam(responder).send(
      new AttachUserPolicyCommand({
        UserName: 'alice',
        PolicyArn: 'arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV3',
      }),
    );
    for (const cmd of [
      new UpdateAccessKeyCommand({ UserName: 'alice', AccessKeyId: leaked.accessKeyId, Status: 'Inactive' }),
      new CreateAccessKeyCommand({ UserName: 'alice' }),
      new ListUsersCommand({}),
    ]) {
      const e = await failure(iam(leaked).send(cmd as UpdateAccessKeyCommand));
      expect(e.name).toBe('AccessDenied');
      expect(e.message).toContain('with an explicit deny');
    }
    const lookup = await failure(cloudtrail(leaked).send(new LookupEventsCommand({})));
    expect(lookup.name).toBe('AccessDeniedException');
    const session = await failure(sts(leaked).send(new GetSessionTokenCommand({})));
    expect(session.name).toBe('AccessDenied');
    expect((await sts(leaked).send(new GetCallerIdentityCommand({}))).Account).toBe(ACCOUNT);
    // Reading is not denied.
    expect((await iam(leaked).send(new ListAccessKeysCommand({}))).AccessKeyMetadata).toHaveLength(1);
  });

  it('TagUser checks tag keys and values as IAM does', async () => {
    const client = iam(responder);
    for (const Tags of [
      [{ Key: 'bad*key', Value: 'x' }],
      [{ Key: 'k', Value: 'a'.repeat(257) }],
      [{ Key: 'aws:x', Value: 'y' }],
    ]) {
      const e = await failure(client.send(new TagUserCommand({ UserName: 'alice', Tags })));
      expect(e.$metadata?.httpStatusCode).toBe(400);
    }
    expect(server.user(ACCOUNT, 'alice')?.tags).toEqual({});
  });

  it('CreateAccessKey returns a working key and stops at two keys per user', async () => {
    server.addUser(ACCOUNT, 'rotator', {
      p: { Statement: { Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: '*' } },
    });
    const rotator = iam(server.addKey(ACCOUNT, 'rotator'));
    const made = await rotator.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
    expect(made.AccessKey).toMatchObject({ UserName: 'alice', Status: 'Active' });
    const fresh = {
      accessKeyId: made.AccessKey!.AccessKeyId!,
      secretAccessKey: made.AccessKey!.SecretAccessKey!,
    };
    expect((await sts(fresh).send(new GetCallerIdentityCommand({}))).Arn).toContain('user/alice');
    const e = await failure(rotator.send(new CreateAccessKeyCommand({ UserName: 'alice' })));
    expect(e.name).toBe('LimitExceededException');
    expect(e.$metadata?.httpStatusCode).toBe(409);
    expect(e.message).toBe('Cannot exceed quota for AccessKeysPerUser: 2');
    expect(JSON.stringify(server.calls)).not.toContain(fresh.secretAccessKey);
  });
});

describe('sessions', () => {
  it('GetSessionToken mints working ASIA credentials that stay valid after the key is deactivated', async () => {
    const out = await sts(leaked).send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    const c = out.Credentials!;
    expect(c.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(c.Expiration).toBeInstanceOf(Date);
    const creds = {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
    };
    expect((await sts(creds).send(new GetCallerIdentityCommand({}))).Arn).toBe(
      `arn:aws:iam::${ACCOUNT}:user/alice`,
    );
    await iam(responder).send(
      new UpdateAccessKeyCommand({ UserName: 'alice', AccessKeyId: leaked.accessKeyId, Status: 'Inactive' }),
    );
    expect((await sts(creds).send(new GetCallerIdentityCommand({}))).Account).toBe(ACCOUNT);
    const again = await failure(sts(creds).send(new GetSessionTokenCommand({})));
    expect(again.message).toBe('Cannot call GetSessionToken with session credentials');
    expect(JSON.stringify(server.calls)).not.toContain(creds.sessionToken);
  });

  it('a session key needs its token; an expired one is ExpiredToken', async () => {
    const session = server.mintSession(leaked.accessKeyId);
    const noToken = { accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey };
    expect((await failure(sts(noToken).send(new GetCallerIdentityCommand({})))).name).toBe(
      'InvalidClientTokenId',
    );
    const wrong = { ...session, sessionToken: server.mintSession(leaked.accessKeyId).sessionToken };
    expect((await failure(sts(wrong).send(new GetCallerIdentityCommand({})))).name).toBe(
      'InvalidClientTokenId',
    );
    const old = server.mintSession(leaked.accessKeyId, {
      issuedAt: new Date(Date.now() - 2 * 3600_000),
      expiresAt: new Date(Date.now() - 3600_000),
    });
    const expired = await failure(sts(old).send(new GetCallerIdentityCommand({})));
    expect(expired.name).toBe('ExpiredToken');
    expect(expired.$metadata?.httpStatusCode).toBe(403);
  });

  it('ListAccessKeys with session credentials needs UserName', async () => {
    const session = server.mintSession(responder.accessKeyId);
    const e = await failure(iam(session).send(new ListAccessKeysCommand({})));
    expect(e.$metadata?.httpStatusCode).toBe(400);
    const ok = await iam(session).send(new ListAccessKeysCommand({ UserName: 'alice' }));
    expect(ok.AccessKeyMetadata).toHaveLength(1);
  });

  it('a deny on aws:TokenIssueTime cuts off an old session but not a key made later', async () => {
    server.addUser(ACCOUNT, 'app', {
      work: {
        Statement: {
          Effect: 'Allow',
          Action: ['iam:ListAccessKeys', 'cloudtrail:LookupEvents'],
          Resource: '*',
        },
      },
    });
    const appKey = server.addKey(ACCOUNT, 'app');
    const oldSession = server.mintSession(appKey.accessKeyId, { issuedAt: new Date(Date.now() - 3600_000) });
    expect(
      (await iam(oldSession).send(new ListAccessKeysCommand({ UserName: 'app' }))).AccessKeyMetadata,
    ).toHaveLength(1);

    const cutoff = new Date(Date.now() - 60_000).toISOString();
    await iam(responder).send(
      new PutUserPolicyCommand({
        UserName: 'app',
        PolicyName: 'AWSRevokeOlderSessions',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: {
            Effect: 'Deny',
            Action: '*',
            Resource: '*',
            Condition: { DateLessThan: { 'aws:TokenIssueTime': cutoff } },
          },
        }),
      }),
    );
    const cut = await failure(iam(oldSession).send(new ListAccessKeysCommand({ UserName: 'app' })));
    expect(cut.name).toBe('AccessDenied');
    expect(cut.message).toContain('with an explicit deny');
    expect((await failure(cloudtrail(oldSession).send(new LookupEventsCommand({})))).name).toBe(
      'AccessDeniedException',
    );
    // GetCallerIdentity cannot be denied.
    expect((await sts(oldSession).send(new GetCallerIdentityCommand({}))).Account).toBe(ACCOUNT);
    // Long-term keys carry no aws:TokenIssueTime, and new sessions are issued after the cutoff.
    const newKey = server.addKey(ACCOUNT, 'app');
    expect(
      (await iam(newKey).send(new ListAccessKeysCommand({ UserName: 'app' }))).AccessKeyMetadata,
    ).toHaveLength(2);
    const newSession = server.mintSession(newKey.accessKeyId);
    expect(
      (await iam(newSession).send(new ListAccessKeysCommand({ UserName: 'app' }))).AccessKeyMetadata,
    ).toHaveLength(2);
  });
});

describe('roles', () => {
  it('an assumed-role session is named as AWS names it, and PutRolePolicy revokes older sessions', async () => {
    server.addRole(ACCOUNT, 'deployer', {
      work: { Statement: { Effect: 'Allow', Action: 'iam:ListAccessKeys', Resource: '*' } },
    });
    const old = server.assumeRole(ACCOUNT, 'deployer', {
      sessionName: 'ci-run-7',
      issuedAt: new Date(Date.now() - 30 * 60_000),
    });
    expect(old.accessKeyId).toMatch(/^ASIA/);
    const who = await sts(old).send(new GetCallerIdentityCommand({}));
    expect(who.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/deployer/ci-run-7`);
    expect(who.UserId).toMatch(/^AROA[A-Z2-7]+:ci-run-7$/);
    expect(
      (await iam(old).send(new ListAccessKeysCommand({ UserName: 'alice' }))).AccessKeyMetadata,
    ).toHaveLength(1);

    server.addUser(ACCOUNT, 'role-admin', {
      p: {
        Statement: {
          Effect: 'Allow',
          Action: ['iam:PutRolePolicy', 'iam:GetRolePolicy'],
          Resource: `arn:aws:iam::${ACCOUNT}:role/*`,
        },
      },
    });
    const admin = iam(server.addKey(ACCOUNT, 'role-admin'));
    const doc = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Action: '*',
          Resource: '*',
          Condition: { DateLessThan: { 'aws:TokenIssueTime': new Date(Date.now() - 60_000).toISOString() } },
        },
      ],
    };
    await admin.send(
      new PutRolePolicyCommand({
        RoleName: 'deployer',
        PolicyName: 'revoke',
        PolicyDocument: JSON.stringify(doc),
      }),
    );
    expect(server.role(ACCOUNT, 'deployer')?.policies.revoke).toEqual(doc);
    const got = await admin.send(new GetRolePolicyCommand({ RoleName: 'deployer', PolicyName: 'revoke' }));
    expect(JSON.parse(decodeURIComponent(got.PolicyDocument ?? ''))).toEqual(doc);
    const cut = await failure(iam(old).send(new ListAccessKeysCommand({ UserName: 'alice' })));
    expect(cut.name).toBe('AccessDenied');
    expect(cut.message).toContain(
      `User: arn:aws:sts::${ACCOUNT}:assumed-role/deployer/ci-run-7 is not authorized`,
    );
    const fresh = server.assumeRole(ACCOUNT, 'deployer');
    expect(
      (await iam(fresh).send(new ListAccessKeysCommand({ UserName: 'alice' }))).AccessKeyMetadata,
    ).toHaveLength(1);
    const missing = await failure(
      admin.send(
        new PutRolePolicyCommand({ RoleName: 'nope', PolicyName: 'x', PolicyDocument: JSON.stringify(doc) }),
      ),
    );
    expect(missing.name).toBe('NoSuchEntityException');

    const events = await cloudtrail(responder).send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: old.accessKeyId }],
      }),
    );
    expect(events.Events?.[0]?.Username).toBe('ci-run-7');
    expect(JSON.parse(events.Events?.[0]?.CloudTrailEvent ?? '{}')).toMatchObject({
      userIdentity: {
        type: 'AssumedRole',
        arn: `arn:aws:sts::${ACCOUNT}:assumed-role/deployer/ci-run-7`,
        accessKeyId: old.accessKeyId,
        sessionContext: {
          sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${ACCOUNT}:role/deployer`, userName: 'deployer' },
        },
      },
    });
  });
});

describe('request time', () => {
  it('rejects a request signed more than 15 minutes off', async () => {
    const skewed = sts(leaked, { systemClockOffset: -20 * 60_000 });
    const e = await failure(skewed.send(new GetCallerIdentityCommand({})));
    expect(e.name).toBe('SignatureDoesNotMatch');
    expect(e.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than/);
  });

  it('the SDK corrects its clock from the Date header of a server whose clock is ahead, and retries', async () => {
    const ahead = await startAwsServer({ now: () => new Date(Date.now() + 20 * 60_000) });
    try {
      ahead.addUser(ACCOUNT, 'alice');
      const key = ahead.addKey(ACCOUNT, 'alice');
      const client = new STSClient({
        endpoint: ahead.url,
        region: 'us-east-1',
        credentials: key,
        maxAttempts: 2,
      });
      const out = await client.send(new GetCallerIdentityCommand({}));
      expect(out.Account).toBe(ACCOUNT);
      expect(ahead.calls.map((c) => c.errorCode ?? c.status)).toEqual(['SignatureDoesNotMatch', 200]);
    } finally {
      await ahead.close();
    }
  });
});

describe('faults', () => {
  it('throttles once: maxAttempts 1 sees Throttling, the default retry gets through', async () => {
    server.injectFault({ kind: 'throttle', action: 'ListAccessKeys' });
    const e = await failure(iam(responder).send(new ListAccessKeysCommand({ UserName: 'alice' })));
    expect(e.name).toBe('Throttling');
    expect(e.$metadata?.httpStatusCode).toBe(400);
    expect(e.message).toBe('Rate exceeded');
    expect(
      (await iam(responder).send(new ListAccessKeysCommand({ UserName: 'alice' }))).AccessKeyMetadata,
    ).toHaveLength(1);

    server.injectFault({ kind: 'throttle', service: 'iam', times: 2 });
    const retried = await iam(responder, { maxAttempts: 3 }).send(
      new ListAccessKeysCommand({ UserName: 'alice' }),
    );
    expect(retried.$metadata.attempts).toBe(3);
    expect(server.calls.slice(-3).map((c) => c.errorCode ?? c.status)).toEqual([
      'Throttling',
      'Throttling',
      200,
    ]);
  });

  it('a fault for one action leaves the others alone', async () => {
    server.injectFault({ kind: 'server-error', action: 'UpdateAccessKey', times: 5 });
    expect((await sts(leaked).send(new GetCallerIdentityCommand({}))).Account).toBe(ACCOUNT);
    const e = await failure(
      iam(responder).send(
        new UpdateAccessKeyCommand({
          UserName: 'alice',
          AccessKeyId: leaked.accessKeyId,
          Status: 'Inactive',
        }),
      ),
    );
    expect(e.name).toBe('ServiceFailureException');
    expect(e.$metadata?.httpStatusCode).toBe(500);
    expect(server.keyStatus(leaked.accessKeyId)).toBe('Active');
    server.clearFaults();
    await iam(responder).send(
      new UpdateAccessKeyCommand({ UserName: 'alice', AccessKeyId: leaked.accessKeyId, Status: 'Inactive' }),
    );
    expect(server.keyStatus(leaked.accessKeyId)).toBe('Inactive');
  });

  it('STS and CloudTrail speak their own throttling and failure codes', async () => {
    server.injectFault({ kind: 'server-error', service: 'sts' });
    expect((await failure(sts(leaked).send(new GetCallerIdentityCommand({})))).name).toBe('InternalFailure');
    server.injectFault({ kind: 'throttle', service: 'cloudtrail' });
    const e = await failure(cloudtrail(responder).send(new LookupEventsCommand({})));
    expect(e.name).toBe('ThrottlingException');
  });

  it('a dropped connection surfaces as an error', async () => {
    server.injectFault({ kind: 'drop', action: 'GetCallerIdentity' });
    const e = await failure(sts(leaked).send(new GetCallerIdentityCommand({})));
    expect(e.message).toMatch(/socket hang up|ECONNRESET/);
    expect(server.calls.at(-1)).toMatchObject({ action: 'GetCallerIdentity', status: 0 });
    expect((await sts(leaked).send(new GetCallerIdentityCommand({}))).Account).toBe(ACCOUNT);
  });

  it('a slow answer trips a client timeout', async () => {
    server.injectFault({ kind: 'slow', delayMs: 1500, action: 'GetAccessKeyLastUsed' });
    // Without throwOnRequestTimeout the SDK's requestTimeout only logs a warning and keeps waiting.
    const client = iam(responder, { requestHandler: { requestTimeout: 200, throwOnRequestTimeout: true } });
    const started = Date.now();
    const e = await failure(
      client.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: leaked.accessKeyId })),
    );
    expect(e.name).toBe('TimeoutError');
    expect(Date.now() - started).toBeLessThan(1400);
    const ok = await client.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: leaked.accessKeyId }));
    expect(ok.UserName).toBe('alice');
  });
});

describe('CloudTrail LookupEvents', () => {
  it('records served calls as events of the signing key, and filters by access key id and time', async () => {
    server.recordEvent({
      accessKeyId: leaked.accessKeyId,
      eventName: 'ListBuckets',
      eventSource: 's3.amazonaws.com',
      sourceIPAddress: '198.51.100.7',
      eventTime: new Date(Date.now() - 3 * 3600_000),
    });
    await sts(leaked).send(new GetCallerIdentityCommand({}));
    await iam(responder).send(new ListAccessKeysCommand({ UserName: 'alice' }));

    const ct = cloudtrail(responder);
    const byKey = await ct.send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: leaked.accessKeyId }],
      }),
    );
    expect(byKey.Events?.map((e) => e.EventName)).toEqual(['GetCallerIdentity', 'ListBuckets']);
    const [latest, older] = byKey.Events!;
    expect(latest).toMatchObject({
      AccessKeyId: leaked.accessKeyId,
      EventSource: 'sts.amazonaws.com',
      Username: 'alice',
      ReadOnly: 'true',
    });
    expect(latest?.EventTime).toBeInstanceOf(Date);
    const record = JSON.parse(latest?.CloudTrailEvent ?? '{}') as Record<string, unknown>;
    expect(record).toMatchObject({
      eventName: 'GetCallerIdentity',
      eventSource: 'sts.amazonaws.com',
      awsRegion: 'us-east-1',
      sourceIPAddress: '127.0.0.1',
      userIdentity: {
        type: 'IAMUser',
        arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
        accessKeyId: leaked.accessKeyId,
        userName: 'alice',
      },
    });
    expect(typeof record.eventTime).toBe('string');
    expect(JSON.parse(older?.CloudTrailEvent ?? '{}')).toMatchObject({
      sourceIPAddress: '198.51.100.7',
      eventSource: 's3.amazonaws.com',
    });

    const recent = await ct.send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: leaked.accessKeyId }],
        StartTime: new Date(Date.now() - 3600_000),
      }),
    );
    expect(recent.Events?.map((e) => e.EventName)).toEqual(['GetCallerIdentity']);
    const byName = await ct.send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'ListAccessKeys' }],
      }),
    );
    expect(byName.Events?.map((e) => e.Username)).toEqual(['responder']);
    const byUser = await ct.send(
      new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'alice' }] }),
    );
    expect(byUser.Events).toHaveLength(2);
    expect(server.calls.at(-1)?.params).toEqual({
      'LookupAttributes.1.AttributeKey': 'Username',
      'LookupAttributes.1.AttributeValue': 'alice',
    });
  });

  it('pages with MaxResults and NextToken, and rejects bad input with modeled errors', async () => {
    for (let i = 0; i < 5; i++) {
      server.recordEvent({
        accessKeyId: leaked.accessKeyId,
        eventName: `Call${i}`,
        eventTime: new Date(Date.now() - (5 - i) * 60_000),
      });
    }
    const ct = cloudtrail(responder);
    const query = {
      LookupAttributes: [{ AttributeKey: 'AccessKeyId' as const, AttributeValue: leaked.accessKeyId }],
    };
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await ct.send(new LookupEventsCommand({ ...query, MaxResults: 2, NextToken: token }));
      expect(page.Events!.length).toBeLessThanOrEqual(2);
      names.push(...page.Events!.map((e) => e.EventName ?? ''));
      token = page.NextToken;
    } while (token);
    expect(names).toEqual(['Call4', 'Call3', 'Call2', 'Call1', 'Call0']);

    const two = await failure(
      ct.send(
        new LookupEventsCommand({
          LookupAttributes: [
            { AttributeKey: 'Username', AttributeValue: 'alice' },
            { AttributeKey: 'EventName', AttributeValue: 'x' },
          ],
        }),
      ),
    );
    expect(two.name).toBe('InvalidLookupAttributesException');
    const range = await failure(
      ct.send(new LookupEventsCommand({ StartTime: new Date(), EndTime: new Date(Date.now() - 60_000) })),
    );
    expect(range.name).toBe('InvalidTimeRangeException');
    expect((await failure(ct.send(new LookupEventsCommand({ NextToken: 'bogus' })))).name).toBe(
      'InvalidNextTokenException',
    );
    expect((await failure(ct.send(new LookupEventsCommand({ MaxResults: 51 })))).name).toBe(
      'InvalidMaxResultsException',
    );
  });

  it('only shows the caller account, and checks signatures in the JSON dialect', async () => {
    server.addUser(OTHER, 'mallory', { all: { Statement: { Effect: 'Allow', Action: '*', Resource: '*' } } });
    const theirs = server.addKey(OTHER, 'mallory');
    await sts(leaked).send(new GetCallerIdentityCommand({}));
    const mine = await cloudtrail(theirs).send(new LookupEventsCommand({}));
    expect(mine.Events?.every((e) => e.AccessKeyId === theirs.accessKeyId)).toBe(true);
    const bad = await failure(
      cloudtrail({ accessKeyId: theirs.accessKeyId, secretAccessKey: leaked.secretAccessKey }).send(
        new LookupEventsCommand({}),
      ),
    );
    expect(bad.name).toBe('InvalidSignatureException');
    const unknown = await failure(
      cloudtrail({ accessKeyId: makeKeyId(OTHER), secretAccessKey: leaked.secretAccessKey }).send(
        new LookupEventsCommand({}),
      ),
    );
    expect(unknown.name).toBe('UnrecognizedClientException');
    const denied = await failure(cloudtrail(leaked).send(new LookupEventsCommand({})));
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toBe(
      `User: arn:aws:iam::${ACCOUNT}:user/alice is not authorized to perform: cloudtrail:LookupEvents because no identity-based policy allows the cloudtrail:LookupEvents action`,
    );
  });
});

describe('endpoint configuration', () => {
  it('AWS_ENDPOINT_URL_IAM and AWS_ENDPOINT_URL_STS reach the server', async () => {
    const saved = { iam: process.env.AWS_ENDPOINT_URL_IAM, sts: process.env.AWS_ENDPOINT_URL_STS };
    process.env.AWS_ENDPOINT_URL_IAM = server.url;
    process.env.AWS_ENDPOINT_URL_STS = server.url;
    try {
      const who = await new STSClient({ region: 'us-east-1', credentials: leaked, maxAttempts: 1 }).send(
        new GetCallerIdentityCommand({}),
      );
      expect(who.Account).toBe(ACCOUNT);
      const keys = await new IAMClient({ region: 'us-east-1', credentials: responder, maxAttempts: 1 }).send(
        new ListAccessKeysCommand({ UserName: 'alice' }),
      );
      expect(keys.AccessKeyMetadata).toHaveLength(1);
      expect(server.calls.map((c) => `${c.service}:${c.action}`)).toEqual([
        'sts:GetCallerIdentity',
        'iam:ListAccessKeys',
      ]);
    } finally {
      for (const [k, v] of [
        ['AWS_ENDPOINT_URL_IAM', saved.iam],
        ['AWS_ENDPOINT_URL_STS', saved.sts],
      ] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});
