// The local AWS server at the wire level (raw HTTP, hand-signed), and its policy evaluator on its own.
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAwsServer, type AwsServer, type Credentials } from './aws/index.js';
import { evaluate, type PolicyDocument } from './aws/policy.js';

const ACCOUNT = '111122223333';
let server: AwsServer;
let key: Credentials;

beforeEach(async () => {
  server = await startAwsServer();
  server.addUser(ACCOUNT, 'alice', { all: { Statement: { Effect: 'Allow', Action: '*', Resource: '*' } } });
  key = server.addKey(ACCOUNT, 'alice');
});

afterEach(async () => {
  await server.close();
});

async function signedPost(
  body: string,
  options: {
    service?: string;
    credentials?: Credentials;
    headers?: Record<string, string>;
    tamper?: string;
  } = {},
) {
  const url = new URL(server.url);
  const signer = new SignatureV4({
    service: options.service ?? 'iam',
    region: 'us-east-1',
    credentials: options.credentials ?? key,
    sha256: Sha256,
  });
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    query: {},
    headers: {
      host: url.host,
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      ...options.headers,
    },
    body,
  });
  const headers = Object.fromEntries(Object.entries(signed.headers).filter(([k]) => k !== 'host'));
  const res = await fetch(server.url, { method: 'POST', headers, body: options.tamper ?? body });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

describe('wire format', () => {
  it('answers an awsQuery request with the exact envelope, xmlns and request id header', async () => {
    const res = await signedPost('Action=GetUser&Version=2010-05-08&UserName=alice');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/xml');
    const id = res.headers.get('x-amzn-requestid');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.text).toMatch(
      /^<GetUserResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/"><GetUserResult><User><Path>\/<\/Path><UserName>alice<\/UserName>/,
    );
    expect(res.text).toContain(
      `<ResponseMetadata><RequestId>${id}</RequestId></ResponseMetadata></GetUserResponse>`,
    );
  });

  it('a void operation has only ResponseMetadata', async () => {
    const res = await signedPost(
      `Action=UpdateAccessKey&Version=2010-05-08&UserName=alice&AccessKeyId=${key.accessKeyId}&Status=Active`,
    );
    expect(res.text).toMatch(
      /^<UpdateAccessKeyResponse xmlns="[^"]+"><ResponseMetadata><RequestId>[^<]+<\/RequestId><\/ResponseMetadata><\/UpdateAccessKeyResponse>$/,
    );
  });

  it('errors use the ErrorResponse envelope with Type, Code, Message and RequestId', async () => {
    const res = await signedPost('Action=GetUser&Version=2010-05-08&UserName=nobody');
    expect(res.status).toBe(404);
    expect(res.text).toBe(
      '<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type>' +
        '<Code>NoSuchEntity</Code><Message>The user with name nobody cannot be found.</Message></Error>' +
        `<RequestId>${res.headers.get('x-amzn-requestid')}</RequestId></ErrorResponse>`,
    );
  });

  it('rejects unknown actions, a wrong Version, no signature and a malformed one', async () => {
    expect((await signedPost('Action=Frobnicate&Version=2010-05-08')).text).toContain(
      '<Code>InvalidAction</Code>',
    );
    expect((await signedPost('Action=GetUser&Version=2011-06-15')).text).toContain(
      '<Code>InvalidAction</Code>',
    );
    const unsigned = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(unsigned.status).toBe(403);
    const text = await unsigned.text();
    expect(text).toContain('<Code>MissingAuthenticationToken</Code>');
    expect(text).toContain('xmlns="https://sts.amazonaws.com/doc/2011-06-15/"');
    const malformed = await fetch(server.url, {
      method: 'POST',
      headers: { authorization: 'AWS4-HMAC-SHA256 nonsense' },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).toContain('<Code>IncompleteSignature</Code>');
    expect(server.calls.map((c) => c.errorCode)).toEqual([
      'InvalidAction',
      'InvalidAction',
      'MissingAuthenticationToken',
      'IncompleteSignature',
    ]);
  });

  it('a body changed after signing fails the signature check', async () => {
    const res = await signedPost('Action=GetUser&Version=2010-05-08&UserName=alice', {
      tamper: 'Action=GetUser&Version=2010-05-08&UserName=alicf',
    });
    expect(res.status).toBe(403);
    expect(res.text).toContain('<Code>SignatureDoesNotMatch</Code>');
  });

  it('a signature scoped to another service is refused', async () => {
    const res = await signedPost('Action=GetUser&Version=2010-05-08', { service: 's3' });
    expect(res.status).toBe(403);
    expect(res.text).toContain("Credential should be scoped to correct service: 'iam'");
  });

  it('a long-term key sent with a session token is refused', async () => {
    const res = await signedPost('Action=GetCallerIdentity&Version=2011-06-15', {
      service: 'sts',
      headers: { 'x-amz-security-token': 'whatever' },
    });
    expect(res.text).toContain('<Code>InvalidClientTokenId</Code>');
  });
});

