import { execFileSync } from 'node:child_process';

import { describe, expect, it } from 'vitest';

import {
  GENERIC_KEY,
  keyNextStep,
  keyToRemediate,
  type KeyToRemediate,
  ownerUnknownNote,
  REASON_MEANINGS,
  REMEDIATION_REASONS,
  type RemediationReason,
  remediationFor,
  remediationMarkdown,
  remediationText,
  type RunbookStepId,
  unstageCommand,
  whatToDoMarkdown,
  whatToDoText,
} from '../../src/report/remediation.js';
import { RULE_DOCS } from '../../src/report/rule-docs.js';
import type { Finding, Verification } from '../../src/types.js';
import { makeKeyId } from '../helpers/keys.js';
import { makePair } from './scan-results.js';

function key(overrides: Partial<KeyToRemediate> = {}): KeyToRemediate {
  return { keyId: makeKeyId(), user: 'deploy-bot', account: '123456789012', reason: 'leak', ...overrides };
}

function stepIds(k: KeyToRemediate): RunbookStepId[] {
  return remediationFor(k).steps.map((s) => s.id);
}

describe('remediationFor: the steps for each reason', () => {
  it.each<[RemediationReason, RunbookStepId[]]>([
    // A leak is contained first; a key that is only old is rotated, then retired.
    ['leak', ['deactivate', 'create', 'move', 'check-last-use', 'delete']],
    ['unverified', ['deactivate', 'create', 'move', 'check-last-use', 'delete']],
    ['exposed-id', ['create', 'move', 'check-last-use', 'deactivate', 'delete']],
    ['age', ['create', 'move', 'check-last-use', 'deactivate', 'delete']],
    ['unused', ['check-last-use', 'deactivate', 'delete']],
    ['two-active-keys', ['check-last-use', 'move', 'deactivate', 'delete']],
    ['inactive-not-deleted', ['check-last-use', 'delete']],
  ])('%s', (reason, expected) => {
    expect(stepIds(key({ reason }))).toEqual(expected);
  });

  it('covers every reason, each with a meaning', () => {
    expect(Object.keys(REASON_MEANINGS).sort()).toEqual([...REMEDIATION_REASONS].sort());
  });

  it('fills the user and the key into each exact command, with its console path', () => {
    const k = key();
    const steps = new Map(remediationFor(k).steps.map((s) => [s.id, s]));
    expect(steps.get('deactivate')?.command).toBe(
      `aws iam update-access-key --user-name deploy-bot --access-key-id ${k.keyId} --status Inactive`,
    );
    expect(steps.get('create')?.command).toBe('aws iam create-access-key --user-name deploy-bot');
    expect(steps.get('check-last-use')?.command).toBe(
      `aws iam get-access-key-last-used --access-key-id ${k.keyId}`,
    );
    expect(steps.get('delete')?.command).toBe(
      `aws iam delete-access-key --user-name deploy-bot --access-key-id ${k.keyId}`,
    );
    expect(steps.get('move')?.command).toBeNull();
    expect(steps.get('deactivate')?.console).toEqual([
      'IAM console',
      'Users',
      'deploy-bot',
      'Security credentials',
      'Access keys',
      k.keyId,
      'Actions',
      'Deactivate',
    ]);
    expect(steps.get('create')?.console?.at(-1)).toBe('Create access key');
  });

  it('finds an unknown owner first, and says <user-name> in the commands until then', () => {
    const k = key({ user: null });
    const r = remediationFor(k);
    expect(r.steps[0]?.id).toBe('find-owner');
    expect(r.steps[0]?.command).toBe(`aws iam get-access-key-last-used --access-key-id ${k.keyId}`);
    expect(r.steps.find((s) => s.id === 'deactivate')?.command).toBe(
      `aws iam update-access-key --user-name <user-name> --access-key-id ${k.keyId} --status Inactive`,
    );
    expect(r.title).not.toContain('user');
  });

  it('shell-quotes a user name that needs it', () => {
    const r = remediationFor(key({ user: "o'brien deploy" }));
    expect(r.steps.find((s) => s.id === 'create')?.command).toBe(
      `aws iam create-access-key --user-name 'o'\\''brien deploy'`,
    );
  });

  it('marks deactivation done for a key already inactive, and is not urgent then', () => {
    const active = remediationFor(key());
    const inactive = remediationFor(key({ state: 'inactive' }));
    expect(active.urgent).toBe(true);
    expect(active.steps.find((s) => s.id === 'deactivate')?.done).toBe(false);
    expect(inactive.urgent).toBe(false);
    expect(inactive.steps.find((s) => s.id === 'deactivate')?.done).toBe(true);
    expect(inactive.summary).toContain('now inactive');
  });

  it('tells what a leak means beyond rotation: history and forks, CloudTrail, sessions, the 90-day rule', () => {
    for (const reason of ['leak', 'exposed-id', 'unverified'] as const) {
      const r = remediationFor(key({ reason }));
      expect(r.notesTitle).toBe('What a leak means beyond rotation');
      const text = r.notes.map((n) => `${n.title}. ${n.text}`).join('\n');
      expect(text).toMatch(/Git history/);
      expect(text).toMatch(/fork/);
      expect(text).toMatch(/rotating the key is the fix, and rewriting history is not enough/);
      expect(text).toMatch(/CloudTrail/);
      expect(text).toMatch(/90 days/);
      expect(r.notes.find((n) => n.command !== undefined)?.command).toBe(
        `aws cloudtrail lookup-events --lookup-attributes AttributeKey=AccessKeyId,AttributeValue=${r.key.keyId}`,
      );
    }
    const old = remediationFor(key({ reason: 'age', days: 123 }));
    expect(old.summary).toBe('The key is 123 days old: rotate it.');
    expect(old.notes.map((n) => n.title)).toEqual(['The 90-day rule']);
    expect(old.urgent).toBe(false);
  });

  it('contains a session key instead of rotating it: nothing to deactivate or delete', () => {
    const r = remediationFor(key({ keyId: makeKeyId('123456789012', 'ASIA'), user: null }));
    expect(r.steps.map((s) => s.id)).toEqual(['find-issuer', 'revoke-sessions', 'rotate-issuer']);
    expect(r.steps.some((s) => s.command?.includes('update-access-key'))).toBe(false);
    expect(r.title).toMatch(/^Contain session access key/);
  });
});

