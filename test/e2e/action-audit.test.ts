// The Action in `mode: audit`, as the runner runs it: no scan; the account's access keys on the local IAM server
// against the rotation policy, reported in the job summary and the outputs, with the audit's exit code.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAction } from '../helpers/action.js';
import { makeWorld, populate, type AuditWorld } from '../audit/audit-fixture.js';
import { startGitHubServer, type GitHubServer } from '../servers/github/index.js';

let world: AuditWorld;
let github: GitHubServer;

beforeEach(async () => {
  world = await makeWorld();
  github = await startGitHubServer();
  github.addRepo('acme/app');
  github.addToken('test-token');
});
afterEach(async () => {
  await world.close();
  await github.close();
});

function awsEnv(): NodeJS.ProcessEnv {
  return {
    AWS_ENDPOINT_URL_IAM: world.server.url,
    AWS_ENDPOINT_URL_STS: world.server.url,
    AWS_ACCESS_KEY_ID: world.auditor.accessKeyId,
    AWS_SECRET_ACCESS_KEY: world.auditor.secretAccessKey,
    AWS_REGION: 'us-east-1',
  };
}

describe('mode: audit', () => {
  it('audits every key, writes the summary and the findings output, and exits 1 when a key is out of policy', async () => {
    populate(world, 9);
    const run = await runAction({
      workspace: world.cwd,
      eventName: 'schedule',
      payload: { schedule: '0 4 * * 1' },
      apiUrl: github.url,
      env: awsEnv(),
      inputs: { mode: 'audit', respond: 'false' },
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.findings).toBe('6');
    expect(run.outputs['confirmed-leaks']).toBe('0');
    expect(run.summary).toContain('### secret-guard audit of account `123456789012`');
    expect(run.summary).toContain('**6 out of policy**');
    // Nothing was scanned, and GitHub was not asked anything without respond.
    expect(run.stdout).not.toContain('scanning');
    expect(github.requests).toHaveLength(0);
    // Nothing changed in IAM.
    expect(world.server.calls.filter((c) => c.action === 'UpdateAccessKey')).toHaveLength(0);
  });

  it('fail-on-findings: false passes the step with the audit still in the summary', async () => {
    populate(world, 9);
    const run = await runAction({
      workspace: world.cwd,
      eventName: 'workflow_dispatch',
      payload: {},
      apiUrl: github.url,
      env: awsEnv(),
      inputs: { mode: 'audit', respond: 'false', 'fail-on-findings': 'false' },
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.findings).toBe('6');
  });

  it('refuses a pull request event, whose checkout (and .secret-guard.yml) is the change under review', async () => {
    populate(world, 9);
    const run = await runAction({
      workspace: world.cwd,
      eventName: 'pull_request',
      payload: {},
      apiUrl: github.url,
      env: awsEnv(),
      inputs: { mode: 'audit', respond: 'true' },
    });
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toContain('mode: audit does not run on a');
    expect(world.server.calls).toHaveLength(0);
  });
});
