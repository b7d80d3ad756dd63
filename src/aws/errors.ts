// Turns whatever an AWS call threw into one line that names the cause and the fix. Never includes a secret:
// AWS error messages carry key ids and ARNs at most, and nothing here formats credentials.
import { errorMessage } from '../errors.js';

type AwsFailureKind =
  | 'no-credentials'
  | 'expired'
  | 'access-denied'
  | 'invalid-token'
  | 'signature'
  | 'not-found'
  | 'quota'
  | 'throttled'
  | 'timeout'
  | 'unreachable'
  | 'no-region'
  | 'bad-endpoint'
  | 'server'
  | 'other';

export interface AwsFailure {
  kind: AwsFailureKind;
  /** The AWS error code or Node error code, when there is one. */
  code: string | null;
  /** One line: what failed and why, for the finding's `reason`. */
  reason: string;
}

/** Thrown by the session's own per-call and whole-run time bounds (see session.ts); names the setting to change. */
export class AwsTimeoutError extends Error {
  override name = 'AwsTimeoutError';
  constructor(
    readonly api: string,
    readonly ms: number,
    readonly overall: boolean,
  ) {
    super(
      overall
        ? `${api}: the run's AWS calls ran out of time (${ms / 1000} s in all, aws.totalTimeoutSeconds)`
        : `${api}: no answer within ${ms / 1000} s (aws.callTimeoutSeconds)`,
    );
  }
}

// The SDK classifies these as throttling (smithy service-error-classification); IAM's LimitExceeded is among them
// but is a quota, not a rate, and is handled first.
const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'SlowDown',
  'PriorRequestNotComplete',
  'BandwidthLimitExceeded',
]);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired']);
const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedAccess',
]);
const NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
]);

interface ErrorLike {
  name?: unknown;
  /** The wire error code, copied by the SDK from the XML/JSON error (`ServiceFailure` for `ServiceFailureException`). */
  Code?: unknown;
  code?: unknown;
  message?: unknown;
  hostname?: unknown;
  errors?: unknown;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

function asErrorLike(error: unknown): ErrorLike {
  return typeof error === 'object' && error !== null ? error : {};
}

/** The Node error code (ECONNREFUSED, ENOTFOUND, …), also inside an AggregateError from happy-eyeballs. */
function nodeCode(error: ErrorLike): string | null {
  if (typeof error.code === 'string' && /^E[A-Z_]+$|^UND_ERR/.test(error.code)) return error.code;
  if (Array.isArray(error.errors)) {
    for (const inner of error.errors as unknown[]) {
      const code = nodeCode(asErrorLike(inner));
      if (code) return code;
    }
  }
  return null;
}

function attemptsNote(error: ErrorLike): string {
  const attempts = error.$metadata?.attempts;
  return attempts && attempts > 1 ? ` after ${attempts} attempts` : '';
}

/**
 * Classify an error thrown by an AWS SDK call.
 * @param api the IAM action name of the call, such as `iam:GetAccessKeyLastUsed`; named in the reason.
 * @param context what the call was for (the endpoint or region), used for network reasons.
 */
export function describeAwsError(error: unknown, api: string, context: { region?: string } = {}): AwsFailure {
  const e = asErrorLike(error);
  const name = typeof e.name === 'string' ? e.name : '';
  const message = errorMessage(error);
  const status = e.$metadata?.httpStatusCode;
  const code = nodeCode(e);

  if (error instanceof AwsTimeoutError)
    return { kind: 'timeout', code: null, reason: `timed out: ${message}` };
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(message)) {
    return {
      kind: 'no-credentials',
      code: name || null,
      reason:
        'no AWS credentials: none found by the default chain (environment, profile, SSO, web identity, instance role)',
    };
  }
  if (/region is missing/i.test(message)) {
    return {
      kind: 'no-region',
      code: null,
      reason: 'no AWS region configured: set AWS_REGION or a profile region',
    };
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    const host = typeof e.hostname === 'string' ? e.hostname : 'the AWS endpoint';
    const hint = context.region ? ` (is the region "${context.region}" right?)` : '';
    return { kind: 'unreachable', code, reason: `unreachable: cannot resolve ${host}${hint}` };
  }
  if (code && NETWORK.has(code)) {
    return { kind: 'unreachable', code, reason: `unreachable: ${api} failed with ${code}${attemptsNote(e)}` };
  }
  // After the network codes: the SDK names a reset socket TimeoutError too (to mark it retryable), with its code.
  if (name === 'AbortError' || name === 'TimeoutError' || name === 'RequestTimeout' || code === 'ETIMEDOUT') {
    return { kind: 'timeout', code: code ?? name, reason: `timed out: ${api} got no answer in time` };
  }
  if (/invalid configuration|endpointerror|invalid region/i.test(`${name} ${message}`)) {
    return {
      kind: 'bad-endpoint',
      code: name || null,
      reason: `no AWS endpoint for this region or setting: ${message}`,
    };
  }
  if (EXPIRED.has(name)) {
    return { kind: 'expired', code: name, reason: `AWS session expired (${name}): refresh the credentials` };
  }
  if (ACCESS_DENIED.has(name)) {
    return { kind: 'access-denied', code: name, reason: `access denied: missing permission ${api}` };
  }
  if (name === 'InvalidClientTokenId' || name === 'UnrecognizedClientException') {
    return {
      kind: 'invalid-token',
      code: name,
      reason: `the credentials are not valid (InvalidClientTokenId)`,
    };
  }
  if (name === 'SignatureDoesNotMatch' || name === 'InvalidSignatureException') {
    return {
      kind: 'signature',
      code: name,
      reason: `the secret does not match the key id (SignatureDoesNotMatch)`,
    };
  }
  if (name === 'NoSuchEntity' || name === 'NoSuchEntityException') {
    return { kind: 'not-found', code: 'NoSuchEntity', reason: `${api}: ${message}` };
  }
  if (name === 'LimitExceeded' || name === 'LimitExceededException') {
    return { kind: 'quota', code: 'LimitExceeded', reason: `IAM quota reached (LimitExceeded): ${message}` };
  }
  if (THROTTLING.has(name) || status === 429) {
    return {
      kind: 'throttled',
      code: name || '429',
      reason: `throttled by AWS (${name || 'HTTP 429'})${attemptsNote(e)}`,
    };
  }
  if (status !== undefined && status >= 500) {
    const wire = typeof e.Code === 'string' ? e.Code : name;
    const what = wire && wire !== 'Error' && !wire.endsWith('ServiceException') ? ` ${wire}` : '';
    return {
      kind: 'server',
      code: name || null,
      reason: `AWS service error (HTTP ${status}${what})${attemptsNote(e)}`,
    };
  }
  const label = name && name !== 'Error' ? `${name}: ` : '';
  return { kind: 'other', code: name || code, reason: `${api} failed: ${label}${message}` };
}

/**
 * IAM answers iam:GetAccessKeyLastUsed for a key id it does not know (deleted, never existed, or of another account)
 * with AccessDenied "on resource: access key <id>", not NoSuchEntity: the resource named is the key, not a user, because
 * no user holds it. A caller that lacks the permission is refused on the user's ARN instead.
 */
export function isUnknownKeyDenial(error: unknown): boolean {
  const e = asErrorLike(error);
  return (
    ACCESS_DENIED.has(typeof e.name === 'string' ? e.name : '') &&
    /on resource: access key\b/i.test(errorMessage(error))
  );
}
