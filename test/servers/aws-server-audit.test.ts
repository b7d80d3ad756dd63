// The local AWS server's inventory side, used by `secret-guard audit`: ListUsers pages, credential reports on the
// server clock, keys of every age and state, and per-user faults. Exercised with the real SDK over HTTP.
import {
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListUsersCommand,
  paginateListUsers,
} from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAwsServer, type AwsServer, type Credentials } from './aws/index.js';
import { REPORT_COLUMNS } from './aws/credential-report.js';

const ACCOUNT = '111122223333';
const DAY = 86_400_000;

let server: AwsServer;
let auditor: Credentials;
let clock: Date;

function iam(credentials: Credentials = auditor, extra: Record<string, unknown> = {}): IAMClient {
  return new IAMClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1, ...extra });
}

async function failure(p: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await p;
  } catch (e) {
    return e as Error & { $metadata?: { httpStatusCode?: number } };
  }
  throw new Error('expected the call to fail');
}

function csvRows(content: Uint8Array | undefined): Array<Record<string, string>> {
  const [header, ...lines] = Buffer.from(content ?? new Uint8Array())
    .toString('utf8')
    .split('\n');
  const names = (header ?? '').split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i] ?? '', v])));
}

beforeEach(async () => {
  // A clock the tests move: the server's notion of now (report generation), kept near real time for SigV4.
  clock = new Date();
  server = await startAwsServer({ now: () => clock });
  server.addUser(ACCOUNT, 'auditor', {
    audit: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['iam:List*', 'iam:*CredentialReport'] }],
    },
  });
  auditor = server.addKey(ACCOUNT, 'auditor');
});

afterEach(async () => {
  await server.close();
});

describe('ListUsers pages', () => {
  it('walks hundreds of users in pages of MaxItems, the marker naming the last user', async () => {
    for (let i = 0; i < 250; i++) server.addUser(ACCOUNT, `user-${String(i).padStart(3, '0')}`);
    const names: string[] = [];
    let pages = 0;
    for await (const page of paginateListUsers({ client: iam(), pageSize: 100 }, {})) {
      pages++;
      names.push(...(page.Users ?? []).map((u) => u.UserName ?? ''));
    }
    expect(pages).toBe(3);
    expect(names).toHaveLength(251);
    expect(new Set(names).size).toBe(251);
  });

  it('a user deleted between two pages skips no one', async () => {
    for (const name of ['a1', 'a2', 'a3', 'a4']) server.addUser(ACCOUNT, name);
    const first = await iam().send(new ListUsersCommand({ MaxItems: 2 }));
    expect(first.Users?.map((u) => u.UserName)).toEqual(['a1', 'a2']);
    expect(server.deleteUser(ACCOUNT, 'a1')).toBe(true);
    const second = await iam().send(new ListUsersCommand({ MaxItems: 2, Marker: first.Marker }));
    expect(second.Users?.map((u) => u.UserName)).toEqual(['a3', 'a4']);
    expect(server.deleteUser(ACCOUNT, 'a1')).toBe(false);
  });

  it('MaxItems above 1000 is a validation error', async () => {
    const e = await failure(iam().send(new ListUsersCommand({ MaxItems: 1001 })));
    expect(e.name).toBe('ValidationError');
  });
});

