// STS session tokens: found under their names (and beside an ASIA id), carried on the detections of the ASIA id they
// belong to and of its secret, never a finding of their own, never shown whole.
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';

import { describe, expect, it } from 'vitest';

import { SecretValue } from '../../src/secret-value.js';
import type { Detection } from '../../src/types.js';
import { keyId, secret } from './test-keys.js';
import { scanText } from './scan.js';

/** A session token shaped like STS's: `IQoJb3JpZ2luX2Vj…` ("!\n\torigin_ec…"), hundreds of base64 characters. */
function sessionToken(bytes = 600): string {
  return `IQoJb3JpZ2luX2VjE${randomBytes(bytes).toString('base64')}`;
}

/** [rule, value, token] for each detection. */
function tokens(text: string, path?: string): Array<[string, string | null, string | null]> {
  return scanText(text, path).map((d: Detection) => [
    d.rule,
    d.rule === 'aws-access-key-id' ? d.keyId : '(secret)',
    d.sessionToken?.reveal() ?? null,
  ]);
}

describe('session tokens', () => {
  const asia = keyId('123456789012', 'ASIA');
  const s = secret();
  const token = sessionToken();

  it.each([
    [
      'an env file',
      [`AWS_ACCESS_KEY_ID=${asia}`, `AWS_SECRET_ACCESS_KEY=${s}`, `AWS_SESSION_TOKEN=${token}`],
    ],
    [
      'exported shell variables, the token first',
      [
        `export AWS_SESSION_TOKEN="${token}"`,
        `export AWS_ACCESS_KEY_ID="${asia}"`,
        `export AWS_SECRET_ACCESS_KEY="${s}"`,
      ],
    ],
    [
      'an INI credentials profile',
      [
        '[temp]',
        `aws_access_key_id = ${asia}`,
        `aws_secret_access_key = ${s}`,
        `aws_session_token = ${token}`,
      ],
    ],
    [
      'boto’s legacy aws_security_token',
      [`aws_access_key_id=${asia}`, `aws_secret_access_key=${s}`, `aws_security_token=${token}`],
    ],
    [
      'the JSON of aws sts assume-role',
      [
        '{',
        '    "Credentials": {',
        `        "AccessKeyId": "${asia}",`,
        `        "SecretAccessKey": "${s}",`,
        `        "SessionToken": "${token}",`,
        '        "Expiration": "2026-01-02T03:04:05+00:00"',
        '    },',
        '    "AssumedRoleUser": { "Arn": "arn:aws:sts::123456789012:assumed-role/deploy/ci" }',
        '}',
      ],
    ],
    [
      'the JSON of aws sts get-session-token on one line',
      [
        JSON.stringify({
          Credentials: { AccessKeyId: asia, SecretAccessKey: s, SessionToken: token, Expiration: 'x' },
        }),
      ],
    ],
    [
      'a JS credentials object',
      [
        'credentials: {',
        `  accessKeyId: '${asia}',`,
        `  secretAccessKey: '${s}',`,
        `  sessionToken: '${token}',`,
        '}',
      ],
    ],
    [
      'the text output of aws sts assume-role',
      [`CREDENTIALS\t${asia}\t2026-01-02T03:04:05Z\t${s}\t${token}`],
    ],
    [
      'a token whose name sits in a line that fails the prefilter, above the id',
      [`"SessionToken": "${token}",`, `"SecretAccessKey": "${s}",`, `"AccessKeyId": "${asia}"`],
    ],
  ])('pairs the token with its ASIA id and secret in %s', (_name, lines) => {
    expect(tokens(lines.join('\n')).sort()).toEqual([
      ['aws-access-key-id', asia, token],
      ['aws-secret-access-key', '(secret)', token],
    ]);
  });

  it('decodes a URL-encoded token from a presigned URL onto the id (no secret is in the URL)', () => {
    const url =
      `https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${asia}%2F20260101%2F` +
      `us-east-1%2Fs3%2Faws4_request&X-Amz-Security-Token=${encodeURIComponent(token)}&X-Amz-Signature=abc`;
    expect(tokens(url)).toEqual([['aws-access-key-id', asia, token]]);
  });

  it('pairs each profile’s token with its own id', () => {
    const [asia2, s2, token2] = [keyId('210987654321', 'ASIA'), secret(), sessionToken()];
    const text = [
      '[one]',
      `aws_access_key_id = ${asia}`,
      `aws_secret_access_key = ${s}`,
      `aws_session_token = ${token}`,
      '[two]',
      `aws_access_key_id = ${asia2}`,
      `aws_secret_access_key = ${s2}`,
      `aws_session_token = ${token2}`,
    ].join('\n');
    expect(tokens(text)).toEqual([
      ['aws-access-key-id', asia, token],
      ['aws-secret-access-key', '(secret)', token],
      ['aws-access-key-id', asia2, token2],
      ['aws-secret-access-key', '(secret)', token2],
    ]);
  });

  it('gives a token to no AKIA key (long-term keys have none)', () => {
    const akia = keyId();
    const text = [`AWS_ACCESS_KEY_ID=${akia}`, `AWS_SECRET_ACCESS_KEY=${s}`, `AWS_SESSION_TOKEN=${token}`];
    expect(tokens(text.join('\n'))).toEqual([
      ['aws-access-key-id', akia, null],
      ['aws-secret-access-key', '(secret)', null],
    ]);
  });

  it('gives no token from more than 5 lines away', () => {
    const text = [
      `AWS_ACCESS_KEY_ID=${asia}`,
      ...Array.from({ length: 5 }, () => 'x'),
      `AWS_SESSION_TOKEN=${token}`,
    ];
    expect(tokens(text.join('\n'))).toEqual([['aws-access-key-id', asia, null]]);
  });

  it('is no finding of its own, alone or beside a lone secret', () => {
    expect(scanText(`AWS_SESSION_TOKEN=${token}`)).toEqual([]);
    expect(tokens(`AWS_SECRET_ACCESS_KEY=${s}\nAWS_SESSION_TOKEN=${token}`)).toEqual([
      ['aws-secret-access-key', '(secret)', null],
    ]);
  });

  it.each([
    [
      'a long base64 run with no token name',
      `AWS_ACCESS_KEY_ID=${asia}\nCERT=${randomBytes(600).toString('base64')}`,
    ],
    [
      'text of the token’s alphabet with low entropy',
      `AWS_ACCESS_KEY_ID=${asia}\nAWS_SESSION_TOKEN=${'Ab'.repeat(80)}`,
    ],
    [
      'a run shorter than 100 characters',
      `AWS_ACCESS_KEY_ID=${asia}\nAWS_SESSION_TOKEN=${token.slice(0, 99)}`,
    ],
  ])('takes no token from %s', (_name, text) => {
    expect(tokens(text)).toEqual([['aws-access-key-id', asia, null]]);
  });

  it('holds the token in a SecretValue that prints redacted, and in no other field', () => {
    const found = scanText(
      [`AWS_ACCESS_KEY_ID=${asia}`, `AWS_SECRET_ACCESS_KEY=${s}`, `AWS_SESSION_TOKEN=${token}`].join('\n'),
    );
    for (const detection of found) {
      expect(detection.sessionToken).toBeInstanceOf(SecretValue);
      // lineText is the raw line, kept for allow comments and never reported.
      const printable = { ...detection, lineText: undefined };
      for (const shown of [JSON.stringify(printable), inspect(printable), String(detection.sessionToken)]) {
        expect(shown).not.toContain(token.slice(4, 40));
      }
    }
  });
});
