// Proof before action, as CI runs it: the bundled CLI in a child process with CI=true scans a commit
// (`--range base..HEAD --respond`) against the local AWS server, with trusted settings from --config. What the
// commit holds decides what the response may do, and each test lists every mutating call the server received.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { makeRepo, type TempRepo } from '../helpers/git-repo.js';
import { makeSecret } from '../helpers/keys.js';
import { ACCOUNT, setUp, type Fixture } from '../verify/aws-fixture.js';

interface Report {
  findings: Array<{
    rule: string;
    keyId: string | null;
    verification: { status: string; user?: string; reason?: string; pairValid?: boolean } | null;
    response: { action: string; reason?: string } | null;
  }>;
}

let fixture: Fixture;
let repo: TempRepo;
let base: string;
let settingsDir: string;
let settings: string;
beforeEach(async () => {
  fixture = await setUp('respond');
  repo = makeRepo();
  base = repo.commit({ 'README.md': 'app\n' });
  // Trusted settings, outside the change under review. No tag: the calls left are the containment itself.
  settingsDir = mkdtempSync(join(tmpdir(), 'sg-settings-'));
  settings = join(settingsDir, 'secret-guard.yml');
  writeFileSync(settings, `accounts: ["${ACCOUNT}"]\nresponse:\n  tagUser: false\n`);
});
afterEach(async () => {
  repo.remove();
  rmSync(settingsDir, { recursive: true, force: true });
  await fixture.close();
});

function awsEnv(overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const credentials = fixture.aws.credentials as { accessKeyId: string; secretAccessKey: string };
  return {
    CI: 'true',
    AWS_ENDPOINT_URL_IAM: fixture.server.url,
    AWS_ENDPOINT_URL_STS: fixture.server.url,
    AWS_ENDPOINT_URL_CLOUDTRAIL: fixture.server.url,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/nonexistent',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
    ...overrides,
  };
}

