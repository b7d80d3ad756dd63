// The Action's inputs as the runner hands them over (INPUT_* strings), checked once.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { awsCredentialsPresent, readInputs } from '../../src/github/action-inputs.js';

function inputs(values: Record<string, string>) {
  return readInputs((name) => values[name] ?? '');
}

describe('readInputs', () => {
  it('takes the defaults for empty inputs', () => {
    expect(inputs({})).toEqual({
      githubToken: '',
      repository: '',
      mode: 'auto',
      verify: 'auto',
      respond: true,
      dryRun: false,
      openIssue: true,
      issueLabels: [],
      issueFor: ['confirmed'],
      failOnFindings: true,
      config: null,
      sarifFile: null,
    });
  });

  it('reads lists split by commas or lines, and flags in any case', () => {
    const read = inputs({
      'issue-labels': 'secret-guard, security\nleak',
      'issue-for': 'confirmed,Exposed-Id',
      respond: 'FALSE',
      mode: 'History',
    });
    expect(read.issueLabels).toEqual(['secret-guard', 'security', 'leak']);
    expect(read.issueFor).toEqual(['confirmed', 'exposed-id']);
    expect(read.respond).toBe(false);
    expect(read.mode).toBe('history');
  });

  it.each([
    ['mode', 'everything', /input 'mode' must be auto, diff, history, audit; got 'everything'/],
    ['verify', 'yes', /input 'verify' must be auto, true, false/],
    ['fail-on-findings', '1', /input 'fail-on-findings' must be true, false; got '1'/],
    ['issue-for', 'all', /input 'issue-for' takes confirmed, exposed-id, unverified; got 'all'/],
  ])('names a bad %s value and what it takes', (name, value, message) => {
    expect(() => inputs({ [name]: value })).toThrow(UsageError);
    expect(() => inputs({ [name]: value })).toThrow(message);
  });
});

describe('awsCredentialsPresent', () => {
  it.each([
    [{ AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' }, true],
    [{ AWS_ACCESS_KEY_ID: 'x' }, false],
    [{ AWS_WEB_IDENTITY_TOKEN_FILE: '/t', AWS_ROLE_ARN: 'arn' }, true],
    [{ AWS_PROFILE: 'ci' }, true],
    [{}, false],
  ])('%j -> %s', (env, expected) => {
    expect(awsCredentialsPresent(env)).toBe(expected);
  });
});
