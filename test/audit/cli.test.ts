// `secret-guard audit` as users run it: the bundled CLI in a child process with AWS settings from the environment,
// against the local IAM server; and its usage errors in process.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { runInProcess } from '../cli/in-process.js';
import { startGitHubServer } from '../servers/github/index.js';
import { addUser, makeWorld, policyWith, populate, type AuditWorld } from './audit-fixture.js';

interface AuditJson {
  version: number;
  audit: {
    source: string;
    users: number;
    outOfPolicy: number;
    partial: boolean;
    limits: { maxAgeDays: number };
  };
  findings: Array<{
    user: string;
    keyId: string | null;
    violations: string[];
    ageDays: number;
    deactivation: { action: string; reason: string | null } | null;
  }>;
  failures: Array<{ user: string; kind: string }>;
  notes: string[];
}

let world: AuditWorld;

function awsEnv(): NodeJS.ProcessEnv {
  return {
    AWS_ENDPOINT_URL_IAM: world.server.url,
    AWS_ENDPOINT_URL_STS: world.server.url,
    AWS_ACCESS_KEY_ID: world.auditor.accessKeyId,
    AWS_SECRET_ACCESS_KEY: world.auditor.secretAccessKey,
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/nonexistent',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

describe('secret-guard audit (bundled CLI)', () => {
  beforeEach(async () => {
    world = await makeWorld(policyWith([], ['iam:UpdateAccessKey']));
  });
  afterEach(async () => {
    await world.close();
  });

  it('prints a table sorted by urgency and exits 1 when a key is out of policy', async () => {
    populate(world, 9);
    const result = await runCli(['audit'], { cwd: world.cwd, env: awsEnv() });
    expect(result.exitCode).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(
      /^secret-guard audit of account 123456789012: 10 users, 11 access keys \(10 active; credential report of/,
    );
    expect(result.stdout).toContain('6 keys out of policy, most urgent first:');
    const rows = lines.filter((l) => /^ {2}u-\d{4}-/.test(l)).map((l) => l.trim().split(/\s+/)[0]);
    expect(rows).toEqual([
      'u-0001-old',
      'u-0002-idle',
      'u-0004-never',
      'u-0003-idle-young',
      'u-0006-two',
      'u-0007-inactive',
    ]);
    expect(result.stdout).toMatch(/u-0004-never\s+AKIA\w{16}\s+Active\s+60 d\s+never\s+never used/);
  });

  it('--format json carries every finding with its key id, and --max-age overrides the limit', async () => {
    addUser(world, 'alice', 'fresh');
    addUser(world, 'bob', 'old');
    const result = await runCli(['audit', '--format', 'json', '--max-age', '7'], {
      cwd: world.cwd,
      env: awsEnv(),
    });
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout) as AuditJson;
    expect(report.version).toBe(1);
    expect(report.audit).toMatchObject({
      source: 'credential-report',
      users: 3,
      outOfPolicy: 2,
      partial: false,
    });
    expect(report.audit.limits.maxAgeDays).toBe(7);
    expect(report.findings.map((f) => [f.user, f.keyId, f.violations])).toEqual([
      ['bob', world.keys.get('bob')?.[0], ['age']],
      ['alice', world.keys.get('alice')?.[0], ['age']],
    ]);
  });

  it('exits 0 when every key is in policy', async () => {
    addUser(world, 'alice', 'fresh');
    const result = await runCli(['audit'], { cwd: world.cwd, env: awsEnv() });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('No key is out of policy (2 keys in policy).');
  });

  it('--respond --deactivate-unused --dry-run prints the plan; without --dry-run it deactivates', async () => {
    const [idle] = addUser(world, 'idle', 'idle-young');
    const plan = await runCli(['audit', '--respond', '--deactivate-unused', '--dry-run'], {
      cwd: world.cwd,
      env: awsEnv(),
    });
    expect(plan.exitCode).toBe(1);
    expect(plan.stdout).toMatch(/idle\s+AKIA\w{16}\s+Active.*unused\s+would deactivate/);
    expect(world.server.keyStatus(idle!)).toBe('Active');

    const done = await runCli(['audit', '--respond', '--deactivate-unused', '--format', 'json'], {
      cwd: world.cwd,
      env: awsEnv(),
    });
    const report = JSON.parse(done.stdout) as AuditJson;
    expect(report.findings[0]?.deactivation).toEqual({ action: 'deactivated', reason: 'unused for 47 days' });
    expect(world.server.keyStatus(idle!)).toBe('Inactive');
    expect(done.stderr).toContain('rotation issues will not be opened');
  });

  it('--respond opens the rotation issue in GITHUB_REPOSITORY with GITHUB_TOKEN (GITHUB_API_URL honoured)', async () => {
    const github = await startGitHubServer();
    try {
      github.addRepo('acme/infra');
      github.addToken('cli-token');
      const [old] = addUser(world, 'deploy-bot', 'old');
      const result = await runCli(['audit', '--respond', '--format', 'json'], {
        cwd: world.cwd,
        env: {
          ...awsEnv(),
          GITHUB_TOKEN: 'cli-token',
          GITHUB_REPOSITORY: 'acme/infra',
          GITHUB_API_URL: github.url,
        },
      });
      expect(result.exitCode).toBe(1);
      const issues = github.issues('acme/infra');
      expect(issues.map((i) => i.title)).toEqual([
        `Rotate access key ${old} of user deploy-bot (account 123456789012)`,
      ]);
      const report = JSON.parse(result.stdout) as {
        findings: Array<{ issue: { action: string; number: number } }>;
      };
      expect(report.findings[0]?.issue).toMatchObject({ action: 'opened', number: issues[0]?.number });
    } finally {
      await github.close();
    }
  });

  it('reads limits and exceptions from .secret-guard.yml, and names a broken key in it (exit 2)', async () => {
    addUser(world, 'svc', 'old');
    world.config('audit:\n  allow:\n    - user: svc\n      reason: appliance, SEC-1\n');
    const allowed = await runCli(['audit'], { cwd: world.cwd, env: awsEnv() });
    expect(allowed.exitCode).toBe(0);
    expect(allowed.stdout).toMatch(
      /1 key out of policy but allowed by a documented exception:\n.*\n\s+svc .*appliance, SEC-1/,
    );

    world.config('audit:\n  maxAgeDays: ninety\n');
    const broken = await runCli(['audit'], { cwd: world.cwd, env: awsEnv() });
    expect(broken.exitCode).toBe(2);
    expect(broken.stderr).toMatch(/\.secret-guard\.yml: audit\.maxAgeDays: must be a whole number of days/);
  });

  it('without AWS credentials it cannot run: exit 3, one line that says why', async () => {
    const env = { ...awsEnv(), AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' };
    const result = await runCli(['audit'], { cwd: world.cwd, env });
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/secret-guard: cannot list the IAM users: no AWS credentials/);
  });
});

describe('secret-guard audit usage', () => {
  it.each([
    [['--max-age', '0'], "--max-age must be a whole number of days from 1 to 3650, got '0'"],
    [['--max-unused', '4.5'], "--max-unused must be a whole number of days from 1 to 3650, got '4.5'"],
    [['--format', 'sarif'], "--format must be text or json for audit, got 'sarif'"],
    [['--dry-run'], '--dry-run goes with --respond'],
    [['--deactivate-unused'], '--deactivate-unused goes with --respond'],
    [['--source', 'magic'], "--source must be auto, credential-report or listing, got 'magic'"],
    [['--max-ag', '3'], "unknown option '--max-ag' for audit; did you mean '--max-age'?"],
  ])('audit %j is a usage error (exit 2)', async (args, message) => {
    const result = await runInProcess(['audit', ...args]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('audit --help names every option', async () => {
    const result = await runInProcess(['audit', '--help']);
    expect(result.exitCode).toBe(0);
    for (const option of [
      '--max-age <days>',
      '--max-unused <days>',
      '--format',
      '--respond',
      '--dry-run',
      '--deactivate-unused',
      '--source',
      '--config',
    ]) {
      expect(result.stdout).toContain(option);
    }
  });
});