async function scanCommit(
  lines: string[],
  options: { format?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  repo.commit({ 'deploy/.env': lines.join('\n') + '\n' }, 'deploy settings');
  const args = ['scan', '--range', `${base}..HEAD`, '--respond', '--config', settings];
  return runCli([...args, '--format', options.format ?? 'json'], {
    cwd: repo.dir,
    env: awsEnv(options.env),
  });
}

/** Every call the server received that changes something (anything but Get…, List…, Lookup…). */
function mutatingCalls(): Array<{ action: string; params: Record<string, string> }> {
  return fixture.server.calls
    .filter((c) => !/^(Get|List|Lookup)/.test(c.action))
    .map((c) => ({ action: c.action, params: c.params }));
}

function verdictOf(stdout: string, keyId: string): Report['findings'][number] {
  const finding = (JSON.parse(stdout) as Report).findings.find(
    (f) => f.keyId === keyId && f.rule === 'aws-access-key-id',
  );
  if (!finding) throw new Error(`no finding for ${keyId}`);
  return finding;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

const revokeOlderSessions = expect.stringContaining('aws:TokenIssueTime') as unknown;

describe('--respond in CI acts on proven leaks only', () => {
  it("an Active user key's id alone: an exposed id, said loudly in every format, and no mutating call", async () => {
    fixture.server.addUser(ACCOUNT, 'app');
    const key = fixture.server.addKey(ACCOUNT, 'app');

    const json = await scanCommit([`# the old key ${key.accessKeyId} was rotated`]);

    expect(json.exitCode).toBe(1);
    const finding = verdictOf(json.stdout, key.accessKeyId);
    expect(finding.verification).toMatchObject({ status: 'exposed-id', user: 'app' });
    expect(finding.verification?.reason).toMatch(/Ask user app whether its secret leaked too/);
    expect(finding.response).toMatchObject({ action: 'skipped' });
    expect(mutatingCalls()).toEqual([]);
    expect(fixture.server.keyStatus(key.accessKeyId)).toBe('Active');

    const args = ['scan', '--range', `${base}..HEAD`, '--verify', '--config', settings, '--format'];
    const text = await runCli([...args, 'text'], { cwd: repo.dir, env: awsEnv() });
    expect(text.exitCode).toBe(1);
    expect(text.stdout).toContain('EXPOSED KEY ID');
    expect(text.stdout).toMatch(/ask app whether the secret leaked too/);
    const sarif = await runCli([...args, 'sarif'], { cwd: repo.dir, env: awsEnv() });
    expect(sarif.exitCode).toBe(1);
    expect(sarif.stdout).toMatch(/Verification: exposed-id \(user app\)/);
    expect(mutatingCalls()).toEqual([]);
  });

  it('an ASIA id alone: no mutating call, and its role is never touched', async () => {
    fixture.server.addRole(ACCOUNT, 'deployer');
    const session = fixture.server.assumeRole(ACCOUNT, 'deployer');
    fixture.server.recordEvent({ accessKeyId: session.accessKeyId, eventName: 'ListBuckets' });

    const result = await scanCommit([`role session ${session.accessKeyId} seen in the log`]);

    expect(result.exitCode).toBe(1);
    const finding = verdictOf(result.stdout, session.accessKeyId);
    expect(finding.verification).toMatchObject({ status: 'exposed-id', user: 'deployer' });
    expect(finding.response?.action).toBe('skipped');
    expect(mutatingCalls()).toEqual([]);
    expect(fixture.server.role(ACCOUNT, 'deployer')?.policies).toEqual({});
  });

  it('a real key id with a wrong secret: no mutating call, and the verdict names what AWS answered', async () => {
    fixture.server.addUser(ACCOUNT, 'app');
    const key = fixture.server.addKey(ACCOUNT, 'app');
    const other = fixture.server.addKey(ACCOUNT, 'app');

    const result = await scanCommit([
      `AWS_ACCESS_KEY_ID=${key.accessKeyId}`,
      `AWS_SECRET_ACCESS_KEY=${other.secretAccessKey}`,
    ]);

    expect(result.exitCode).toBe(1);
    const finding = verdictOf(result.stdout, key.accessKeyId);
    expect(finding.verification).toMatchObject({ status: 'exposed-id', pairValid: false });
    expect(finding.verification?.reason).toMatch(
      /AWS rejected the secret found with it \(SignatureDoesNotMatch\)/,
    );
    expect(finding.response?.action).toBe('skipped');
    expect(mutatingCalls()).toEqual([]);
    expect(result.stdout + result.stderr).not.toContain(other.secretAccessKey);
  });

  it('a garbage secret: no response, and a clear verdict', async () => {
    fixture.server.addUser(ACCOUNT, 'app');
    const key = fixture.server.addKey(ACCOUNT, 'app');

    const result = await scanCommit([
      `AWS_ACCESS_KEY_ID=${key.accessKeyId}`,
      `AWS_SECRET_ACCESS_KEY=${makeSecret()}`,
    ]);

    expect(result.exitCode).toBe(1);
    const finding = verdictOf(result.stdout, key.accessKeyId);
    expect(finding.verification?.status).toBe('exposed-id');
    expect(finding.verification?.reason).toMatch(
      /^AWS rejected the secret found with it \(SignatureDoesNotMatch\): not a working credential/,
    );
    expect(finding.response?.action).toBe('skipped');
    expect(mutatingCalls()).toEqual([]);
  });

  it('a working pair: exactly the deactivation and the revocation of older sessions', async () => {
    fixture.server.addUser(ACCOUNT, 'app');
    const key = fixture.server.addKey(ACCOUNT, 'app');

    const result = await scanCommit([
      `AWS_ACCESS_KEY_ID=${key.accessKeyId}`,
      `AWS_SECRET_ACCESS_KEY=${key.secretAccessKey}`,
    ]);

    expect(result.exitCode).toBe(1);
    expect(verdictOf(result.stdout, key.accessKeyId)).toMatchObject({
      verification: { status: 'active', user: 'app', pairValid: true },
      response: { action: 'deactivated' },
    });
    expect(mutatingCalls()).toEqual([
      {
        action: 'UpdateAccessKey',
        params: { UserName: 'app', AccessKeyId: key.accessKeyId, Status: 'Inactive' },
      },
      {
        action: 'PutUserPolicy',
        params: {
          UserName: 'app',
          PolicyName: 'SecretGuardRevokeOlderSessions',
          PolicyDocument: revokeOlderSessions,
        },
      },
    ]);
    expect(fixture.server.keyStatus(key.accessKeyId)).toBe('Inactive');
    expect(result.stdout + result.stderr).not.toContain(key.secretAccessKey);
  });

  it('STS unreachable during the proof: unverified, nothing deactivated, and the exit code is still 1', async () => {
    fixture.server.addUser(ACCOUNT, 'app');
    const key = fixture.server.addKey(ACCOUNT, 'app');
    const sts = `http://127.0.0.1:${await closedPort()}`;

    const result = await scanCommit(
      [`AWS_ACCESS_KEY_ID=${key.accessKeyId}`, `AWS_SECRET_ACCESS_KEY=${key.secretAccessKey}`],
      { env: { AWS_ENDPOINT_URL_STS: sts } },
    );

    expect(result.exitCode).toBe(1);
    const finding = verdictOf(result.stdout, key.accessKeyId);
    expect(finding.verification).toMatchObject({ status: 'unverified', user: 'app' });
    expect(finding.verification?.reason).toMatch(/the found pair could not be proven: unreachable/);
    expect(finding.response?.action).toBe('skipped');
    expect(mutatingCalls()).toEqual([]);
    expect(fixture.server.keyStatus(key.accessKeyId)).toBe('Active');
  });
});

describe('session keys', () => {
  it('an ASIA pair with its token: the revocation of its role’s older sessions, and nothing else', async () => {
    fixture.server.addRole(ACCOUNT, 'deployer');
    const session = fixture.server.assumeRole(ACCOUNT, 'deployer', { sessionName: 'ci-run' });

    const result = await scanCommit([
      `AWS_ACCESS_KEY_ID=${session.accessKeyId}`,
      `AWS_SECRET_ACCESS_KEY=${session.secretAccessKey}`,
      `AWS_SESSION_TOKEN=${session.sessionToken ?? ''}`,
    ]);

    expect(result.exitCode).toBe(1);
    expect(verdictOf(result.stdout, session.accessKeyId)).toMatchObject({
      verification: { status: 'active', user: 'deployer', pairValid: true },
      response: { action: 'deactivated' },
    });
    expect(mutatingCalls()).toEqual([
      {
        action: 'PutRolePolicy',
        params: {
          RoleName: 'deployer',
          PolicyName: 'SecretGuardRevokeOlderSessions',
          PolicyDocument: revokeOlderSessions,
        },
      },
    ]);
    expect(result.stdout + result.stderr).not.toContain(session.secretAccessKey);
    expect(result.stdout + result.stderr).not.toContain(session.sessionToken ?? '');
  });
});