describe('renderers', () => {
  it('Markdown: a heading, numbered steps with fenced commands and console paths, notes, references', () => {
    const k = key({ state: 'inactive' });
    const md = remediationMarkdown(remediationFor(k), { headingLevel: 3 });
    expect(md).toContain(
      `### Rotate access key \`${k.keyId}\` of user \`deploy-bot\` (account \`123456789012\`)`,
    );
    expect(md).toContain('1. ~~Deactivate the key now~~ (done)');
    expect(md).toContain('2. **Create a second access key.**');
    expect(md).toContain('   ```sh\n   aws iam create-access-key --user-name deploy-bot\n   ```');
    expect(md).toContain(
      'Console: IAM console › Users › deploy-bot › Security credentials › Access keys › Create access key',
    );
    expect(md).toContain('#### What a leak means beyond rotation');
    expect(md).toContain(
      '](https://docs.aws.amazon.com/IAM/latest/UserGuide/id-credentials-access-keys-update.html)',
    );
    expect(remediationMarkdown(remediationFor(k), { title: false })).not.toContain('## Rotate');
  });

  it('Markdown: a hostile name cannot close a code block or inject markup', () => {
    const md = remediationMarkdown(remediationFor(key({ user: 'a```b<img src=x>_c' })));
    // Fences grow past the longest backtick run inside; console paths escape markup.
    expect(md).toContain('````sh\n');
    expect(md).toContain('a\\`\\`\\`b\\<img src=x\\>\\_c');
    expect(md).not.toMatch(/› a```b<img/);
  });

  it('text: numbered steps, commands on their own lines, nothing a terminal would interpret', () => {
    const k = key({ user: 'evil\x1b[2J' });
    const text = remediationText(remediationFor(k));
    expect(text).toContain('  1. Deactivate the key now.');
    expect(text).toContain(
      `       $ aws iam update-access-key --user-name $'evil\\x1b[2J' --access-key-id ${k.keyId}`,
    );
    expect(text).toContain('What a leak means beyond rotation:');
    expect(text).not.toContain('\x1b');
  });

  it('the commands run as written: a file name with a newline unstages that very file', () => {
    // ANSI-C quoting is bash's: check with bash itself that the word comes back unchanged.
    const name = "-odd name\n'quoted'\u202e.env";
    const command = unstageCommand([name]);
    expect(command).toMatch(/^git restore --staged -- \$'/);
    expect(command).not.toContain('\n');
    const word = command.slice('git restore --staged -- '.length);
    const echoed = execFileSync('bash', ['-c', `printf %s ${word}`], { encoding: 'utf8' });
    expect(echoed).toBe(name);
  });
});

describe('from findings', () => {
  function withVerification(v: Verification | null, extra: Partial<Finding> = {}): Finding[] {
    const pair = makePair();
    pair.id.verification = v;
    Object.assign(pair.id, extra);
    return [pair.id, pair.secret];
  }

  it.each<[string, Verification | null, Partial<Finding>, Partial<KeyToRemediate> | null]>([
    ['no verification: fail closed', null, {}, { reason: 'unverified', state: 'unknown', user: null }],
    ['unverified', { status: 'unverified', reason: 'no credentials' }, {}, { reason: 'unverified' }],
    ['a working pair', { status: 'active', user: 'u1', pairValid: true }, {}, { reason: 'leak', user: 'u1' }],
    ['a pair not checked', { status: 'active', user: 'u1' }, {}, { reason: 'leak', state: 'active' }],
    ['a wrong secret', { status: 'active', user: 'u1', pairValid: false }, {}, { reason: 'exposed-id' }],
    [
      'deactivated by secret-guard',
      { status: 'active', user: 'u1', pairValid: true },
      { response: { action: 'deactivated' } },
      { reason: 'leak', state: 'inactive' },
    ],
    ['found inactive', { status: 'inactive', user: 'u1' }, {}, { reason: 'leak', state: 'inactive' }],
    ['a canary', { status: 'canary' }, {}, null],
    ['not ours', { status: 'not-ours', account: '210987654321' }, {}, null],
    ['unknown to IAM', { status: 'not-found' }, {}, null],
  ])('%s', (_name, v, extra, expected) => {
    const findings = withVerification(v, extra);
    const result = keyToRemediate(findings[0]!.keyId!, findings);
    if (expected === null) expect(result).toBeNull();
    else expect(result).toMatchObject({ keyId: findings[0]!.keyId, account: '123456789012', ...expected });
  });

  it('an id found without its secret is an exposed id, not a leak', () => {
    const pair = makePair();
    pair.id.secret = null;
    pair.id.verification = { status: 'active', user: 'u1' };
    expect(keyToRemediate(pair.keyId, [pair.id])?.reason).toBe('exposed-id');
  });

  it('keyNextStep: the deactivate command, with the owner when IAM named one', () => {
    const [id] = withVerification({ status: 'active', user: 'u1' });
    expect(keyNextStep(id!.keyId!, [id!])).toEqual({
      text: `aws iam update-access-key --user-name u1 --access-key-id ${id!.keyId} --status Inactive`,
      ownerUnknown: false,
    });
    const [unknown] = withVerification(null);
    expect(keyNextStep(unknown!.keyId!, [unknown!]).ownerUnknown).toBe(true);
    expect(ownerUnknownNote(unknown!.keyId!)).toContain(
      `aws iam get-access-key-last-used --access-key-id ${unknown!.keyId}`,
    );
    const session = makeKeyId('123456789012', 'ASIA');
    expect(keyNextStep(session, []).text).toContain('session key: nothing to deactivate');
  });

  it('never holds the secret, not even masked: a runbook names keys, never secrets', () => {
    const pair = makePair();
    pair.id.verification = { status: 'active', user: 'u1', pairValid: true };
    const r = remediationFor(keyToRemediate(pair.keyId, [pair.id, pair.secret])!);
    for (const out of [remediationMarkdown(r), remediationText(r)]) {
      expect(out).not.toContain(pair.rawSecret.slice(4, 12));
      expect(out).not.toContain(pair.secret.secret!);
    }
  });
});

describe('one source for every reader', () => {
  it('SARIF help carries the generic runbook and the advice, word for word', () => {
    const runbook = remediationMarkdown(remediationFor(GENERIC_KEY), {
      title: false,
      headingLevel: 3,
    }).trimEnd();
    for (const doc of RULE_DOCS) {
      expect(doc.helpMarkdown).toContain(whatToDoMarkdown());
      expect(doc.helpMarkdown).toContain(runbook);
      expect(doc.helpText).toContain(whatToDoText());
    }
  });
});
