// The two rules as data, for the reporters (SARIF `rules`, text output) and the README's rule anchors.
import type { RuleId } from '../types.js';

export interface Rule {
  id: RuleId;
  name: string;
  shortDescription: string;
  /** Markdown: what it is, why it matters, what to do. */
  help: string;
  docsUrl: string;
}

const DOCS = 'https://github.com/secret-guard/secret-guard';

export const ACCESS_KEY_ID_RULE: Rule = {
  id: 'aws-access-key-id',
  name: 'AwsAccessKeyId',
  shortDescription: 'AWS access key id',
  help: [
    'An AWS access key id (`AKIA…` for a long-term key, `ASIA…` for a temporary one, `ABIA…`, `ACCA…`): 20',
    'characters that name one access key. secret-guard finds it by its exact format and decodes the AWS account',
    'from it offline.',
    '',
    '**Why it matters.** An id alone cannot sign a request, but it tells an attacker which account and key to',
    'look for, and it is rarely committed without its secret access key: secret-guard reports the secret found',
    'near it as a second, linked finding.',
    '',
    '**What to do.**',
    '',
    '- Remove the id and its secret from the change, and load credentials from the environment, an AWS profile',
    '  or a role instead.',
    '- If the commit was ever pushed, the key has leaked: deactivate it in IAM, create a new one, update what used',
    '  it, then delete the old key. Rewriting history does not undo a leak.',
    '- If it is not a live key (a canary, a test fixture), allow it: list it under `allow.keyIds` in',
    '  `.secret-guard.yml`, add a `secret-guard:allow` comment on its line, or record it in the baseline.',
  ].join('\n'),
  docsUrl: `${DOCS}#aws-access-key-id`,
};

export const SECRET_ACCESS_KEY_RULE: Rule = {
  id: 'aws-secret-access-key',
  name: 'AwsSecretAccessKey',
  shortDescription: 'AWS secret access key',
  help: [
    'An AWS secret access key: 40 characters of `A–Z a–z 0–9 / +`, with high entropy, found next to an AWS',
    'keyword (`aws_secret_access_key`, `secretAccessKey`, …) or within 5 lines of an access key id. secret-guard',
    'never prints it whole.',
    '',
    "**Why it matters.** With its access key id, the secret signs requests as the key's owner: anyone who reads",
    'it can use the account until the key is deactivated. Leaked keys are found and used within minutes of a',
    'push to a public repository.',
    '',
    '**What to do.**',
    '',
    '- Remove it from the change, and load credentials from the environment, an AWS profile or a role instead.',
    '- If the commit was ever pushed, the key has leaked: deactivate it in IAM, create a new one, update what used',
    '  it, then delete the old key. Rewriting history does not undo a leak.',
    '- If it is not a real secret (a test fixture, a documentation example), allow it: add a',
    '  `secret-guard:allow` comment on its line, allow its path in `.secret-guard.yml`, or record it in the',
    '  baseline, which stores only a fingerprint.',
  ].join('\n'),
  docsUrl: `${DOCS}#aws-secret-access-key`,
};

export const RULES: readonly Rule[] = [ACCESS_KEY_ID_RULE, SECRET_ACCESS_KEY_RULE];

export function ruleById(id: RuleId): Rule {
  return id === 'aws-access-key-id' ? ACCESS_KEY_ID_RULE : SECRET_ACCESS_KEY_RULE;
}
