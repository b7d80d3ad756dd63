// One error annotation per finding, at its file and line, as GitHub shows them on the run and in the pull
// request's diff. Pure: findings in, annotation data out (the entry writes them through @actions/core).
import { printable, safeSecret } from '../report/sanitize.js';
import { failedResponseAdvice } from '../report/scan-facts.js';
import type { Finding } from '../types.js';

export interface Annotation {
  title: string;
  message: string;
  file: string;
  startLine: number;
  startColumn: number;
}

function verdict(f: Finding): string {
  const v = f.verification;
  if (v === null) return '';
  const parts = [`Verdict: ${v.status}`];
  if (v.user !== undefined) parts.push(`user ${v.user}`);
  if (v.account !== undefined) parts.push(`account ${v.account}`);
  return ` ${parts.join(', ')}${v.reason ? ` (${v.reason})` : ''}.`;
}

function response(f: Finding): string {
  const r = f.response;
  if (r === null) return '';
  if (r.action === 'failed')
    return ` RESPONSE FAILED${r.reason ? `: ${r.reason}` : ''}. ${failedResponseAdvice(r)}`;
  return ` Response: ${r.action}${r.reason ? ` (${r.reason})` : ''}.`;
}

export function findingAnnotation(f: Finding): Annotation {
  const secret = safeSecret(f.secret);
  const what =
    f.rule === 'aws-secret-access-key'
      ? `AWS secret access key ${secret ?? ''} added${f.keyId ? ` for key id ${f.keyId}` : ''}.`
      : `AWS access key id ${f.keyId ?? ''} added${secret ? ` with its secret ${secret}` : ''}.`;
  const commit = f.commit === null ? '' : ` Commit ${f.commit.slice(0, 12)}.`;
  return {
    title:
      f.rule === 'aws-secret-access-key' ? 'AWS secret access key' : `AWS access key id ${f.keyId ?? ''}`,
    message: printable(
      `${what}${commit}${verdict(f)}${response(f)} Remove it, and rotate the key if it was pushed.`,
    ),
    file: f.file,
    startLine: f.line,
    startColumn: f.column,
  };
}
