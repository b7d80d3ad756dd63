// The one-line reasons for what AWS calls throw, as the SDK and Node shape those errors.
import { describe, expect, it } from 'vitest';
import { AwsTimeoutError, describeAwsError, isUnknownKeyDenial } from '../../src/aws/errors.js';

function sdkError(name: string, message: string, status?: number, attempts?: number, extra: object = {}) {
  return Object.assign(new Error(message), {
    name,
    ...extra,
    ...(status !== undefined ? { $metadata: { httpStatusCode: status, attempts } } : {}),
  });
}

const API = 'iam:GetAccessKeyLastUsed';

describe('describeAwsError', () => {
  it.each([
    [
      sdkError('CredentialsProviderError', 'Could not load credentials from any providers'),
      'no-credentials',
      /^no AWS credentials/,
    ],
    [
      sdkError('ExpiredToken', 'The security token included in the request is expired', 403),
      'expired',
      /^AWS session expired \(ExpiredToken\)/,
    ],
    [sdkError('ExpiredTokenException', 'expired', 400), 'expired', /ExpiredTokenException/],
    [
      sdkError('AccessDenied', 'User: x is not authorized', 403),
      'access-denied',
      /^access denied: missing permission iam:GetAccessKeyLastUsed$/,
    ],
    [
      sdkError('Throttling', 'Rate exceeded', 400, 3),
      'throttled',
      /^throttled by AWS \(Throttling\) after 3 attempts$/,
    ],
    [
      sdkError('LimitExceededException', 'Cannot exceed quota for AccessKeysPerUser: 2', 409, 3),
      'quota',
      /^IAM quota reached \(LimitExceeded\): Cannot exceed quota/,
    ],
    [
      sdkError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403),
      'invalid-token',
      /InvalidClientTokenId/,
    ],
    [
      sdkError('SignatureDoesNotMatch', 'The request signature we calculated does not match', 403),
      'signature',
      /SignatureDoesNotMatch/,
    ],
    [
      sdkError('NoSuchEntityException', 'The Access Key with id X cannot be found.', 404),
      'not-found',
      /cannot be found/,
    ],
    [
      sdkError('ServiceFailureException', 'boom', 500, 3, { Code: 'ServiceFailure' }),
      'server',
      /^AWS service error \(HTTP 500 ServiceFailure\) after 3 attempts$/,
    ],
    [sdkError('IAMServiceException', 'unavailable', 503, 1), 'server', /^AWS service error \(HTTP 503\)$/],
    [
      sdkError('Error', 'connect ECONNREFUSED 127.0.0.1:9', undefined, undefined, { code: 'ECONNREFUSED' }),
      'unreachable',
      /failed with ECONNREFUSED/,
    ],
    [
      sdkError('TimeoutError', 'socket hang up', undefined, undefined, { code: 'ECONNRESET' }),
      'unreachable',
      /failed with ECONNRESET/,
    ],
    [sdkError('TimeoutError', 'Connection timed out after 3000 ms'), 'timeout', /^timed out/],
    [new AwsTimeoutError(API, 300, false), 'timeout', /no answer within 0\.3 s \(aws\.callTimeoutSeconds\)$/],
    [
      new AwsTimeoutError(API, 60_000, true),
      'timeout',
      /ran out of time \(60 s in all, aws\.totalTimeoutSeconds\)$/,
    ],
    [new Error('Region is missing'), 'no-region', /^no AWS region configured/],
    [
      Object.assign(new Error('getaddrinfo ENOTFOUND sts.eu-wset-1.amazonaws.com'), {
        code: 'ENOTFOUND',
        hostname: 'sts.eu-wset-1.amazonaws.com',
      }),
      'unreachable',
      /cannot resolve sts\.eu-wset-1\.amazonaws\.com \(is the region "eu-wset-1" right\?\)/,
    ],
    [
      Object.assign(
        new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })], 'all failed'),
      ),
      'unreachable',
      /ECONNREFUSED/,
    ],
    ['a string', 'other', /^iam:GetAccessKeyLastUsed failed: a string$/],
  ])('%#: %s', (error, kind, reason) => {
    const failure = describeAwsError(error, API, { region: 'eu-wset-1' });
    expect(failure.kind).toBe(kind);
    expect(failure.reason).toMatch(reason);
    expect(failure.reason).not.toContain('\n');
  });

  it('tells an unknown key from a missing permission', () => {
    expect(
      isUnknownKeyDenial(
        sdkError(
          'AccessDenied',
          'User: arn:aws:iam::1:user/sg is not authorized to perform: iam:GetAccessKeyLastUsed on resource: access key AKIAX',
          403,
        ),
      ),
    ).toBe(true);
    expect(
      isUnknownKeyDenial(
        sdkError(
          'AccessDenied',
          'User: arn:aws:iam::1:user/sg is not authorized to perform: iam:GetAccessKeyLastUsed on resource: arn:aws:iam::1:user/alice because no identity-based policy allows it',
          403,
        ),
      ),
    ).toBe(false);
  });
});
