// The one source of what a person should do about a found key: the rotation runbook and the "what to do" advice.
// The text report, SARIF rule help (rule-docs.ts), the GitHub Action's rotation issue, the audit command and the
// README (`npm run docs` rewrites its section; a test fails when it is stale) all derive from this file, so the
// advice is written once. Data first, words second:
//
//   remediationFor(key)          one key (id, user or null, account or null, why it needs attention, and whether
//                                it is inactive already) -> a Remediation: title, summary, the ordered runbook
//                                steps (each with its exact `aws` command, user and key filled in, its console
//                                path, and whether it is done), notes (what a leak means beyond rotation; the
//                                90-day rule) and references
//   remediationText(r)           that Remediation as plain text (a terminal, a log)
//   remediationMarkdown(r, o)    that Remediation as Markdown (an issue body, a job summary, the README)
//   keyToRemediate(id, findings) what a scan's findings of one key id call for (reason and state from their
//                                verification and response), or null when there is nothing to rotate (a canary,
//                                another account's key, a key IAM does not know)
//   keyNextStep(id, findings)    the one line per key that the text report prints under "What to do next";
//                                ownerUnknownNote(id) goes under it when the line says `<user-name>`
//   unstageCommand(files)        the command that takes files out of the index
//   WHAT_TO_DO, whatToDoMarkdown, whatToDoText   the advice for any finding: take the key out of the change,
//                                rotate it if it was pushed, allow it if it is not a real key
//   allowAdvice(why)             how to allow a key in a run that honours no allow comment, and why not
//   REMEDIATION_REASONS, REASON_MEANINGS, GENERIC_KEY   for documentation and legends
//
// For example, the rotation issue of a confirmed leak:
//   const key = keyToRemediate(keyId, findingsOfThatKey);   // { reason: 'leak', state: 'inactive', user, ... }
//   if (key !== null) body += remediationMarkdown(remediationFor(key));
// and the audit, for a key past its age:
//   remediationText(remediationFor({ keyId, user, account, reason: 'age', days: 132 }))
//
// Pure: no I/O, no clock, and no secret: a runbook names keys, never secrets. Values are shell-quoted in commands
// and put in code spans in prose; each renderer makes the result safe for its medium.
import { isSessionKeyId } from '../aws/identifiers.js';
import { assertNever } from '../errors.js';
import type { Finding } from '../types.js';
import { markdownCode, markdownText, printable, shellQuote } from './sanitize.js';

/** Why a key needs a person's attention. The first three come from a scan, the rest from the audit. */
export type RemediationReason =
  /** Found with its secret, proven to work or not disproven: whoever read the change can use it. */
  | 'leak'
  /** The key id was exposed and the key is live, but no working secret was found with it. */
  | 'exposed-id'
  /** secret-guard could not check the key (no credentials, access denied, AWS unreachable). */
  | 'unverified'
  /** Older than the rotation period (90 days by default). */
  | 'age'
  /** Active but not used for a long time. */
  | 'unused'
  /** One of a user's two active keys: one key per user is enough. */
  | 'two-active-keys'
  /** Inactive, but still there. */
  | 'inactive-not-deleted';

export const REMEDIATION_REASONS: readonly RemediationReason[] = [
  'leak',
  'exposed-id',
  'unverified',
  'age',
  'unused',
  'two-active-keys',
  'inactive-not-deleted',
];

/** What each reason means, in a few words (the README's table, the audit's legend). */
export const REASON_MEANINGS: Readonly<Record<RemediationReason, string>> = {
  leak: 'found with its secret, proven to work or not disproven',
  'exposed-id': 'the key id was exposed and the key is live, but no working secret was found with it',
  unverified: 'secret-guard could not check the key (no credentials, access denied, AWS unreachable)',
  age: 'older than the rotation period (90 days by the CIS benchmark)',
  unused: 'active, but not used for a long time',
  'two-active-keys': 'one of the two active keys of one user',
  'inactive-not-deleted': 'inactive, but not deleted',
};

export interface KeyToRemediate {
  keyId: string;
  /** The IAM user that owns the key; null when unknown: commands then say `<user-name>`, after a step that finds it. */
  user: string | null;
  account: string | null;
  reason: RemediationReason;
  /** What is known of the key now. `inactive` (secret-guard deactivated it, or it was found so) marks deactivation done. */
  state?: 'active' | 'inactive' | 'unknown';
  /** For `age`: days since the key was made; for `unused`: days since its last use. */
  days?: number;
}

