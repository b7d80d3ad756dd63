// `scan --verify` and `--respond` as users run them: the bundled CLI in a child process, reaching the local
// IAM/STS/CloudTrail server through the SDK's standard endpoint settings and credentials from the environment.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { makeRepo, type TempRepo } from '../helpers/git-repo.js';
import { ACCOUNT, setUp, type Fixture } from '../verify/aws-fixture.js';

interface Report {
  findings: Array<{
    rule: string;
    keyId: string;
    verification: {
      status: string;
      user?: string;
      reason?: string;
      activity?: { available: boolean };
    } | null;
    response: { action: string; reason?: string; calls?: Array<{ api: string }> } | null;
  }>;
}

let fixture: Fixture;
let repo: TempRepo;
beforeEach(async () => {
  fixture = await setUp('respond');
  repo = makeRepo();
  repo.write('.secret-guard.yml', `accounts: ["${ACCOUNT}"]\n`);
  repo.commit({ 'README.md': 'app\n' });
});
afterEach(async () => {
  repo.remove();
  await fixture.close();
});

function awsEnv(overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const credentials = fixture.aws.credentials as { accessKeyId: string; secretAccessKey: string };
  return {
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

/** Stage an app user's live key pair, as a developer about to commit it would. */
function stageLeak(): { accessKeyId: string; secretAccessKey: string } {
  fixture.server.addUser(ACCOUNT, 'app');
  const leaked = fixture.server.addKey(ACCOUNT, 'app');
  repo.write(
    'deploy/.env',
    `AWS_ACCESS_KEY_ID=${leaked.accessKeyId}\nAWS_SECRET_ACCESS_KEY=${leaked.secretAccessKey}\n`,
  );
  repo.git('add', '-A');
  return leaked;
}

describe('scan --verify / --respond', () => {
  it('says a found key is live and whose, and deactivates it with --respond', async () => {
    const leaked = stageLeak();
    // In CI the found pair is proven (verify.pairCheck: auto), so a live pair is `active`.
    const verified = await runCli(['scan', '--verify', '--format', 'json'], {
      cwd: repo.dir,
      env: awsEnv({ CI: 'true' }),
    });
    expect(verified.exitCode).toBe(1);
    const before = JSON.parse(verified.stdout) as Report;
    expect(before.findings).toHaveLength(2);
    for (const f of before.findings) expect(f.verification).toMatchObject({ status: 'active', user: 'app' });
    expect(fixture.server.keyStatus(leaked.accessKeyId)).toBe('Active');

    // Outside CI, --verify does not sign with a found pair: IAM's word alone is not a proven leak.
    const local = await runCli(['scan', '--verify', '--format', 'json'], { cwd: repo.dir, env: awsEnv() });
    expect(local.exitCode).toBe(1);
    for (const f of (JSON.parse(local.stdout) as Report).findings) {
      expect(f.verification).toMatchObject({ status: 'unverified', user: 'app' });
      expect(f.verification?.reason).toMatch(/the secret found with it was not tried/);
    }

    // --respond always proves the pair first, in CI or not.

    const responded = await runCli(['scan', '--respond', '--format', 'json'], {
      cwd: repo.dir,
      env: awsEnv(),
    });
    expect(responded.exitCode).toBe(1);
    expect(responded.stdout + responded.stderr).not.toContain(leaked.secretAccessKey);
    const after = JSON.parse(responded.stdout) as Report;
    expect(after.findings[0]?.response?.action).toBe('deactivated');
    expect(fixture.server.keyStatus(leaked.accessKeyId)).toBe('Inactive');
    // The response signed with secret-guard's own key, never with the leaked one.
    const updates = fixture.server.calls.filter((c) => c.action === 'UpdateAccessKey');
    expect(updates.map((c) => c.accessKeyId)).toEqual([fixture.responderKeyId]);
    expect(updates[0]?.params).toMatchObject({
      UserName: 'app',
      AccessKeyId: leaked.accessKeyId,
      Status: 'Inactive',
    });

    const again = await runCli(['scan', '--respond', '--format', 'json'], { cwd: repo.dir, env: awsEnv() });
    expect((JSON.parse(again.stdout) as Report).findings[0]?.response?.action).toBe('already-inactive');
  });

  it('--dry-run prints the plan and changes nothing', async () => {
    const leaked = stageLeak();
    const result = await runCli(['scan', '--respond', '--dry-run'], { cwd: repo.dir, env: awsEnv() });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('UpdateAccessKey');
    expect(fixture.server.keyStatus(leaked.accessKeyId)).toBe('Active');
    expect(
      fixture.server.calls.some((c) => c.action === 'UpdateAccessKey' || c.action === 'PutUserPolicy'),
    ).toBe(false);
  });

  it('keeps reporting every finding, with a reason, when AWS cannot be reached', async () => {
    stageLeak();
    await fixture.close();
    const result = await runCli(['scan', '--respond', '--format', 'json'], { cwd: repo.dir, env: awsEnv() });
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.findings).toHaveLength(2);
    for (const f of report.findings) {
      expect(f.verification?.status).toBe('unverified');
      expect(f.verification?.reason).toBeTruthy();
      expect(f.response?.action).toBe('skipped');
    }
  });

  it('without credentials, says so on each finding and still exits 1', async () => {
    stageLeak();
    const env = awsEnv({
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    const result = await runCli(['scan', '--verify', '--format', 'json'], { cwd: repo.dir, env });
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout) as Report;
    for (const f of report.findings) {
      expect(f.verification?.status).toBe('unverified');
      expect(f.verification?.reason).toMatch(/credential/i);
    }
  });
});
