// The audit's outputs from one result: the text table, JSON and the job summary's Markdown.
import { describe, expect, it } from 'vitest';
import { auditExitCode, type AuditResult } from '../../src/audit/audit-result.js';
import { auditJson } from '../../src/audit/audit-json.js';
import { auditMarkdown } from '../../src/audit/audit-markdown.js';
import { auditText } from '../../src/audit/audit-text.js';
import type { AuditedKey } from '../../src/audit/inventory.js';
import { DAY_MS, judgeKeys } from '../../src/audit/policy.js';
import { makeKeyId } from '../helpers/keys.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const LIMITS = { maxAgeDays: 90, maxUnusedDays: 45, twoKeysGraceDays: 10 };

function key(userName: string, ageDays: number, usedDaysAgo: number | null, status = 'Active'): AuditedKey {
  return {
    userName,
    accessKeyId: makeKeyId(),
    status,
    created: new Date(NOW.getTime() - ageDays * DAY_MS),
    lastUsed: {
      date: usedDaysAgo === null ? null : new Date(NOW.getTime() - usedDaysAgo * DAY_MS),
      service: usedDaysAgo === null ? null : 'sts',
      region: usedDaysAgo === null ? null : 'us-east-1',
    },
  };
}

function result(keys: AuditedKey[], extra: Partial<AuditResult['inventory']> = {}): AuditResult {
  const judged = judgeKeys(keys, LIMITS, [], NOW);
  return {
    account: '123456789012',
    now: NOW,
    limits: LIMITS,
    inventory: {
      source: 'listing',
      asOf: NOW,
      users: new Set(keys.map((k) => k.userName)).size,
      failures: [],
      gone: [],
      notes: [],
      ...extra,
    },
    keys: keys.length,
    activeKeys: keys.filter((k) => k.status === 'Active').length,
    inPolicy: judged.inPolicy,
    findings: judged.outOfPolicy.map((v) => ({ ...v, deactivation: null, issue: null })),
    allowed: judged.allowed,
    expiredExceptions: judged.expiredExceptions,
    response: null,
    awsCalls: { 'iam:ListUsers': 1 },
  };
}

describe('audit outputs', () => {
  const keys = [
    key('ok', 10, 1),
    key('old', 120, 2),
    key('gone-quiet', 60, null),
    key('left', 200, 150, 'Inactive'),
  ];

  it('text: a header with counts, the table most urgent first, and the runbook per kind', () => {
    const text = auditText(result(keys));
    expect(text.split('\n')[0]).toBe(
      'secret-guard audit of account 123456789012: 4 users, 4 access keys (3 active; listed user by user)',
    );
    const rows = text.split('\n').filter((l) => /^ {2}(old|gone-quiet|left|ok) /.test(l));
    expect(rows.map((r) => r.trim().split(/\s+/)[0])).toEqual(['old', 'gone-quiet', 'left']);
    expect(text).toMatch(/old\s+AKIA\w{16}\s+Active\s+120 d\s+\d{4}-\d\d-\d\d \(2 d ago\)\s+too old/);
    expect(text).toContain('What to do');
    expect(text).toContain('$ aws iam create-access-key --user-name old');
    expect(text).toContain('$ aws iam delete-access-key --user-name left');
  });

  it('text: failures make it partial, and users deleted meanwhile are named', () => {
    const text = auditText(
      result([key('ok', 10, 1)], {
        failures: [
          { userName: 'bob', kind: 'throttled', reason: 'iam:ListAccessKeys: throttled', judged: false },
        ],
        gone: ['carol'],
      }),
    );
    expect(text).toContain('No key is out of policy (1 key in policy).');
    expect(text).toContain(
      '1 user could not be read (the audit is partial):\n  bob: iam:ListAccessKeys: throttled',
    );
    expect(text).toContain('Deleted while the audit ran (their keys went with them): carol');
  });

  it('json: version 1, the summary, and every finding with its dates as ISO strings', () => {
    const r = result(keys);
    const doc = JSON.parse(auditJson(r)) as {
      version: number;
      audit: Record<string, unknown>;
      findings: Array<Record<string, unknown>>;
    };
    expect(doc.version).toBe(1);
    expect(doc.audit).toMatchObject({
      account: '123456789012',
      source: 'listing',
      outOfPolicy: 3,
      inPolicy: 1,
      partial: false,
    });
    expect(doc.findings[0]).toMatchObject({
      user: 'old',
      keyId: keys[1]!.accessKeyId,
      status: 'Active',
      ageDays: 120,
      idleDays: 2,
      violations: ['age'],
      lastUsed: { service: 'sts', region: 'us-east-1' },
      deactivation: null,
      issue: null,
    });
    expect(doc.findings[1]).toMatchObject({ user: 'gone-quiet', lastUsed: { date: null }, idleDays: null });
    expect(auditExitCode(r)).toBe(1);
  });

  it('markdown: a summary line and a table, cells escaped', () => {
    const md = auditMarkdown(result(keys, { notes: ['a | b'] }));
    expect(md).toContain('**3 out of policy**, 0 allowed by exception, 1 in policy.');
    expect(md).toContain(`| old | \`${keys[1]!.accessKeyId}\` | Active | 120 days | 2 days ago | age |`);
    expect(md).toContain('> a \\| b');
  });
});
