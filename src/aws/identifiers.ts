// What AWS identifiers say by their shape alone: whether a key id is a session key, and which IAM user or role an
// ARN names. Written once here for verify, respond and the audit.

/** An IAM user or role: what a response acts on. */
export interface IamPrincipal {
  kind: 'user' | 'role';
  name: string;
}

/** A temporary (STS session) access key id: it has no IAM record and cannot be deactivated, only its issuer's sessions revoked. */
export function isSessionKeyId(keyId: string): boolean {
  return keyId.startsWith('ASIA');
}

const PRINCIPAL_ARN = /^arn:aws[\w-]*:(?:iam|sts)::\d{12}:(user|role|assumed-role)\/(.+)$/;

/**
 * The IAM user or role an ARN names, or null for anything else (a federated user, the root user, not an ARN).
 * `user/path/name` and `role/path/name` end in the name; `assumed-role/name/session` names the role first.
 */
export function principalOfArn(arn: string): IamPrincipal | null {
  const match = PRINCIPAL_ARN.exec(arn);
  if (!match) return null;
  const [, type, resource = ''] = match;
  const parts = resource.split('/');
  const name = type === 'assumed-role' ? parts[0] : parts[parts.length - 1];
  return name ? { kind: type === 'user' ? 'user' : 'role', name } : null;
}