export type RunbookStepId =
  | 'find-owner'
  | 'deactivate'
  | 'create'
  | 'move'
  | 'check-last-use'
  | 'delete'
  | 'find-issuer'
  | 'revoke-sessions'
  | 'rotate-issuer';

interface RunbookStep {
  id: RunbookStepId;
  /** Imperative, one short sentence: "Create a second access key". */
  title: string;
  /** Why, and what to watch for. */
  detail: string;
  /** The exact command, user and key filled in (`<user-name>` while the owner is unknown); null when there is none. */
  command: string | null;
  /** Where the same is done in the AWS console, menu by menu; null when the console has no page for it. */
  console: string[] | null;
  /** Done already: secret-guard deactivated the key, or it was found inactive. */
  done: boolean;
}

interface RemediationNote {
  title: string;
  text: string;
  command?: string;
  console?: string[];
}

export interface Remediation {
  key: KeyToRemediate;
  /** "Rotate access key `AKIA…` of user `deploy-bot` (account `123456789012`)". */
  title: string;
  /** Why this key needs attention and what comes first. */
  summary: string;
  /** A leak, or possibly one: act now rather than at the next maintenance window. */
  urgent: boolean;
  steps: RunbookStep[];
  /** Heading for `notes`: what a leak means beyond rotation, or why the rule exists. */
  notesTitle: string;
  notes: RemediationNote[];
  references: Array<{ title: string; url: string }>;
}

export const ROTATION_RUNBOOK_URL =
  'https://docs.aws.amazon.com/IAM/latest/UserGuide/id-credentials-access-keys-update.html';
const REVOKE_SESSIONS_URL =
  'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_disable-perms.html';
const ROTATION_RULE_URL = 'https://docs.aws.amazon.com/config/latest/developerguide/access-keys-rotated.html';

/** Placeholders for documentation, written into commands as they are (never quoted). */
const KEY_ID_PLACEHOLDER = '<key-id>';
const USER_PLACEHOLDER = '<user-name>';
const PLACEHOLDER = /^<[a-z-]+>$/;

/** A leaked key with no owner known, in placeholders: the runbook as the README and SARIF help show it. */
export const GENERIC_KEY: KeyToRemediate = {
  keyId: KEY_ID_PLACEHOLDER,
  user: null,
  account: null,
  reason: 'leak',
};

// --- Values in prose and in commands -------------------------------------------------------------------------

function shellWord(value: string): string {
  return PLACEHOLDER.test(value) ? value : shellQuote(value);
}

// --- The commands, built in one place ------------------------------------------------------------------------

const commands = {
  lastUsed: (keyId: string) => `aws iam get-access-key-last-used --access-key-id ${shellWord(keyId)}`,
  listKeys: (user: string) => `aws iam list-access-keys --user-name ${shellWord(user)}`,
  create: (user: string) => `aws iam create-access-key --user-name ${shellWord(user)}`,
  deactivate: (user: string, keyId: string) =>
    `aws iam update-access-key --user-name ${shellWord(user)} --access-key-id ${shellWord(keyId)} --status Inactive`,
  delete: (user: string, keyId: string) =>
    `aws iam delete-access-key --user-name ${shellWord(user)} --access-key-id ${shellWord(keyId)}`,
  trail: (keyId: string) =>
    `aws cloudtrail lookup-events --lookup-attributes AttributeKey=AccessKeyId,AttributeValue=${shellWord(keyId)}`,
};

/** The command that deactivates a key; `<user-name>` while the owner is unknown. */
function deactivateCommand(keyId: string, user: string | null): string {
  return commands.deactivate(user ?? USER_PLACEHOLDER, keyId);
}

// --- The runbook steps ---------------------------------------------------------------------------------------

function keysPage(user: string | null): string[] {
  return ['IAM console', 'Users', user ?? USER_PLACEHOLDER, 'Security credentials', 'Access keys'];
}

function findOwner(keyId: string): RunbookStep {
  return {
    id: 'find-owner',
    title: "Find the key's owner",
    detail:
      'IAM names the user that owns the key (`UserName`); use that name in the commands below. No user name ' +
      "means the key is the account's root user's: sign in as the root user to manage it.",
    command: commands.lastUsed(keyId),
    console: null,
    done: false,
  };
}

