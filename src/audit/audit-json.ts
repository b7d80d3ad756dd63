// The audit as JSON (`secret-guard audit --format json`): version 1, dates as ISO 8601 strings, days as whole numbers.
// Key ids are written whole (an id is not a secret, and a person needs it to act); no secret is ever known here.
import type { AuditException } from '../config/audit-config.js';
import type { AuditFinding, AuditResult } from './audit-result.js';
import { isPartial } from './audit-result.js';
import type { KeyVerdict } from './policy.js';

function iso(date: Date | null): string | null {
  return date === null ? null : date.toISOString();
}

function keyJson(v: KeyVerdict) {
  const used = v.key.lastUsed;
  return {
    user: v.key.userName,
    keyId: v.key.accessKeyId,
    status: v.key.status,
    created: iso(v.key.created),
    ageDays: v.ageDays,
    // null: not read; `date: null`: never used.
    lastUsed: used === null ? null : { date: iso(used.date), service: used.service, region: used.region },
    idleDays: v.idleDays,
    violations: v.violations,
    overdueDays: v.overdueDays,
    newerKeyId: v.newerKeyId,
  };
}

function exceptionJson(e: AuditException) {
  return { user: e.user, keyId: e.keyId, reason: e.reason, expires: iso(e.expires) };
}

function findingJson(f: AuditFinding) {
  return { ...keyJson(f), deactivation: f.deactivation, issue: f.issue };
}

export function auditJson(result: AuditResult): string {
  const { inventory } = result;
  const document = {
    version: 1,
    audit: {
      account: result.account,
      now: iso(result.now),
      source: inventory.source,
      asOf: iso(inventory.asOf),
      limits: result.limits,
      users: inventory.users,
      keys: result.keys,
      activeKeys: result.activeKeys,
      inPolicy: result.inPolicy,
      outOfPolicy: result.findings.length,
      allowed: result.allowed.length,
      partial: isPartial(result),
      response: result.response,
      awsCalls: result.awsCalls,
    },
    findings: result.findings.map(findingJson),
    allowed: result.allowed.map((v) => ({
      ...keyJson(v),
      exception: v.allowedBy ? exceptionJson(v.allowedBy) : null,
    })),
    expiredExceptions: result.expiredExceptions.map(exceptionJson),
    failures: inventory.failures.map((f) => ({
      user: f.userName,
      kind: f.kind,
      reason: f.reason,
      judged: f.judged,
    })),
    gone: inventory.gone,
    notes: inventory.notes,
  };
  return JSON.stringify(document, null, 2) + '\n';
}
