// Detections for filter tests, shaped as the Detector makes them (fingerprints, pair links, redacted secret).
import { accountFromKeyId } from '../../src/detect/account-id.js';
import { fingerprint } from '../../src/detect/fingerprint.js';
import { SecretValue } from '../../src/secret-value.js';
import type { Detection } from '../../src/types.js';

export interface Where {
  file?: string;
  line?: number;
  lineText?: string;
}

/** An id and its secret on consecutive lines of one file: [id detection, secret detection]. */
export function pair(keyId: string, secret: string, where: Where = {}): [Detection, Detection] {
  const file = where.file ?? 'config/app.env';
  const line = where.line ?? 1;
  const value = new SecretValue(secret);
  const idPrint = fingerprint('aws-access-key-id', keyId);
  const secretPrint = fingerprint('aws-secret-access-key', secret);
  const account = accountFromKeyId(keyId);
  const common = { file, commit: null, keyId, secret: value, sessionToken: null, account };
  return [
    {
      ...common,
      rule: 'aws-access-key-id',
      line,
      column: 19,
      fingerprint: idPrint,
      pairFingerprint: secretPrint,
      lineText: where.lineText ?? `AWS_ACCESS_KEY_ID=${keyId}`,
    },
    {
      ...common,
      rule: 'aws-secret-access-key',
      line: line + 1,
      column: 23,
      fingerprint: secretPrint,
      pairFingerprint: idPrint,
      lineText: where.lineText ?? `AWS_SECRET_ACCESS_KEY=${secret}`,
    },
  ];
}

/** The same pair written on one line (a CSV row, a one-line JSON): the secret right after the id. */
export function onOneLine([id, secret]: [Detection, Detection]): [Detection, Detection] {
  return [id, { ...secret, line: id.line, column: id.column + 25, lineText: id.lineText }];
}

export function lone(rule: Detection['rule'], value: string, where: Where = {}): Detection {
  const isId = rule === 'aws-access-key-id';
  return {
    rule,
    file: where.file ?? 'config/app.env',
    line: where.line ?? 1,
    column: 1,
    commit: null,
    keyId: isId ? value : null,
    secret: isId ? null : new SecretValue(value),
    sessionToken: null,
    fingerprint: fingerprint(rule, value),
    pairFingerprint: null,
    account: isId ? accountFromKeyId(value) : null,
    lineText: where.lineText ?? value,
  };
}

/** Where each detection is, for compact assertions. */
export function places(detections: readonly Detection[]): string[] {
  return detections.map((d) => `${d.rule}@${d.file}:${d.line}`);
}