/**
 * How a runbook names the key it retires and the key that takes over: "the old key" and "the new key" in a
 * rotation; "the key" when nothing replaces it (unused, inactive); "this key" beside the user's other key.
 */
interface Wording {
  old: string;
  replacement: string | null;
}

function deactivateNow(k: KeyToRemediate): RunbookStep {
  return {
    id: 'deactivate',
    title: 'Deactivate the key now',
    detail:
      'Do not wait for the new key: whoever read it can use it now, and attackers try leaked keys within ' +
      'minutes. Deactivating can be undone (`--status Active`); deleting cannot.',
    command: commands.deactivate(k.user ?? USER_PLACEHOLDER, k.keyId),
    console: [...keysPage(k.user), k.keyId, 'Actions', 'Deactivate'],
    done: k.state === 'inactive',
  };
}

function deactivate(k: KeyToRemediate, w: Wording): RunbookStep {
  const fix =
    w.replacement === null
      ? 'make it Active again and find out what uses it'
      : `make it Active again, move that application to ${w.replacement}, and deactivate it again`;
  return {
    ...deactivateNow(k),
    title: `Deactivate ${w.old}`,
    detail: `Whatever still uses it stops working: if something does, ${fix}.`,
  };
}

function create(k: KeyToRemediate): RunbookStep {
  const user = k.user ?? USER_PLACEHOLDER;
  return {
    id: 'create',
    title: 'Create a second access key',
    detail:
      'Keep its secret in your secret store, never in Git. A user holds at most two keys, active or not: if IAM ' +
      `refuses (\`LimitExceeded\`), delete the user's other unused key first (${markdownCode(commands.listKeys(user))} ` +
      'lists both).',
    command: commands.create(user),
    console: [...keysPage(k.user), 'Create access key'],
    done: false,
  };
}

function move(w: Wording): RunbookStep {
  const to = w.replacement ?? 'another key';
  return {
    id: 'move',
    title: `Move every application to ${to}`,
    detail:
      `Every place that holds ${w.old}: CI secrets, secret stores, \`~/.aws/credentials\`, servers, containers ` +
      `and functions. Check that each one works with ${to} before going on.`,
    command: null,
    console: null,
    done: false,
  };
}

function checkLastUse(k: KeyToRemediate, w: Wording, afterLeak: boolean): RunbookStep {
  let detail = 'A recent use means something still needs it: find it before going on.';
  if (afterLeak) {
    detail =
      'A use after the key was exposed that none of your applications made means someone else used it: ' +
      'review CloudTrail (below) before you delete anything.';
  } else if (w.replacement !== null) {
    detail = `Wait a few days after moving, then look: a recent use means an application still holds ${w.old}.`;
  }
  return {
    id: 'check-last-use',
    title: `Check when ${w.old} was last used`,
    detail,
    command: commands.lastUsed(k.keyId),
    console: [...keysPage(k.user), 'the "Last used" column'],
    done: false,
  };
}

function remove(k: KeyToRemediate, w: Wording): RunbookStep {
  return {
    id: 'delete',
    title: `Delete ${w.old}`,
    detail:
      'Only once nothing has failed for a while with the key inactive: deleting cannot be undone. secret-guard ' +
      'never deletes a key; this step is yours.',
    command: commands.delete(k.user ?? USER_PLACEHOLDER, k.keyId),
    console: [...keysPage(k.user), k.keyId, 'Actions', 'Delete'],
    done: false,
  };
}

function sessionKeySteps(keyId: string): RunbookStep[] {
  return [
    {
      id: 'find-issuer',
      title: 'Find the role or user that issued the session key',
      detail:
        'IAM keeps no record of session keys; CloudTrail names the principal behind the key in `userIdentity`. ' +
        'Look in every region the account uses.',
      command: commands.trail(keyId),
      console: ['CloudTrail console', 'Event history', 'Lookup attributes: AWS access key', keyId],
      done: false,
    },
    {
      id: 'revoke-sessions',
      title: "Revoke the issuer's older sessions",
      detail:
        'A session key cannot be deactivated: it stays valid until it expires (up to 36 hours). A policy that ' +
        'denies everything to sessions issued before now (`aws:TokenIssueTime`) ends them; `secret-guard scan ' +
        '--respond` writes it. For a role, the console does the same.',
      command: null,
      console: ['IAM console', 'Roles', '<role-name>', 'Revoke sessions'],
      done: false,
    },
    {
      id: 'rotate-issuer',
      title: 'Rotate the long-term key behind it, if any',
      detail:
        "If the session came from a user's access key (`sts:GetSessionToken`), that key may have leaked too: " +
        'rotate it with this runbook.',
      command: null,
      console: null,
      done: false,
    },
  ];
}

