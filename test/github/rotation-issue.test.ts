// The rotation issue's text, from findings as the scan reports them: what it says, and what it must never do
// (hold the secret, let scanned text add markup, mentions or links).
import { describe, expect, it } from 'vitest';
import { keyFingerprint, rotationIssue, type IssueContext } from '../../src/github/rotation-issue.js';
import { redact } from '../../src/secret-value.js';
import type { Finding, Verification } from '../../src/types.js';
import { makeKeyId, makeSecret } from '../helpers/keys.js';

const SHA = '9fceb02d0ae598e95dc970b74767f19372d61af8';
const ctx: IssueContext = {
  repository: 'acme/app',
  serverUrl: 'https://github.com',
  runUrl: 'https://github.com/acme/app/actions/runs/1',
  eventName: 'push',
  pullRequest: {
    number: 5,
    head: 'b'.repeat(40),
    url: 'https://github.com/acme/app/pull/5',
    title: 'Deploy',
    author: 'dev',
  },
  now: new Date('2026-03-04T05:06:07.890Z'),
};

function findings(
  keyId: string,
  secret: string | null,
  verification: Verification | null,
  extra: Partial<Finding> = {},
): Finding[] {
  const base: Finding = {
    rule: 'aws-access-key-id',
    file: 'config/prod.env',
    line: 3,
    column: 19,
    commit: SHA,
    author: 'Ann Author',
    email: 'ann@example.com',
    date: '2026-03-01T00:00:00Z',
    keyId,
    secret: secret === null ? null : redact(secret),
    fingerprint: 'f-id',
    pairedWith: secret === null ? null : 'f-secret',
    account: '123456789012',
    verification,
    response: null,
    ...extra,
  };
  if (secret === null) return [base];
  return [
    base,
    { ...base, rule: 'aws-secret-access-key', line: 4, fingerprint: 'f-secret', pairedWith: 'f-id' },
  ];
}

const active: Verification = {
  status: 'active',
  user: 'deploy-bot',
  account: '123456789012',
  pairValid: true,
  lastUsed: '2026-02-28T10:00:00Z',
  lastUsedService: 's3',
  lastUsedRegion: 'eu-west-1',
};

