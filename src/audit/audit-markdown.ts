// The audit as Markdown, for the Action's job summary: the counts, then the keys out of policy as a table, most
// urgent first (the first 100; the JSON report has them all), the exceptions used and the users not read.
import type { AuditFinding, AuditResult } from './audit-result.js';
import { isPartial } from './audit-result.js';

const MAX_ROWS = 100;

/** Table cell text: no pipes or line breaks, HTML-significant characters escaped. */
function cell(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`)
    .trim();
}

function response(f: AuditFinding): string {
  const parts: string[] = [];
  if (f.deactivation) parts.push(f.deactivation.action);
  if (f.issue)
    parts.push(
      f.issue.url
        ? `[issue #${f.issue.number}](${f.issue.url}) ${f.issue.action}`
        : `issue ${f.issue.action}`,
    );
  return parts.join('; ');
}

export function auditMarkdown(result: AuditResult): string {
  const { inventory } = result;
  const out = [
    `### secret-guard audit${result.account ? ` of account \`${result.account}\`` : ''}`,
    '',
    `${inventory.users} users, ${result.keys} access keys (${result.activeKeys} active), read by ` +
      `${inventory.source === 'credential-report' ? 'the credential report' : 'listing user by user'}. ` +
      `**${result.findings.length} out of policy**, ${result.allowed.length} allowed by exception, ` +
      `${result.inPolicy} in policy${isPartial(result) ? `; **partial**: ${inventory.failures.length} user(s) not read` : ''}.`,
    '',
  ];
  if (result.findings.length > 0) {
    const respond = result.response !== null;
    out.push(
      `| user | key id | status | age | last used | out of policy${respond ? ' | response' : ''} |`,
      `| --- | --- | --- | --- | --- | ---${respond ? ' | ---' : ''} |`,
    );
    for (const f of result.findings.slice(0, MAX_ROWS)) {
      const used = f.key.lastUsed;
      const last = used === null ? '' : used.date === null ? 'never' : `${f.idleDays ?? 0} days ago`;
      out.push(
        `| ${cell(f.key.userName)} | ${f.key.accessKeyId ? `\`${f.key.accessKeyId}\`` : 'unknown'} | ${f.key.status} | ` +
          `${f.ageDays} days | ${last} | ${f.violations.join(', ')}${respond ? ` | ${response(f)}` : ''} |`,
      );
    }
    if (result.findings.length > MAX_ROWS) {
      out.push(
        '',
        `… and ${result.findings.length - MAX_ROWS} more (see \`secret-guard audit --format json\`).`,
      );
    }
    out.push('');
  }
  if (inventory.failures.length > 0) {
    out.push(
      'Users not read:',
      '',
      ...inventory.failures.map((f) => `- ${cell(f.userName)}: ${cell(f.reason)}`),
      '',
    );
  }
  for (const note of inventory.notes) out.push(`> ${cell(note)}`, '');
  return out.join('\n');
}
