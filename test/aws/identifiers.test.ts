// What AWS identifiers say by their shape: session key ids, and the IAM user or role an ARN names.
import { describe, expect, it } from 'vitest';
import { isSessionKeyId, principalOfArn } from '../../src/aws/identifiers.js';
import { makeKeyId } from '../helpers/keys.js';

describe('principalOfArn', () => {
  it.each([
    ['arn:aws:iam::123456789012:user/alice', { kind: 'user', name: 'alice' }],
    ['arn:aws:iam::123456789012:user/team/ops/bob', { kind: 'user', name: 'bob' }],
    ['arn:aws:iam::123456789012:role/deploy/ci', { kind: 'role', name: 'ci' }],
    ['arn:aws:sts::123456789012:assumed-role/ci/run-42', { kind: 'role', name: 'ci' }],
    ['arn:aws-us-gov:iam::123456789012:user/carol', { kind: 'user', name: 'carol' }],
    ['arn:aws:iam::123456789012:root', null],
    ['arn:aws:sts::123456789012:federated-user/dave', null],
    ['arn:aws:s3:::bucket/key', null],
    ['not an arn', null],
  ] as const)('%s', (arn, expected) => {
    expect(principalOfArn(arn)).toEqual(expected);
  });
});

describe('isSessionKeyId', () => {
  it('tells a session key id from a long-term one', () => {
    expect(isSessionKeyId(makeKeyId('123456789012', 'ASIA'))).toBe(true);
    expect(isSessionKeyId(makeKeyId('123456789012', 'AKIA'))).toBe(false);
  });
});
