// The Action's inputs (action.yml), read through a getInput function and checked once: a bad value is a
// UsageError that names the input, what it got and what it takes.
import { UsageError } from '../errors.js';
import type { ActionMode } from './event-plan.js';

/** Which findings get a rotation issue: a confirmed leak always; exposed ids and unverified ones when asked. */
export type IssueVerdict = 'confirmed' | 'exposed-id' | 'unverified';

export interface ActionInputs {
  githubToken: string;
  /** `owner/name` of the repository scanned; empty: the workflow's own. */
  repository: string;
  mode: ActionMode;
  verify: 'auto' | 'true' | 'false';
  respond: boolean;
  dryRun: boolean;
  openIssue: boolean;
  issueLabels: string[];
  issueFor: IssueVerdict[];
  failOnFindings: boolean;
  /** A configuration file (relative to the workspace); null: the trusted revision's `.secret-guard.yml`. */
  config: string | null;
  /** Where the SARIF file goes; null: `$RUNNER_TEMP/secret-guard.sarif`. */
  sarifFile: string | null;
}

export type GetInput = (name: string) => string;

function oneOf<T extends string>(getInput: GetInput, name: string, allowed: readonly T[], fallback: T): T {
  const value = getInput(name).trim().toLowerCase();
  if (value === '') return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`input '${name}' must be ${allowed.join(', ')}; got '${value}'`);
}

function flag(getInput: GetInput, name: string, fallback: boolean): boolean {
  return oneOf(getInput, name, ['true', 'false'], fallback ? 'true' : 'false') === 'true';
}

function list(getInput: GetInput, name: string): string[] {
  return getInput(name)
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export function readInputs(getInput: GetInput): ActionInputs {
  const issueFor = list(getInput, 'issue-for').map((v) => v.toLowerCase());
  for (const verdict of issueFor) {
    if (!['confirmed', 'exposed-id', 'unverified'].includes(verdict)) {
      throw new UsageError(`input 'issue-for' takes confirmed, exposed-id, unverified; got '${verdict}'`);
    }
  }
  const labels = list(getInput, 'issue-labels');
  for (const label of labels) {
    if (label.length > 50)
      throw new UsageError(`input 'issue-labels': '${label}' is longer than 50 characters`);
  }
  const config = getInput('config').trim();
  const sarifFile = getInput('sarif-file').trim();
  return {
    githubToken: getInput('github-token').trim(),
    repository: getInput('repository').trim(),
    mode: oneOf(getInput, 'mode', ['auto', 'diff', 'history', 'audit'], 'auto'),
    verify: oneOf(getInput, 'verify', ['auto', 'true', 'false'], 'auto'),
    respond: flag(getInput, 'respond', true),
    dryRun: flag(getInput, 'dry-run', false),
    openIssue: flag(getInput, 'open-issue', true),
    issueLabels: labels,
    issueFor: issueFor.length > 0 ? (issueFor as IssueVerdict[]) : ['confirmed'],
    failOnFindings: flag(getInput, 'fail-on-findings', true),
    config: config === '' ? null : config,
    sarifFile: sarifFile === '' ? null : sarifFile,
  };
}

/** Whether the environment holds AWS credentials the SDK's default chain would find (for `verify: auto`). */
export function awsCredentialsPresent(env: NodeJS.ProcessEnv): boolean {
  return Boolean(
    (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) ||
    (env.AWS_WEB_IDENTITY_TOKEN_FILE && env.AWS_ROLE_ARN) ||
    env.AWS_PROFILE ||
    env.AWS_CONTAINER_CREDENTIALS_FULL_URI ||
    env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI,
  );
}