// --- Beyond rotation -----------------------------------------------------------------------------------------

function historyNote(): RemediationNote {
  return {
    title: 'The key stays in Git history',
    text:
      'Every clone and fork of the repository keeps the commit, and so do caches (a hosting service keeps ' +
      'commits that no branch points to). Rewriting history (`git filter-repo`, then a forced push) does not ' +
      'reach those copies: rotating the key is the fix, and rewriting history is not enough. Rewrite it, if at ' +
      'all, only after the rotation, to stop the key being found again.',
  };
}

function cloudTrailNote(keyId: string): RemediationNote {
  return {
    title: 'Review what the key did',
    text:
      "CloudTrail's event history, filtered by the access key id, from the commit that exposed the key until it " +
      'was deactivated, in every region the account uses (the lookup is per region). Look for new users, keys, ' +
      'roles and policies, and for instances in regions you do not use. The event history covers 90 days.',
    command: commands.trail(keyId),
    console: ['CloudTrail console', 'Event history', 'Lookup attributes: AWS access key', keyId],
  };
}

function sessionsNote(): RemediationNote {
  return {
    title: 'Sessions made with the key outlive it',
    text:
      'Temporary credentials minted with the key stay valid after it is deactivated, up to 36 hours. ' +
      '`secret-guard scan --respond` denies them (a user policy on `aws:TokenIssueTime`). If AWS attached its ' +
      'quarantine policy (`AWSCompromisedKeyQuarantineV2` or `V3`) to the user, detach it only after the rotation.',
  };
}

function ninetyDayNote(): RemediationNote {
  return {
    title: 'The 90-day rule',
    text:
      'Rotate every access key at least every 90 days (CIS AWS Foundations Benchmark; AWS Config rule ' +
      '`access-keys-rotated`), keep one active key per user, and prefer short-lived ' +
      'credentials to keys: roles through OIDC for CI, IAM Identity Center for people. `secret-guard audit ' +
      '--max-age 90` lists the keys that are due.',
  };
}

// --- One key -------------------------------------------------------------------------------------------------

function whose(k: KeyToRemediate): string {
  const parts = [`access key ${markdownCode(k.keyId)}`];
  if (k.user !== null) parts.push(`of user ${markdownCode(k.user)}`);
  if (k.account !== null) parts.push(`(account ${markdownCode(k.account)})`);
  return parts.join(' ');
}

function summaryFor(k: KeyToRemediate): string {
  const inactive = k.state === 'inactive';
  const days = k.days === undefined ? '' : ` ${k.days} days`;
  switch (k.reason) {
    case 'leak':
      return inactive
        ? 'The key was exposed with its secret and is now inactive: finish the rotation, then delete it.'
        : 'The key was exposed with its secret: anyone who read the change can act as its owner. Deactivate ' +
            'it now, then rotate it.';
    case 'exposed-id':
      return (
        'The key id was exposed and the key is live, but no working secret was found with it. Where the id ' +
        'went, its secret may have gone too: rotate the key.'
      );
    case 'unverified':
      return (
        'secret-guard could not check this key. Until you know it is not yours or not active, treat it as ' +
        'leaked: deactivate it, then rotate it.'
      );
    case 'age':
      return `The key is${days || ' more than 90 days'} old: rotate it.`;
    case 'unused':
      return `The key has not been used for${days || ' a long time'}: nothing needs it, so delete it.`;
    case 'two-active-keys':
      return 'Its user has two active keys. One is enough: keep the one your applications use, and retire this one.';
    case 'inactive-not-deleted':
      return 'The key is inactive but still there: once nothing needs it, delete it.';
    default:
      return assertNever(k.reason);
  }
}