describe('credential report', () => {
  it('GetCredentialReport before any report is ReportNotPresent 410', async () => {
    const e = await failure(iam().send(new GetCredentialReportCommand({})));
    expect(e.name).toBe('CredentialReportNotPresentException');
    expect(e.$metadata?.httpStatusCode).toBe(410);
  });

  it('goes STARTED, INPROGRESS, COMPLETE on the server clock, ReportInProgress until then', async () => {
    server.setCredentialReportTiming({ generationMs: 5_000 });
    const started = await iam().send(new GenerateCredentialReportCommand({}));
    expect(started.State).toBe('STARTED');
    expect(started.Description).toMatch(/No report exists/);
    expect((await iam().send(new GenerateCredentialReportCommand({}))).State).toBe('INPROGRESS');
    const e = await failure(iam().send(new GetCredentialReportCommand({})));
    expect(e.name).toBe('CredentialReportNotReadyException');
    expect(e.$metadata?.httpStatusCode).toBe(404);

    clock = new Date(clock.getTime() + 5_000);
    expect((await iam().send(new GenerateCredentialReportCommand({}))).State).toBe('COMPLETE');
    const report = await iam().send(new GetCredentialReportCommand({}));
    expect(report.ReportFormat).toBe('text/csv');
    expect(report.GeneratedTime?.getTime()).toBe(Math.floor((clock.getTime() - 5_000) / 1000) * 1000);
  });

  it('is reused for four hours, then regenerated; an expired one is ReportExpired', async () => {
    expect((await iam().send(new GenerateCredentialReportCommand({}))).State).toBe('STARTED');
    server.addUser(ACCOUNT, 'late');
    expect((await iam().send(new GenerateCredentialReportCommand({}))).State).toBe('COMPLETE');
    const reused = csvRows((await iam().send(new GetCredentialReportCommand({}))).Content);
    expect(reused.map((r) => r.user)).not.toContain('late');

    // Keep the auditor's signatures within the 15-minute skew: a new client corrects its clock from Date.
    clock = new Date(clock.getTime() + 4 * 3600_000);
    const later = iam(auditor, { maxAttempts: 2 });
    expect((await later.send(new GenerateCredentialReportCommand({}))).State).toBe('STARTED');
    const fresh = csvRows((await later.send(new GetCredentialReportCommand({}))).Content);
    expect(fresh.map((r) => r.user)).toContain('late');

    server.setCredentialReportTiming({ expiresAfterMs: 60_000 });
    clock = new Date(clock.getTime() + 60_000);
    const e = await failure(later.send(new GetCredentialReportCommand({})));
    expect(e.name).toBe('CredentialReportExpiredException');
  });

  it('holds the documented columns and the values of keys of every age and state', async () => {
    const now = clock.getTime();
    server.addUser(ACCOUNT, 'old-used');
    server.addKey(ACCOUNT, 'old-used', {
      created: new Date(now - 400 * DAY),
      lastUsed: { date: new Date(now - 2 * DAY), service: 's3', region: 'eu-west-1' },
    });
    server.addKey(ACCOUNT, 'old-used', { created: new Date(now - 10 * DAY), status: 'Inactive' });
    server.addUser(ACCOUNT, 'never-used');
    server.addKey(ACCOUNT, 'never-used', { created: new Date(now - 100 * DAY) });
    server.addUser(ACCOUNT, 'no-keys');

    await iam().send(new GenerateCredentialReportCommand({}));
    const out = await iam().send(new GetCredentialReportCommand({}));
    const text = Buffer.from(out.Content ?? new Uint8Array()).toString('utf8');
    expect(text.split('\n')[0]).toBe(REPORT_COLUMNS.join(','));
    const rows = csvRows(out.Content);
    expect(rows[0]).toMatchObject({
      user: '<root_account>',
      arn: `arn:aws:iam::${ACCOUNT}:root`,
      password_enabled: 'not_supported',
    });
    const row = (user: string) => rows.find((r) => r.user === user);
    expect(row('old-used')).toMatchObject({
      arn: `arn:aws:iam::${ACCOUNT}:user/old-used`,
      access_key_1_active: 'true',
      access_key_1_last_rotated: new Date(now - 400 * DAY).toISOString().replace(/\.\d{3}Z$/, '+00:00'),
      access_key_1_last_used_date: new Date(now - 2 * DAY).toISOString().replace(/\.\d{3}Z$/, '+00:00'),
      access_key_1_last_used_region: 'eu-west-1',
      access_key_1_last_used_service: 's3',
      access_key_2_active: 'false',
      access_key_2_last_rotated: new Date(now - 10 * DAY).toISOString().replace(/\.\d{3}Z$/, '+00:00'),
      access_key_2_last_used_date: 'N/A',
    });
    expect(row('never-used')).toMatchObject({
      access_key_1_active: 'true',
      access_key_1_last_used_date: 'N/A',
      access_key_1_last_used_service: 'N/A',
      access_key_2_active: 'false',
      access_key_2_last_rotated: 'N/A',
    });
    expect(row('no-keys')).toMatchObject({ access_key_1_active: 'false', access_key_1_last_rotated: 'N/A' });
    for (const r of rows) expect(Object.keys(r)).toHaveLength(REPORT_COLUMNS.length);
  });

  it('needs iam:GenerateCredentialReport and iam:GetCredentialReport, named in AccessDenied', async () => {
    server.addUser(ACCOUNT, 'lister', {
      list: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:List*' }] },
    });
    const lister = server.addKey(ACCOUNT, 'lister');
    const e = await failure(iam(lister).send(new GenerateCredentialReportCommand({})));
    expect(e.name).toBe('AccessDenied');
    expect(e.message).toBe(
      `User: arn:aws:iam::${ACCOUNT}:user/lister is not authorized to perform: iam:GenerateCredentialReport ` +
        'because no identity-based policy allows the iam:GenerateCredentialReport action',
    );
    const get = await failure(iam(lister).send(new GetCredentialReportCommand({})));
    expect(get.message).toContain('iam:GetCredentialReport');
  });
});

