// The verify stage's public surface. Importing it loads no AWS SDK: the clients are imported when a call is made.
export { AwsApi, USER_AGENT } from './aws-api.js';
export type {
  AwsCredentials,
  AwsCredentialsProvider,
  AwsLimits,
  AwsOptions,
  CallerIdentity,
} from './aws-api.js';
export { AwsTimeoutError, describeAwsError } from './aws-error.js';
export type { AwsFailure, AwsFailureKind } from './aws-error.js';
export { CANARY_ACCOUNTS, canaryService } from './canary-accounts.js';
export { keyActivity } from './key-activity.js';
export type { KeyActivityOptions } from './key-activity.js';
export { verifyDetections } from './verify.js';
export type { VerifyOptions } from './verify.js';
export { ownIdentity } from './own-identity.js';
