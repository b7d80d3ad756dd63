// What each rule means, for people and for SARIF consumers (GitHub code scanning shows `help.markdown` on the
// alert page). Self-contained on purpose: the detectors own how a value is found, this file owns how it is
// explained, and neither needs the other to build.
import type { RuleId } from '../types.js';

export const PROJECT_URL = 'https://github.com/secret-guard/secret-guard';
export const ROTATION_RUNBOOK_URL =
  'https://docs.aws.amazon.com/IAM/latest/UserGuide/id-credentials-access-keys-update.html';

export interface RuleDoc {
  id: RuleId;
  /** An identifier-like name (SARIF `reportingDescriptor.name`). */
  name: string;
  /** What a person reads in the text report. */
  title: string;
  shortDescription: string;
  fullDescription: string;
  helpText: string;
  helpMarkdown: string;
  docsUrl: string;
  /** GitHub code scanning severity, a number from 0.0 to 10.0 written as a string (9.0 and up is critical). */
  securitySeverity: string;
}

const ALLOW_HOW =
  'add `# secret-guard:allow` on the line, list the key id in `allow.keyIds` or the path in `allow.paths` in ' +
  '`.secret-guard.yml`, or run `secret-guard baseline` to accept the current findings.';

function helpMarkdown(what: string, why: string): string {
  return [
    `**${what}**`,
    '',
    why,
    '',
    '### What to do',
    '',
    '1. **Remove the key from the change.** Before a commit: edit the file and `git add` it again (or ' +
      '`git restore --staged <file>`). In a commit not yet pushed: fix the file and `git commit --amend` ' +
      '(or `git rebase -i` for an older commit).',
    '2. **If the commit was ever pushed, the key has leaked: rotate it.** Deactivate it at once with ' +
      '`aws iam update-access-key --status Inactive --access-key-id <key id> --user-name <user>`, ' +
      `then follow the [rotation runbook](${ROTATION_RUNBOOK_URL}): create a new key, move every user of the ` +
      'old key to it, and only then delete the old key. Removing the line from the branch does not help: the ' +
      'key stays readable in the history.',
    `3. **If it is not a real key** (a test fixture, a canary), allow it: ${ALLOW_HOW}`,
    '',
    `[Documentation](${PROJECT_URL}#readme)`,
  ].join('\n');
}

function helpText(what: string, why: string): string {
  return (
    `${what} ${why} Remove it from the change; if it was ever pushed, deactivate and rotate the key ` +
    `(${ROTATION_RUNBOOK_URL}). If it is not a real key (a test fixture, a canary), ${ALLOW_HOW}`
  );
}

const ID_WHAT = 'An AWS access key id was added.';
const ID_WHY =
  'An access key id is not a secret by itself, but it names a credential, and its secret access key is ' +
  'usually written next to it. secret-guard reports the id so that a person can find, check and rotate the key.';
const SECRET_WHAT = 'An AWS secret access key was added.';
const SECRET_WHY =
  'Anyone who can read this secret together with its access key id can act as the IAM user or role that owns ' +
  'the key, with all of its permissions, until the key is deactivated.';

export const RULE_DOCS: readonly RuleDoc[] = [
  {
    id: 'aws-access-key-id',
    name: 'AwsAccessKeyId',
    title: 'AWS access key id',
    shortDescription: 'AWS access key id added to the repository',
    fullDescription: `${ID_WHAT} ${ID_WHY}`,
    helpText: helpText(ID_WHAT, ID_WHY),
    helpMarkdown: helpMarkdown(ID_WHAT, ID_WHY),
    docsUrl: `${PROJECT_URL}#aws-access-key-id`,
    securitySeverity: '7.5',
  },
  {
    id: 'aws-secret-access-key',
    name: 'AwsSecretAccessKey',
    title: 'AWS secret access key',
    shortDescription: 'AWS secret access key added to the repository',
    fullDescription: `${SECRET_WHAT} ${SECRET_WHY}`,
    helpText: helpText(SECRET_WHAT, SECRET_WHY),
    helpMarkdown: helpMarkdown(SECRET_WHAT, SECRET_WHY),
    docsUrl: `${PROJECT_URL}#aws-secret-access-key`,
    securitySeverity: '9.5',
  },
];

export function ruleDoc(id: RuleId): RuleDoc {
  const doc = RULE_DOCS.find((d) => d.id === id);
  if (!doc) throw new Error(`no documentation for rule ${id}`);
  return doc;
}

export function ruleIndex(id: RuleId): number {
  return RULE_DOCS.findIndex((d) => d.id === id);
}
