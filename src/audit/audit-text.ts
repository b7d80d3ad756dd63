// The audit as text for a terminal or a CI log: a table of the keys out of policy, most urgent first, then the
// keys allowed by exception, the users that could not be read, and what to do.
import { remediationFor, type Remediation, type RemediationReason } from '../report/remediation.js';
import { printable } from '../report/sanitize.js';
import { keyToRemediate, remediationReason } from './audit-advice.js';
import type { AuditFinding, AuditResult } from './audit-result.js';
import { isPartial } from './audit-result.js';
import type { KeyVerdict, Violation } from './policy.js';

const RULE_WORDS: Record<Violation, string> = {
  age: 'too old',
  unused: 'unused',
  'never-used': 'never used',
  'two-active-keys': 'two active keys',
  'inactive-not-deleted': 'inactive, not deleted',
};

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

function lastUsed(v: KeyVerdict): string {
  const used = v.key.lastUsed;
  if (used === null) return '-';
  if (used.date === null) return 'never';
  return `${day(used.date)} (${v.idleDays ?? 0} d ago)`;
}

function responseWords(f: AuditFinding): string {
  const parts: string[] = [];
  if (f.deactivation)
    parts.push(f.deactivation.action === 'planned' ? 'would deactivate' : f.deactivation.action);
  if (f.issue) {
    const issue = f.issue;
    if (issue.action === 'planned') parts.push('would open/update issue');
    else if (issue.number !== null) parts.push(`issue #${issue.number} ${issue.action}`);
    else parts.push(`issue ${issue.action}`);
  }
  return parts.join('; ');
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].map((l) => `  ${l}`);
}

function keyCells(v: KeyVerdict): string[] {
  return [
    v.key.userName,
    v.key.accessKeyId ?? '(id unknown)',
    v.key.status,
    `${v.ageDays} d`,
    lastUsed(v),
    v.violations.map((r) => RULE_WORDS[r]).join(', '),
  ];
}

/** What --respond skipped or failed, grouped by why: one line per reason, naming its keys. */
function notDone(findings: readonly AuditFinding[]): string[] {
  const groups = new Map<string, string[]>();
  for (const f of findings) {
    for (const [what, outcome] of [
      ['deactivation', f.deactivation],
      ['issue', f.issue],
    ] as const) {
      if (outcome === null || (outcome.action !== 'skipped' && outcome.action !== 'failed')) continue;
      const why = `${what} ${outcome.action}: ${printable(outcome.reason ?? '')}`;
      groups.set(why, [...(groups.get(why) ?? []), f.key.accessKeyId ?? `(a key of ${f.key.userName})`]);
    }
  }
  if (groups.size === 0) return [];
  return ['', 'Not done:', ...[...groups].map(([why, keys]) => `  ${why}: ${keys.join(', ')}`)];
}

export function auditText(result: AuditResult): string {
  const { inventory, limits } = result;
  const out: string[] = [];
  const source =
    inventory.source === 'credential-report'
      ? `credential report of ${inventory.asOf.toISOString().slice(0, 16).replace('T', ' ')} UTC`
      : 'listed user by user';
  const account = result.account ? ` of account ${result.account}` : '';
  out.push(
    `secret-guard audit${account}: ${plural(inventory.users, 'user')}, ${plural(result.keys, 'access key')} ` +
      `(${result.activeKeys} active; ${source})`,
    `Policy: active keys at most ${limits.maxAgeDays} days old and used within ${limits.maxUnusedDays} days;`,
    `one active key per user (two for at most ${limits.twoKeysGraceDays} days); no inactive keys left behind.`,
    '',
  );

  if (result.findings.length === 0) {
    out.push(`No key is out of policy (${plural(result.inPolicy, 'key')} in policy).`);
  } else {
    const respond = result.response !== null;
    out.push(`${plural(result.findings.length, 'key')} out of policy, most urgent first:`);
    const header = [
      'USER',
      'KEY ID',
      'STATUS',
      'AGE',
      'LAST USED',
      'BREAKS',
      ...(respond ? ['RESPONSE'] : []),
    ];
    out.push(
      ...table(
        header,
        result.findings.map((f) => [...keyCells(f), ...(respond ? [responseWords(f)] : [])]),
      ),
    );
    out.push(...notDone(result.findings));
  }

  if (result.allowed.length > 0) {
    out.push(
      '',
      `${plural(result.allowed.length, 'key')} out of policy but allowed by a documented exception:`,
    );
    out.push(
      ...table(
        ['USER', 'KEY ID', 'STATUS', 'AGE', 'LAST USED', 'BREAKS', 'EXCEPTION'],
        result.allowed.map((v) => [
          ...keyCells(v),
          `${printable(v.allowedBy?.reason ?? '')}${v.allowedBy?.expires ? ` (until ${day(v.allowedBy.expires)})` : ''}`,
        ]),
      ),
    );
  }
  for (const e of result.expiredExceptions) {
    const who = e.user !== null ? `user ${e.user}` : `key ${e.keyId ?? ''}`;
    out.push(
      '',
      `The exception for ${who} ended on ${day(e.expires ?? result.now)}: renew it in .secret-guard.yml or fix the key.`,
    );
  }

  if (inventory.failures.length > 0) {
    const partial = isPartial(result);
    out.push(
      '',
      `${plural(inventory.failures.length, 'user')} could not be read${partial ? ' (the audit is partial)' : ''}:`,
      ...inventory.failures.map((f) => `  ${f.userName}: ${printable(f.reason)}`),
    );
  }
  if (inventory.gone.length > 0) {
    out.push('', `Deleted while the audit ran (their keys went with them): ${inventory.gone.join(', ')}`);
  }
  if (inventory.notes.length > 0) out.push('', ...inventory.notes.map((n) => `Note: ${printable(n)}`));
  out.push(...whatToDo(result));
  return out.join('\n') + '\n';
}

/**
 * The runbook (from the one remediation source) for the most urgent key of each reason, steps and commands only;
 * the other keys of that reason take the same steps with their own user and key id. Why, and where AWS says
 * so, once at the end.
 */
function whatToDo(result: AuditResult): string[] {
  const byReason = new Map<RemediationReason, AuditFinding[]>();
  for (const f of result.findings) {
    const reason = remediationReason(f);
    byReason.set(reason, [...(byReason.get(reason) ?? []), f]);
  }
  if (byReason.size === 0) return [];
  const out = ['', 'What to do (the most urgent key of each kind; the others take the same steps):'];
  let last: Remediation | null = null;
  for (const findings of byReason.values()) {
    // An example with a key id where there is one.
    const example = findings.find((f) => f.key.accessKeyId !== null) ?? findings[0]!;
    const deactivated = example.deactivation?.action === 'deactivated';
    const r = remediationFor(keyToRemediate(example, result.account, deactivated));
    out.push('', `${r.title}${findings.length > 1 ? ` (and ${findings.length - 1} more)` : ''}`, r.summary);
    r.steps.forEach((step, i) => {
      out.push(`  ${i + 1}. ${step.title}${step.done ? ' (done)' : ''}.`);
      if (step.command !== null) out.push(`       $ ${step.command}`);
    });
    last = r;
  }
  if (last) {
    out.push('', ...last.notes.map((n) => `${n.title}. ${n.text}`));
    out.push(...last.references.map((ref) => `${ref.title}: ${ref.url}`));
  }
  return out.map(printable);
}
