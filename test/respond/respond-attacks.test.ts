// Red-team tests of the verify-and-respond path: each one is an attempt to make secret-guard act on a key it must
// leave alone, act on the wrong one, or say it did something it did not. Real HTTP to the local AWS server.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { makeRepo, type TempRepo } from '../helpers/git-repo.js';
import { ACCOUNT, setUp, type Fixture } from '../verify/aws-fixture.js';

let fixture: Fixture;
let repo: TempRepo;
let base: string;
let settingsDir: string;
beforeEach(async () => {
  fixture = await setUp('respond');
  repo = makeRepo();
  base = repo.commit({ 'README.md': 'app\n' });
  settingsDir = mkdtempSync(join(tmpdir(), 'sg-settings-'));
});
afterEach(async () => {
  repo.remove();
  rmSync(settingsDir, { recursive: true, force: true });
  await fixture.close();
});

function awsEnv(): NodeJS.ProcessEnv {
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
  };
}

/** Commit `lines` and scan that commit with --respond in CI, with trusted settings `yaml`. */
async function respondToCommit(lines: string[], yaml: string) {
  const settings = join(settingsDir, 'secret-guard.yml');
  writeFileSync(settings, yaml);
  repo.commit({ 'deploy/.env': lines.join('\n') + '\n' }, 'deploy settings');
  return runCli(['scan', '--range', `${base}..HEAD`, '--respond', '--config', settings, '--format', 'json'], {
    cwd: repo.dir,
    env: awsEnv(),
  });
}

describe('allow.keyIds (your own canaries and test keys)', () => {
  // The allowed-key-id filter keeps a secret paired with an allowed id across lines (it is judged by itself), but
  // that secret still carries the allowed id: verification signed with the pair (setting off a home-made canary)
  // and the response deactivated the very key the settings said to leave alone.
  it('an allowed key id with its secret on the next line is never signed with, nor acted on', async () => {
    fixture.server.addUser(ACCOUNT, 'canary');
    const canary = fixture.server.addKey(ACCOUNT, 'canary');
    const result = await respondToCommit(
      [`AWS_ACCESS_KEY_ID=${canary.accessKeyId}`, `AWS_SECRET_ACCESS_KEY=${canary.secretAccessKey}`],
      `accounts: ["${ACCOUNT}"]\nallow:\n  keyIds: ["${canary.accessKeyId}"]\n`,
    );
    expect(fixture.server.calls.filter((c) => c.accessKeyId === canary.accessKeyId)).toEqual([]);
    expect(fixture.server.calls.filter((c) => c.params['AccessKeyId'] === canary.accessKeyId)).toEqual([]);
    expect(fixture.server.keyStatus(canary.accessKeyId)).toBe('Active');
    // The secret is still reported (it is judged by itself), and the scan fails.
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout) as {
      findings: Array<{ rule: string; response: { action: string; reason?: string } | null }>;
    };
    expect(report.findings.map((f) => [f.rule, f.response?.action])).toEqual([
      ['aws-secret-access-key', 'skipped'],
    ]);
    expect(report.findings[0]?.response?.reason).toMatch(/allow\.keyIds/);
    expect(result.stdout + result.stderr).not.toContain(canary.secretAccessKey);
  }, 60_000);
});