function stepsFor(k: KeyToRemediate): RunbookStep[] {
  const owner = k.user === null ? [findOwner(k.keyId)] : [];
  const rotation: Wording = { old: 'the old key', replacement: 'the new key' };
  const retirement: Wording = { old: 'the key', replacement: null };
  switch (k.reason) {
    case 'leak':
    case 'unverified':
      // A leak skips the grace period: contain first, then rotate (the order AWS's own remediation takes).
      return [
        ...owner,
        deactivateNow(k),
        create(k),
        move(rotation),
        checkLastUse(k, rotation, true),
        remove(k, rotation),
      ];
    case 'exposed-id':
    case 'age':
      return [
        ...owner,
        create(k),
        move(rotation),
        checkLastUse(k, rotation, false),
        deactivate(k, rotation),
        remove(k, rotation),
      ];
    case 'unused':
      return [...owner, checkLastUse(k, retirement, false), deactivate(k, retirement), remove(k, retirement)];
    case 'two-active-keys': {
      const other: Wording = { old: 'this key', replacement: "the user's other key" };
      return [...owner, checkLastUse(k, other, false), move(other), deactivate(k, other), remove(k, other)];
    }
    case 'inactive-not-deleted':
      return [...owner, checkLastUse(k, retirement, false), remove(k, retirement)];
    default:
      return assertNever(k.reason);
  }
}

/** The runbook for one key: every step in order, with the user and key filled in. */
export function remediationFor(key: KeyToRemediate): Remediation {
  const exposed = key.reason === 'leak' || key.reason === 'exposed-id' || key.reason === 'unverified';
  const session = isSessionKeyId(key.keyId);
  const retire = key.reason === 'unused' || key.reason === 'inactive-not-deleted';
  const verb = session ? 'Contain' : retire ? 'Retire' : 'Rotate';
  const references = [{ title: 'AWS: Update access keys (rotation)', url: ROTATION_RUNBOOK_URL }];
  if (exposed)
    references.push({ title: 'AWS: Revoke temporary security credentials', url: REVOKE_SESSIONS_URL });
  references.push({ title: 'AWS Config: access-keys-rotated (the 90-day rule)', url: ROTATION_RULE_URL });
  return {
    key,
    title: `${verb} ${session ? 'session ' : ''}${whose(key)}`,
    summary: session
      ? 'A temporary session key was exposed: it cannot be deactivated or deleted, only its sessions revoked.'
      : summaryFor(key),
    urgent: exposed && key.state !== 'inactive',
    steps: session ? sessionKeySteps(key.keyId) : stepsFor(key),
    notesTitle: exposed ? 'What a leak means beyond rotation' : 'Why',
    notes: exposed
      ? [historyNote(), cloudTrailNote(key.keyId), ...(session ? [] : [sessionsNote()]), ninetyDayNote()]
      : [ninetyDayNote()],
    references,
  };
}

// --- Renderers -----------------------------------------------------------------------------------------------

function consolePath(path: string[]): string {
  return path.join(' > ');
}

/** Plain text for a terminal or a log: numbered steps, commands indented on lines of their own. */
export function remediationText(r: Remediation): string {
  const lines = [`${r.title}${r.urgent ? ' (urgent)' : ''}`, r.summary, ''];
  r.steps.forEach((step, i) => {
    lines.push(`  ${i + 1}. ${step.title}${step.done ? ' (done)' : ''}.`);
    lines.push(`     ${step.detail}`);
    if (step.command !== null) lines.push(`       $ ${step.command}`);
    if (step.console !== null) lines.push(`     Console: ${consolePath(step.console)}`);
  });
  lines.push('', `${r.notesTitle}:`);
  for (const note of r.notes) {
    lines.push(`  - ${note.title}. ${note.text}`);
    if (note.command !== undefined) lines.push(`       $ ${note.command}`);
    if (note.console !== undefined) lines.push(`     Console: ${consolePath(note.console)}`);
  }
  lines.push('', ...r.references.map((ref) => `${ref.title}: ${ref.url}`));
  return lines.map(printable).join('\n') + '\n';
}

/** A fenced block that no backtick run inside it can close early. */
function fenced(text: string, info = 'sh'): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${info}\n${text}\n${fence}`;
}

function mdConsole(path: string[]): string {
  return path.map((part) => (PLACEHOLDER.test(part) ? markdownCode(part) : markdownText(part))).join(' › ');
}

export interface MarkdownOptions {
  /** The level of the title's heading (default 2, `##`); the notes' heading is one deeper. */
  headingLevel?: number;
  /** Leave the title out, for a document that has its own. */
  title?: boolean;
}

