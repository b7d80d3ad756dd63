// audit --respond against the local IAM and GitHub servers: one rotation issue per key to rotate or retire, found
// again by the same fingerprint as the Action's leak issue of that key, updated rather than repeated; GitHub
// failures are reported per key and never stop a deactivation.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditExitCode } from '../../src/audit/audit-result.js';
import { runAudit } from '../../src/audit/audit.js';
import { fingerprintMarker } from '../../src/github/issue-tracker.js';
import { keyFingerprint } from '../../src/github/rotation-issue.js';
import { startGitHubServer, type GitHubServer } from '../servers/github/index.js';
import { addUser, makeWorld, policyWith, type AuditWorld } from './audit-fixture.js';

const REPO = 'acme/infra';
const TOKEN = 'test-token-audit';

let world: AuditWorld;
let github: GitHubServer;

beforeEach(async () => {
  world = await makeWorld(policyWith([], ['iam:UpdateAccessKey']));
  github = await startGitHubServer();
  github.addRepo(REPO);
  github.addToken(TOKEN);
});
afterEach(async () => {
  await world.close();
  await github.close();
});

function target(token = TOKEN) {
  return { token, repository: REPO, apiUrl: github.url };
}

describe('rotation issues', () => {
  it('opens one issue per key to rotate or retire, with the runbook filled in; none for the others', async () => {
    const [old] = addUser(world, 'deploy-bot', 'old');
    const [idle] = addUser(world, 'reports', 'idle-young');
    addUser(world, 'pair', 'two');
    addUser(world, 'retired', 'inactive');
    const result = await runAudit(world.options({ respond: true, github: target() }));

    const issues = github.issues(REPO);
    expect(issues).toHaveLength(2);
    const byKey = (id: string) => issues.find((i) => i.body?.includes(fingerprintMarker(keyFingerprint(id))));
    const age = byKey(old!);
    expect(age?.title).toBe(`Rotate access key ${old} of user deploy-bot (account 123456789012)`);
    expect(age?.body).toContain('## AWS access key out of policy (age)');
    expect(age?.body).toContain('it is 200 days old; the limit is 90');
    expect(age?.body).toContain(`aws iam create-access-key --user-name deploy-bot`);
    expect(age?.labels).toEqual(['secret-guard', 'security']);
    const unused = byKey(idle!);
    expect(unused?.title).toBe(`Retire access key ${idle} of user reports (account 123456789012)`);
    expect(unused?.body).toContain('it has not been used for 47 days; the limit is 45');
    expect(unused?.body).toContain(
      `aws iam update-access-key --user-name reports --access-key-id ${idle} --status Inactive`,
    );

    const outcomes = new Map(result.findings.map((f) => [f.key.userName, f.issue]));
    expect(outcomes.get('deploy-bot')).toMatchObject({ action: 'opened', number: age?.number });
    expect(outcomes.get('pair')).toBeNull();
    expect(outcomes.get('retired')).toBeNull();
  });

  it('a second run changes nothing; a deactivation comments once; an inactive key needs no issue', async () => {
    const [idle] = addUser(world, 'reports', 'idle-young');
    await runAudit(world.options({ respond: true, github: target() }));
    const again = await runAudit(world.options({ respond: true, github: target() }));
    expect(again.findings[0]?.issue?.action).toBe('unchanged');
    expect(github.issues(REPO)).toHaveLength(1);

    const deactivated = await runAudit(
      world.options({ respond: true, github: target(), overrides: { deactivateUnused: true } }),
    );
    expect(deactivated.findings[0]?.deactivation?.action).toBe('deactivated');
    expect(deactivated.findings[0]?.issue?.action).toBe('commented');
    const issue = github.issues(REPO)[0]!;
    expect(issue.comments.map((c) => c.body)).toEqual([
      expect.stringMatching(/still out of policy \(unused\).*secret-guard deactivated the key\./s),
    ]);
    expect(world.server.keyStatus(idle!)).toBe('Inactive');

    // Now inactive: the key is out of policy as left undeleted, which needs no rotation issue.
    const after = await runAudit(world.options({ respond: true, github: target() }));
    expect(after.findings[0]?.violations).toEqual(['inactive-not-deleted']);
    expect(after.findings[0]?.issue).toBeNull();
  });

  it('reopens a closed issue of a key still out of policy', async () => {
    addUser(world, 'deploy-bot', 'old');
    await runAudit(world.options({ respond: true, github: target() }));
    const issue = github.issues(REPO)[0]!;
    github.issue(REPO, issue.number)!.state = 'closed';
    const result = await runAudit(world.options({ respond: true, github: target() }));
    expect(result.findings[0]?.issue?.action).toBe('reopened');
    expect(github.issue(REPO, issue.number)?.state).toBe('open');
  });

  it('--dry-run plans the issues and asks GitHub nothing', async () => {
    addUser(world, 'deploy-bot', 'old');
    const result = await runAudit(world.options({ respond: true, dryRun: true, github: target() }));
    expect(result.findings[0]?.issue).toMatchObject({ action: 'planned' });
    expect(github.mutations()).toEqual([]);
  });

  it('a token that cannot write fails every issue with its reason; deactivations still happen; exit 1', async () => {
    github.addToken('read-only', { permission: 'read' });
    const [idle] = addUser(world, 'reports', 'idle-young');
    addUser(world, 'deploy-bot', 'old');
    const result = await runAudit(
      world.options({ respond: true, github: target('read-only'), overrides: { deactivateUnused: true } }),
    );
    for (const f of result.findings) {
      expect(f.issue?.action).toBe('failed');
      expect(f.issue?.reason).toMatch(/Resource not accessible by integration|permission/i);
    }
    expect(world.server.keyStatus(idle!)).toBe('Inactive');
    expect(auditExitCode(result)).toBe(1);
    // After the first refusal the others fail at once: one write tried, not one per key.
    expect(github.mutations()).toHaveLength(1);
  });

  it('a malformed repository name fails the issues, not the audit', async () => {
    addUser(world, 'deploy-bot', 'old');
    const result = await runAudit(
      world.options({ respond: true, github: { token: TOKEN, repository: 'no-slash', apiUrl: github.url } }),
    );
    expect(result.findings[0]?.issue).toMatchObject({ action: 'failed' });
    expect(result.findings[0]?.issue?.reason).toContain("cannot use repository 'no-slash'");
  });
});
