// Who secret-guard itself runs as: the access key id it signs with (so that a leak of that very key is handled
// last) and the account (so that, with no accounts configured, "your accounts" means that one).
import { AwsApi, type AwsOptions, type CallerIdentity } from './aws-api.js';
import { describeAwsError } from './aws-error.js';

export interface OwnIdentity {
  /** The access key id of secret-guard's own credentials, or null when none could be loaded. */
  accessKeyId: string | null;
  identity: CallerIdentity | null;
  /** Why the identity is unknown (one line), when it is. */
  reason?: string;
}

/** Resolve secret-guard's own credentials and call sts:GetCallerIdentity with them (it needs no permission). */
export async function ownIdentity(aws: AwsOptions, callTimeoutMs = 5_000): Promise<OwnIdentity> {
  const api = await AwsApi.open(aws, { callTimeoutMs });
  try {
    const accessKeyId = await api.ownAccessKeyId();
    try {
      return { accessKeyId, identity: await api.callerIdentity() };
    } catch (error) {
      return {
        accessKeyId,
        identity: null,
        reason: describeAwsError(error, 'sts:GetCallerIdentity', { region: api.region }).reason,
      };
    }
  } finally {
    await api.close();
  }
}