describe('per-user faults', () => {
  beforeEach(() => {
    for (const name of ['bob', 'carol']) {
      server.addUser(ACCOUNT, name);
      server.addKey(ACCOUNT, name);
    }
  });

  it('a fault with params hits only that user, as often as asked', async () => {
    server.injectFault({ kind: 'throttle', action: 'ListAccessKeys', params: { UserName: 'bob' }, times: 2 });
    expect(
      (await iam().send(new ListAccessKeysCommand({ UserName: 'carol' }))).AccessKeyMetadata,
    ).toHaveLength(1);
    expect((await failure(iam().send(new ListAccessKeysCommand({ UserName: 'bob' })))).name).toBe(
      'Throttling',
    );
    expect((await failure(iam().send(new ListAccessKeysCommand({ UserName: 'bob' })))).name).toBe(
      'Throttling',
    );
    expect((await iam().send(new ListAccessKeysCommand({ UserName: 'bob' }))).AccessKeyMetadata).toHaveLength(
      1,
    );
  });

  it('delete-user removes the user as its request arrives: NoSuchEntity', async () => {
    server.injectFault({ kind: 'delete-user', action: 'ListAccessKeys', params: { UserName: 'bob' } });
    const e = await failure(iam().send(new ListAccessKeysCommand({ UserName: 'bob' })));
    expect(e.name).toBe('NoSuchEntityException');
    expect(e.message).toBe('The user with name bob cannot be found.');
    expect(server.user(ACCOUNT, 'bob')).toBeUndefined();
    expect(server.user(ACCOUNT, 'carol')).toBeDefined();
  });

  it('a slow answer for one user trips a client time-out; the others answer', async () => {
    server.injectFault({
      kind: 'slow',
      delayMs: 2_000,
      action: 'ListAccessKeys',
      params: { UserName: 'bob' },
    });
    const client = iam(auditor, { requestHandler: { requestTimeout: 200, throwOnRequestTimeout: true } });
    expect((await failure(client.send(new ListAccessKeysCommand({ UserName: 'bob' })))).name).toBe(
      'TimeoutError',
    );
    expect(
      (await client.send(new ListAccessKeysCommand({ UserName: 'carol' }))).AccessKeyMetadata,
    ).toHaveLength(1);
  });
});
