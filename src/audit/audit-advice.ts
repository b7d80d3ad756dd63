// What a key out of policy calls for, in the words of the one remediation source (report/remediation.ts): the
// audit's verdict mapped to a remediation reason, then the runbook of steps with exact `aws iam` commands.
import { GENERIC_KEY, type KeyToRemediate, type RemediationReason } from '../report/remediation.js';
import { rotationReason, type KeyVerdict } from './policy.js';

/** The one reason a key is remediated for: rotate or retire it first, else its second key, else delete it. */
export function remediationReason(verdict: KeyVerdict): RemediationReason {
  const rotate = rotationReason(verdict);
  if (rotate !== null) return rotate;
  return verdict.violations.includes('two-active-keys') ? 'two-active-keys' : 'inactive-not-deleted';
}

/** The key as the runbook needs it; `deactivated`: the audit made it inactive just now. */
export function keyToRemediate(
  verdict: KeyVerdict,
  account: string | null,
  deactivated: boolean,
): KeyToRemediate {
  const reason = remediationReason(verdict);
  const days = reason === 'unused' ? (verdict.idleDays ?? verdict.ageDays) : verdict.ageDays;
  return {
    keyId: verdict.key.accessKeyId ?? GENERIC_KEY.keyId,
    user: verdict.key.userName,
    account,
    reason,
    state: deactivated || verdict.key.status !== 'Active' ? 'inactive' : 'active',
    ...(reason === 'age' || reason === 'unused' ? { days } : {}),
  };
}