describe('rotationIssue', () => {
  it('a confirmed leak: title the key id, where, verdict, what was done and when, CloudTrail, the runbook', () => {
    const keyId = makeKeyId();
    const secret = makeSecret();
    const list = findings(keyId, secret, {
      ...active,
      activity: {
        available: true,
        since: '2026-03-01T00:00:00Z',
        events: 4,
        calls: [
          { name: 'ListBuckets', count: 3 },
          { name: 'GetCallerIdentity', count: 1 },
        ],
        sourceAddresses: ['203.0.113.9'],
        regions: ['eu-west-1'],
      },
    }).map((f) => ({
      ...f,
      response: {
        action: 'deactivated' as const,
        calls: [
          { api: 'iam:UpdateAccessKey', params: { UserName: 'deploy-bot', AccessKeyId: keyId }, ok: true },
        ],
      },
    }));
    const issue = rotationIssue(keyId, list, ctx)!;
    expect(issue.title).toBe(keyId);
    expect(issue.fingerprint).toBe(keyFingerprint(keyId));
    expect(issue.reopen).toBe(true);
    expect(issue.body).toContain(`https://github.com/acme/app/commit/${SHA}`);
    expect(issue.body).toContain(`https://github.com/acme/app/blob/${SHA}/config/prod.env#L3`);
    expect(issue.body).toContain('line 4 (secret)');
    expect(issue.body).toContain('[#5 Deploy](https://github.com/acme/app/pull/5) by `dev`');
    expect(issue.body).toContain('Ann Author on 2026-03-01');
    expect(issue.body).toContain('`deploy-bot`');
    expect(issue.body).toContain('2026-02-28T10:00:00Z by `s3` in `eu-west-1`');
    expect(issue.body).toContain('**Deactivated** the key at 2026-03-04T05:06:07Z');
    expect(issue.body).toContain('`ListBuckets` ×3');
    expect(issue.body).toContain('`203.0.113.9`');
    expect(issue.body).toContain(`aws iam create-access-key --user-name deploy-bot`);
    expect(issue.body).toContain(`aws iam delete-access-key --user-name deploy-bot --access-key-id ${keyId}`);
    expect(issue.body).toContain('What a leak means beyond rotation');
    expect(issue.body).not.toContain(secret);
    expect(issue.sighting.comment).toContain('`config/prod.env` line 3');
  });

  it('an exposed id and an unverified key get their own headline; a key that is not ours gets no issue', () => {
    const keyId = makeKeyId();
    const exposed = rotationIssue(
      keyId,
      findings(keyId, null, { ...active, status: 'exposed-id', pairValid: undefined }),
      ctx,
    )!;
    expect(exposed.reason).toBe('exposed-id');
    expect(exposed.body).toContain('Exposed AWS access key id');
    expect(exposed.reopen).toBe(false);

    const unverified = rotationIssue(keyId, findings(keyId, makeSecret(), null), ctx)!;
    expect(unverified.reason).toBe('unverified');
    expect(unverified.body).toContain('Not verified');

    expect(rotationIssue(keyId, findings(keyId, makeSecret(), { status: 'not-ours' }), ctx)).toBeNull();
    expect(rotationIssue(keyId, findings(keyId, makeSecret(), { status: 'canary' }), ctx)).toBeNull();
  });

  it('a failed response says the key may still be active', () => {
    const keyId = makeKeyId();
    const list = findings(keyId, makeSecret(), active).map((f) => ({
      ...f,
      response: { action: 'failed' as const, reason: 'AccessDenied on iam:UpdateAccessKey' },
    }));
    const body = rotationIssue(keyId, list, ctx)!.body;
    expect(body).toContain('[!CAUTION]');
    expect(body).toContain('it may still be active');
    expect(body).toContain('**The response failed**');
  });

  it('keeps text from the scanned data inert: no markup, mention, link or HTML of its own', () => {
    const keyId = makeKeyId();
    const list = findings(keyId, makeSecret(), active, {
      file: 'a`b/<img src=x>.env',
      author: '@everyone [click](https://evil.example) <script>',
    });
    const body = rotationIssue(keyId, list, {
      ...ctx,
      pullRequest: { ...ctx.pullRequest!, title: '**bold** @team <b>x</b>' },
    })!.body;
    expect(body).toContain('`` a`b/<img src=x>.env ``');
    expect(body).toContain('\\@everyone \\[click\\](https://evil.example) \\<script\\>');
    expect(body).toContain('\\*\\*bold\\*\\* \\@team \\<b\\>x\\</b\\>');
    expect(body).not.toMatch(/(^|[^\\`])@everyone/);
  });

  it('scrubs anything shaped like a secret that reached a reason', () => {
    const keyId = makeKeyId();
    const secret = makeSecret();
    const list = findings(keyId, null, {
      status: 'unverified',
      reason: `AWS said: bad signature for ${secret}`,
    });
    const issue = rotationIssue(keyId, list, ctx)!;
    expect(issue.body).not.toContain(secret);
    // Masked, and its stars escaped as Markdown.
    expect(issue.body).toContain(`${secret.slice(0, 4)}\\*\\*`);
  });

  it('gives each sighting its own id: the same place twice is one sighting, another place another', () => {
    const keyId = makeKeyId();
    const a = rotationIssue(keyId, findings(keyId, null, active), ctx)!;
    const b = rotationIssue(keyId, findings(keyId, null, active), ctx)!;
    const c = rotationIssue(keyId, findings(keyId, null, active, { file: 'other.env' }), ctx)!;
    expect(a.sighting.id).toBe(b.sighting.id);
    expect(a.sighting.id).not.toBe(c.sighting.id);
  });
});