/**
 * Markdown for an issue body, a job summary or the README. Prose keeps its code spans (keys and names are in
 * code spans already); commands are fenced `sh` blocks; done steps are struck through.
 */
export function remediationMarkdown(r: Remediation, options: MarkdownOptions = {}): string {
  const level = options.headingLevel ?? 2;
  const out: string[] = [];
  if (options.title ?? true) out.push(`${'#'.repeat(level)} ${r.title}`, '');
  out.push(`${r.urgent ? '**Urgent.** ' : ''}${r.summary}`, '');
  r.steps.forEach((step, i) => {
    const title = step.done ? `~~${step.title}~~ (done)` : `**${step.title}.**`;
    out.push(`${i + 1}. ${title} ${step.detail}`);
    if (step.command !== null) out.push('', indent(fenced(step.command), 3));
    if (step.console !== null) out.push('', `   Console: ${mdConsole(step.console)}`);
    out.push('');
  });
  out.push(`${'#'.repeat(level + 1)} ${r.notesTitle}`, '');
  for (const note of r.notes) {
    out.push(`- **${note.title}.** ${note.text}`);
    if (note.command !== undefined) out.push('', indent(fenced(note.command), 2));
    if (note.console !== undefined) out.push('', `  Console: ${mdConsole(note.console)}`);
    out.push('');
  }
  out.push(r.references.map((ref) => `[${ref.title}](${ref.url})`).join(' · '), '');
  return out.join('\n');
}

function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return text
    .split('\n')
    .map((line) => pad + line)
    .join('\n');
}

// --- From a scan's findings ----------------------------------------------------------------------------------

/**
 * What the findings of one key id call for, or null when there is nothing to rotate: a canary, another
 * account's key, a key IAM does not know. Verification decides the reason; no verification at all is
 * `unverified` (fail closed: it may be live).
 */
export function keyToRemediate(keyId: string, findings: readonly Finding[]): KeyToRemediate | null {
  const verification = findings.find((f) => f.verification !== null)?.verification ?? null;
  const actions = new Set(findings.map((f) => f.response?.action));
  const inactive =
    actions.has('deactivated') || actions.has('already-inactive') || verification?.status === 'inactive';
  const account = verification?.account ?? findings.find((f) => f.account !== null)?.account ?? null;
  const base = { keyId, user: verification?.user ?? null, account };
  const secretFound = findings.some((f) => f.secret !== null);
  const status = verification?.status;
  switch (status) {
    case 'canary':
    case 'not-ours':
    case 'not-found':
      return null;
    case 'exposed-id':
      return { ...base, reason: 'exposed-id', state: inactive ? 'inactive' : 'active' };
    case 'active':
    case 'inactive': {
      const proven = secretFound && verification?.pairValid !== false;
      return { ...base, reason: proven ? 'leak' : 'exposed-id', state: inactive ? 'inactive' : 'active' };
    }
    case 'unverified':
    case undefined:
      return { ...base, reason: 'unverified', state: inactive ? 'inactive' : 'unknown' };
    default:
      return assertNever(status);
  }
}

export interface NextStep {
  /** One line, the key id and any user name as they are: the caller makes it printable. */
  text: string;
  /** The command needs the owner's name, which IAM did not give: print ownerUnknownNote() once. */
  ownerUnknown: boolean;
}

const FINISH = 'finish the rotation (a new key, every application moved to it, then delete the old key)';

/** The text report's line for one key under "What to do next". */
export function keyNextStep(keyId: string, findings: readonly Finding[]): NextStep {
  const verification = findings.find((f) => f.verification !== null)?.verification ?? null;
  const line = (text: string): NextStep => ({ text, ownerUnknown: false });
  const actions = new Set(findings.map((f) => f.response?.action));
  if (actions.has('deactivated')) return line(`${keyId} was deactivated by secret-guard: ${FINISH}.`);
  if (actions.has('already-inactive') || verification?.status === 'inactive')
    return line(`${keyId} is inactive: ${FINISH}.`);
  switch (verification?.status) {
    case 'canary':
      return line(`${keyId} is a known canary: nothing to rotate.`);
    case 'not-ours': {
      const owner =
        verification.account === undefined ? 'another account' : `account ${verification.account}`;
      return line(`${keyId} belongs to ${owner}, not to yours: tell its owner.`);
    }
    case 'not-found':
      return line(`${keyId} is unknown to IAM (deleted already?): nothing to deactivate.`);
    case 'exposed-id': {
      const owner = verification.user ?? 'its owner';
      return line(
        `${keyId} is exposed without a working secret: ask ${owner} whether the secret leaked too; rotate it if in doubt.`,
      );
    }
    default:
      if (isSessionKeyId(keyId)) {
        return line(
          `${keyId} is a session key: nothing to deactivate; revoke the older sessions of the role or user ` +
            'that issued it.',
        );
      }
      return {
        text: deactivateCommand(keyId, verification?.user ?? null),
        ownerUnknown: !verification?.user,
      };
  }
}

