// What each rule means, for people and for SARIF consumers (GitHub code scanning shows `help.markdown` on the
// alert page). The detectors own how a value is found, this file owns how it is explained, and remediation.ts
// what to do about it.
import type { RuleId } from '../types.js';
import {
  GENERIC_KEY,
  remediationFor,
  remediationMarkdown,
  whatToDoMarkdown,
  whatToDoText,
} from './remediation.js';

export const PROJECT_URL = 'https://github.com/secret-guard/secret-guard';

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

/** The alert page's help: what was found and why it matters, then what to do and the runbook, from remediation.ts. */
function helpMarkdown(what: string, why: string): string {
  return [
    `**${what}**`,
    '',
    why,
    '',
    '### What to do',
    '',
    whatToDoMarkdown(),
    '',
    '### Rotation runbook',
    '',
    remediationMarkdown(remediationFor(GENERIC_KEY), { title: false, headingLevel: 3 }).trimEnd(),
    '',
    `[Documentation](${PROJECT_URL}#readme)`,
  ].join('\n');
}

function helpText(what: string, why: string): string {
  return `${what} ${why} ${whatToDoText()}`;
}

const ID_WHAT = 'An AWS access key id was added.';
const ID_WHY =
  'An access key id is not a secret by itself, but it names a credential, and its secret access key is ' +
  'usually written next to it. secret-guard reports the id so that a person can find, check and rotate the key.';
const SECRET_WHAT = 'An AWS secret access key was added.';
const SECRET_WHY =
  'Anyone who can read this secret together with its access key id can act as the IAM user or role that owns ' +
  'the key, with all of its permissions, until the key is deactivated.';

// The help texts are made when read (SARIF): the text report, a hook's, needs only the titles.
export const RULE_DOCS: readonly RuleDoc[] = [
  {
    id: 'aws-access-key-id',
    name: 'AwsAccessKeyId',
    title: 'AWS access key id',
    shortDescription: 'AWS access key id added to the repository',
    fullDescription: `${ID_WHAT} ${ID_WHY}`,
    get helpText() {
      return helpText(ID_WHAT, ID_WHY);
    },
    get helpMarkdown() {
      return helpMarkdown(ID_WHAT, ID_WHY);
    },
    docsUrl: `${PROJECT_URL}#aws-access-key-id`,
    securitySeverity: '7.5',
  },
  {
    id: 'aws-secret-access-key',
    name: 'AwsSecretAccessKey',
    title: 'AWS secret access key',
    shortDescription: 'AWS secret access key added to the repository',
    fullDescription: `${SECRET_WHAT} ${SECRET_WHY}`,
    get helpText() {
      return helpText(SECRET_WHAT, SECRET_WHY);
    },
    get helpMarkdown() {
      return helpMarkdown(SECRET_WHAT, SECRET_WHY);
    },
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
