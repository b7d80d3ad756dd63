// The documents and tags a response writes. Compact JSON: a user's inline policies share one 2,048-character quota.

/** Inline policy that denies everything to temporary credentials issued before the response (AWS's "revoke sessions"). */
export const REVOKE_POLICY_NAME = 'SecretGuardRevokeOlderSessions';
/** Inline deny-all quarantine (what aws-samples/notify-and-remediate-exposed-access-key puts on the user). */
export const QUARANTINE_POLICY_NAME = 'SecretGuardQuarantineDenyAll';
/** AWS's own quarantine policy, the one AWS attaches to a user whose key it finds exposed. */
export const AWS_QUARANTINE_POLICY_ARN = 'arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV3';

/**
 * The moment sessions must have been issued by to be revoked: the response time rounded up to the next whole
 * second, so that a session issued in the same second as the response is revoked too.
 */
export function revocationTime(now: Date): string {
  const ms = now.getTime();
  const up = Math.ceil(ms / 1000) * 1000;
  return new Date(up === ms ? ms + 1000 : up).toISOString().replace('.000Z', 'Z');
}

/**
 * Deny every action to temporary credentials issued before `before`. Long-term keys (the user's new key) carry no
 * aws:TokenIssueTime, so the condition does not match them and they keep working.
 */
export function revokeOlderSessionsPolicy(before: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'SecretGuardRevokeOlderSessions',
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: { DateLessThan: { 'aws:TokenIssueTime': before } },
      },
    ],
  });
}

export function denyAllPolicy(): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Sid: 'SecretGuardQuarantine', Effect: 'Deny', Action: '*', Resource: '*' }],
  });
}

/** IAM tag limits: key ≤ 128, value ≤ 256 characters, letters, digits, spaces and `_ . : / = + - @` only. */
const TAG_VALUE_MAX = 256;
const TAG_UNSAFE = /[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu;
const TAG_PREFIX = 'secret-guard:leak:';

export interface LeakSite {
  file: string;
  line: number;
  commit: string | null;
}

/** The tag naming a leak: `secret-guard:leak:<key id>` → `<file>:<line> @<commit> at <time>` (within tag limits). */
export function leakTag(
  keyId: string,
  sites: readonly LeakSite[],
  at: string,
): { Key: string; Value: string } {
  const first = sites[0];
  const where = first
    ? `${first.file}:${first.line}${first.commit ? ` @${first.commit.slice(0, 12)}` : ''}`
    : 'unknown';
  const more = sites.length > 1 ? ` +${sites.length - 1} more` : '';
  const tail = `${more} at ${at}`;
  const safeWhere = where.replace(TAG_UNSAFE, '_');
  const room = TAG_VALUE_MAX - tail.length;
  const value =
    (safeWhere.length > room ? `...${safeWhere.slice(safeWhere.length - room + 3)}` : safeWhere) + tail;
  return { Key: `${TAG_PREFIX}${keyId}`.slice(0, 128), Value: value.replace(TAG_UNSAFE, '_') };
}