/** Printed once under the next steps when a command says `<user-name>`: how to find the owner. */
export function ownerUnknownNote(keyId: string = KEY_ID_PLACEHOLDER): string {
  return (
    `(The owner is unknown: \`${commands.lastUsed(keyId)}\` names it as \`UserName\`; ` +
    "no user name means the root user's key.)"
  );
}

// --- Any finding ---------------------------------------------------------------------------------------------

/** The advice for any finding, in the order a person takes it. Backticks mark code, for text and Markdown alike. */
export const WHAT_TO_DO = {
  removeStaged: 'Remove the key from the change: edit the file and `git add` it again, or unstage it:',
  removeFromTemporaryIndex:
    'Remove the key from the file, then commit again (nothing is left staged to undo).',
  removeCommits:
    'Remove the key from the commits: fix the file, then `git commit --amend` (the last commit) or ' +
    '`git rebase -i` (an older one). Once pushed, removing it is not enough: rotate the key.',
  removeFiles: 'Remove the key from the file and keep it out of Git.',
  rotate: 'If it was ever pushed, the key has leaked: deactivate it now, then rotate it.',
  allow:
    'If it is not a real key (a test fixture, a canary), allow it: add `# secret-guard:allow` on the line, ' +
    'list it in `allow.keyIds` or `allow.paths` in `.secret-guard.yml`, or run `secret-guard baseline`.',
  allowWithoutComments:
    'If it is not a real key (a test fixture, a canary), allow it: list it in `allow.keyIds` or `allow.paths` ' +
    'in `.secret-guard.yml`, or run `secret-guard baseline`.',
} as const;

/**
 * How to allow a key: `WHAT_TO_DO.allow`, or, in a run where same-line allow comments do not count (`why` it is
 * so, one clause), only the ways that do, and why the comment is left out.
 */
export function allowAdvice(commentsIgnoredBecause?: string): string {
  if (commentsIgnoredBecause === undefined) return WHAT_TO_DO.allow;
  return (
    `${WHAT_TO_DO.allowWithoutComments} A \`# secret-guard:allow\` comment is not honoured in this run: ` +
    `${commentsIgnoredBecause}.`
  );
}

/** The command that unstages files (`--` first: a file name may start with a dash). */
export function unstageCommand(files: readonly string[]): string {
  return `git restore --staged -- ${files.map(shellWord).join(' ')}`;
}

/** The secret of a finding with no key id next to it: nothing to fill into the runbook. */
export function orphanSecretStep(maskedSecret: string, where: string): string {
  return `The secret ${maskedSecret} at ${where} has no key id next to it: find its key in IAM.`;
}

/** The three things to do about any finding, as a Markdown list (SARIF help, the README). */
export function whatToDoMarkdown(): string {
  return [
    '1. Take the key out:',
    `   - ${WHAT_TO_DO.removeStaged} ${markdownCode(unstageCommand(['<file>']))}`,
    `   - ${WHAT_TO_DO.removeCommits}`,
    `2. ${WHAT_TO_DO.rotate} Follow the rotation runbook below; with \`--verify\`, the text report fills in ` +
      'the user that owns the key.',
    `3. ${WHAT_TO_DO.allow}`,
  ].join('\n');
}

/** The same three things in one paragraph, for plain text (SARIF `help.text`). */
export function whatToDoText(): string {
  return [
    `${WHAT_TO_DO.removeStaged} \`${unstageCommand(['<file>'])}\`. ${WHAT_TO_DO.removeCommits}`,
    `${WHAT_TO_DO.rotate.replace(/\.$/, '')} (runbook: ${ROTATION_RUNBOOK_URL}).`,
    WHAT_TO_DO.allow,
  ].join(' ');
}
