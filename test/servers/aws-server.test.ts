// The local AWS server, exercised with the real AWS SDK v3 clients over HTTP.
import {
  GetAccessKeyLastUsedCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { GetAccessKeyInfoCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
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
