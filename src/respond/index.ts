// The respond stage's public surface. Importing it loads no AWS SDK: the clients are imported when a call is made.
export { respondToLeaks } from './respond.js';
export type { RespondOptions } from './respond.js';
export {
  AWS_QUARANTINE_POLICY_ARN,
  QUARANTINE_POLICY_NAME,
  REVOKE_POLICY_NAME,
  denyAllPolicy,
  leakTag,
  revocationTime,
  revokeOlderSessionsPolicy,
} from './leak-policies.js';
export { planPrincipal, principalOf } from './response-plan.js';
export type { LeakTarget, PlannedCall, Principal, PrincipalPlan } from './response-plan.js';