describe('policy evaluation', () => {
  const ctx = { 'aws:CurrentTime': '2025-06-01T12:00:00Z' };
  const check = (
    docs: PolicyDocument[],
    action: string,
    resource = '*',
    context: Record<string, string> = ctx,
  ) => evaluate(docs, { action, resource, context });

  it('matches action wildcards case-insensitively and resources case-sensitively', () => {
    const docs: PolicyDocument[] = [
      { Statement: { Effect: 'Allow', Action: 'iam:Get*', Resource: 'arn:aws:iam::1:user/a*' } },
    ];
    expect(check(docs, 'iam:GetUser', 'arn:aws:iam::1:user/alice')).toBe('allow');
    expect(check(docs, 'IAM:getuser', 'arn:aws:iam::1:user/alice')).toBe('allow');
    expect(check(docs, 'iam:GetUser', 'arn:aws:iam::1:user/Alice')).toBe('implicit-deny');
    expect(check(docs, 'iam:ListUsers', 'arn:aws:iam::1:user/alice')).toBe('implicit-deny');
    expect(check(docs, 'iam:GetUser', '*')).toBe('implicit-deny');
  });

  it('an explicit Deny wins; NotAction and NotResource invert', () => {
    const docs: PolicyDocument[] = [
      { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
      { Statement: [{ Effect: 'Deny', NotAction: 'iam:Get*', NotResource: 'arn:aws:iam::1:user/ok' }] },
    ];
    expect(check(docs, 'iam:GetUser', 'arn:aws:iam::1:user/x')).toBe('allow');
    expect(check(docs, 'iam:ListUsers', 'arn:aws:iam::1:user/x')).toBe('explicit-deny');
    expect(check(docs, 'iam:ListUsers', 'arn:aws:iam::1:user/ok')).toBe('allow');
  });

  it('date conditions on aws:CurrentTime and aws:TokenIssueTime; a missing key does not match', () => {
    const docs: PolicyDocument[] = [
      {
        Statement: {
          Effect: 'Allow',
          Action: '*',
          Resource: '*',
          Condition: { DateLessThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' } },
        },
      },
      {
        Statement: {
          Effect: 'Deny',
          Action: '*',
          Resource: '*',
          Condition: { DateLessThan: { 'aws:TokenIssueTime': '2025-05-01T00:00:00Z' } },
        },
      },
    ];
    expect(check(docs, 'sts:GetAccessKeyInfo')).toBe('allow');
    expect(
      check(docs, 'sts:GetAccessKeyInfo', '*', { ...ctx, 'aws:TokenIssueTime': '2025-04-01T00:00:00Z' }),
    ).toBe('explicit-deny');
    expect(
      check(docs, 'sts:GetAccessKeyInfo', '*', { ...ctx, 'aws:TokenIssueTime': '2025-05-02T00:00:00Z' }),
    ).toBe('allow');
    expect(check(docs, 'sts:GetAccessKeyInfo', '*', { 'aws:CurrentTime': '2026-02-01T00:00:00Z' })).toBe(
      'implicit-deny',
    );
  });

  it('string conditions, IfExists and negated operators on a missing key', () => {
    const docs: PolicyDocument[] = [
      {
        Statement: {
          Effect: 'Allow',
          Action: '*',
          Resource: '*',
          Condition: { StringLike: { 'aws:username': 'ali*' } },
        },
      },
      {
        Statement: {
          Effect: 'Deny',
          Action: '*',
          Resource: '*',
          Condition: { StringNotEqualsIfExists: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } },
        },
      },
    ];
    // IfExists (and a negated operator) on a missing key evaluates to true: the Deny applies.
    expect(check(docs, 'iam:GetUser', '*', { 'aws:username': 'alice' })).toBe('explicit-deny');
    expect(
      check(docs, 'iam:GetUser', '*', { 'aws:username': 'bob', 'aws:RequestedRegion': 'us-east-1' }),
    ).toBe('implicit-deny');
    expect(
      check(docs, 'iam:GetUser', '*', { 'aws:username': 'alice', 'aws:RequestedRegion': 'eu-west-1' }),
    ).toBe('allow');
    expect(
      check(docs, 'iam:GetUser', '*', { 'aws:username': 'alice', 'aws:RequestedRegion': 'ap-south-1' }),
    ).toBe('explicit-deny');
  });
});
