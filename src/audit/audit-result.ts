// What `secret-guard audit` found and did: the data every output format (text, JSON, the Action's summary) and the
// exit code derive from.
import type { AuditException } from '../config/audit-config.js';
import { EXIT } from '../errors.js';
import type { Inventory } from './inventory.js';
import type { AuditLimits, KeyVerdict } from './policy.js';
import type { KeyResponse } from './respond.js';

/** A key out of policy, with what --respond did about it (both null without --respond). */
export type AuditFinding = KeyVerdict & KeyResponse;

export interface AuditResult {
  /** The account audited (the credentials' own), when STS said. */
  account: string | null;
  /** The clock the policy was judged with. */
  now: Date;
  limits: AuditLimits;
  inventory: Omit<Inventory, 'keys'>;
  /** Keys read, and of those active. */
  keys: number;
  activeKeys: number;
  /** Keys that break no rule. */
  inPolicy: number;
  /** Out of policy, most urgent first. */
  findings: AuditFinding[];
  /** Out of policy but covered by a documented exception. */
  allowed: KeyVerdict[];
  /** Exceptions past their end date that would have covered a key. */
  expiredExceptions: AuditException[];
  /** `respond` when --respond acted, `plan` for --dry-run, null without --respond. */
  response: 'respond' | 'plan' | null;
  /** AWS calls made, by API (`iam:ListAccessKeys` → 2000). */
  awsCalls: Record<string, number>;
}

/** Users whose keys could not be read: something out of policy may be hidden there. */
export function isPartial(result: AuditResult): boolean {
  return result.inventory.failures.some((f) => !f.judged);
}

/** 1 when any key is out of policy; else 3 when some user could not be read; else 0. */
export function auditExitCode(result: AuditResult): number {
  if (result.findings.length > 0) return EXIT.findings;
  return isPartial(result) ? EXIT.operational : EXIT.clean;
}
