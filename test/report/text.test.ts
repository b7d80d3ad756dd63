import { describe, expect, it } from 'vitest';

import { formatBytes, formatDuration, textReporter } from '../../src/report/text.js';
import type { ResponseOutcome, ScanResult, SourceSpec, Verification } from '../../src/types.js';
import { COMMIT, coverage, makePair, scan } from './scan-results.js';

const RUNBOOK = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id-credentials-access-keys-update.html';

function text(result: ScanResult, extra: { color?: boolean; indexIsTemporary?: boolean } = {}): string {
  return textReporter(result, { color: false, toolVersion: '1.2.3', ...extra });
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

function lines(output: string): string[] {
  return output.trimEnd().split('\n');
}

describe('textReporter: clean and empty scans', () => {
  it('says a clean scan in one line, with what it covered', () => {
    const out = text(scan());
    expect(lines(out)).toEqual([
      '✔ No AWS keys found in the staged changes (3 files, 120 added lines, 4.1 KiB) in 12 ms.',
    ]);
  });

  it('adds at most one line for skips, exclusions, suppressions and stale baseline entries', () => {
    const out = text(
      scan({
        source: 'all',
        coverage: coverage({ commits: 1234, binaryFiles: 2, excluded: { submodule: 1, gitignored: 0 } }),
        suppressed: { 'allow-comment': 1, baseline: 2 },
        unusedBaseline: ['f00'],
        durationMs: 83_000,
      }),
    );
    expect(lines(out)).toEqual([
      '✔ No AWS keys found in the whole history (1,234 commits, 3 files, 120 added lines, 4.1 KiB) in 1 min 23 s.',
      'Skipped: binary files 2. Not scanned, by design: submodule 1. Suppressed 3 findings: allow comment 1, ' +
        'baseline 2. ' +
        '1 baseline entry matched nothing: refresh it with `secret-guard baseline`.',
    ]);
  });

  it.each<[SourceSpec['kind'], RegExp]>([
    ['staged', /No staged change adds a line/],
    ['range', /fetch-depth: 0/],
    ['all', /fetch-depth: 0/],
    ['stdin', /standard input was empty/],
    ['paths', /no readable text file/],
  ])('never calls a %s scan that saw nothing clean', (source, hint) => {
    const out = text(scan({ source, coverage: coverage({ files: 0, addedLines: 0, bytes: 0 }) }));
    expect(out).toContain('Nothing was scanned');
    expect(out).toContain('this is not a clean result');
    expect(out).not.toContain('No AWS keys found');
    expect(out).toMatch(hint);
    expect(lines(out)).toHaveLength(2);
  });

  it('calls a push of tags or of commits the remote has clean: nothing new was sent', () => {
    const out = text(scan({ source: 'push', coverage: coverage({ files: 0, addedLines: 0, bytes: 0 }) }));
    expect(lines(out)).toEqual([
      '✔ No AWS keys found: the push sends no commit that the remote does not already have.',
    ]);
  });

  it('calls pushed commits that only delete clean', () => {
    const out = text(
      scan({ source: 'push', coverage: coverage({ commits: 2, files: 0, addedLines: 0, bytes: 0 }) }),
    );
    expect(lines(out)).toEqual([
      '✔ No AWS keys found: the pushed commits add no line (they only delete, rename or change modes).',
    ]);
  });

  it('calls staged changes that only delete clean, without advice to `git add`', () => {
    const out = text(
      scan({
        source: 'staged',
        changesAddNoLines: true,
        coverage: coverage({ files: 0, addedLines: 0, bytes: 0 }),
      }),
    );
    expect(lines(out)).toEqual([
      '✔ No AWS keys found: the staged changes add no line (they only delete, rename or change modes).',
    ]);
  });

  it('still calls a partial push that saw nothing partial', () => {
    const out = text(
      scan({
        source: 'push',
        coverage: coverage({ files: 0, addedLines: 0, bytes: 0, errors: ['git failed'] }),
      }),
    );
    expect(out).not.toContain('✔');
    expect(out).toContain('PARTIAL SCAN');
  });

  it('says when commits were read but none adds a line', () => {
    const out = text(
      scan({ source: 'range', coverage: coverage({ commits: 3, files: 0, addedLines: 0, bytes: 0 }) }),
    );
    expect(lines(out)).toEqual([
      '⚠ Nothing was scanned: no commit in the commit range adds a line (3 commits, 0 files, 0 added lines, 0 B).',
      '  If you expected changes here, check the range and that the clone holds those commits.',
    ]);
  });

  it('counts commits for history sources, even when there were none', () => {
    const out = text(scan({ source: 'range', coverage: coverage({ files: 0, addedLines: 0, bytes: 0 }) }));
    expect(out).toContain('(0 commits, 0 files, 0 added lines, 0 B)');
    expect(text(scan({ source: 'paths' }))).toContain('3 files, 120 lines');
  });

  it('reports a partial scan as partial, listing its errors, never as clean', () => {
    const out = text(
      scan({
        source: 'all',
        coverage: coverage({ commits: 9, errors: ['git log failed: fatal: bad object'] }),
      }),
    );
    expect(out).not.toContain('✔');
    expect(out).toContain(
      '⚠ PARTIAL SCAN: no AWS keys found in what was read, but 1 problem kept part of the input',
    );
    expect(out).toContain('  - git log failed: fatal: bad object');
    expect(out).toContain('Scanned the whole history: 9 commits, 3 files');
  });

  it('calls a scan with a counted skip partial, never clean, even when no error names it', () => {
    const out = text(scan({ coverage: coverage({ skipped: { 'line-too-long': 1 } }) }));
    expect(out).not.toContain('✔');
    expect(lines(out)).toEqual([
      '⚠ PARTIAL SCAN: no AWS keys found in what was read, but 1 problem kept part of the input from being scanned:',
      '  - 1 part of the input skipped: line-too-long',
      'Scanned the staged changes: 3 files, 120 added lines, 4.1 KiB in 12 ms.',
      'Skipped: line-too-long 1.',
    ]);
  });

  it('lists at most ten errors, and points to the JSON report for the rest (no flag it does not have)', () => {
    const errors = Array.from({ length: 13 }, (_, i) => `error ${i + 1}`);
    const short = text(scan({ coverage: coverage({ errors }) }));
    expect(short).toContain('  - error 10\n');
    expect(short).not.toContain('error 11');
    expect(short).toContain('and 3 more (`--format json` lists them all)');
    expect(short).not.toContain('--verbose');
  });
});

describe('textReporter: findings', () => {
  it('shows location, rule, key id with account, redacted secret and the pair link', () => {
    const pair = makePair();
    const out = text(scan({ findings: [pair.id, pair.secret] }));
    const [idBlock, secretBlock] = out.split('\n\n');
    expect(lines(idBlock!)).toEqual([
      '✖ config/prod.env:11:19  AWS access key id (aws-access-key-id)',
      `    key id      ${pair.keyId} (account 123456789012)`,
      `    secret      ${pair.secret.secret!}`,
      "    pair        the id's secret is at line 12",
    ]);
    expect(secretBlock).toContain('✖ config/prod.env:12:23  AWS secret access key (aws-secret-access-key)');
    expect(secretBlock).toContain("pair        the secret's key id is at line 11");
    expect(out).toContain('✖ 2 findings in 1 file: 1 access key id, 1 secret access key.');
    expect(out).toContain('Scanned the staged changes: 3 files, 120 added lines, 4.1 KiB in 12 ms.');
  });

  it('names the other file when the pair is split across files, and says when the other half is not shown', () => {
    const pair = makePair();
    pair.secret.file = 'config/secret.env';
    const out = text(scan({ findings: [pair.id, pair.secret] }));
    expect(out).toContain("the id's secret is at config/secret.env:12");
    expect(text(scan({ findings: [pair.id] }))).toContain(
      "the id's secret was found but is not reported here",
    );
  });

  it('says when an id has no secret next to it, and a secret no id', () => {
    const pair = makePair();
    pair.id.secret = null;
    pair.id.pairedWith = null;
    pair.secret.keyId = null;
    pair.secret.pairedWith = null;
    const out = text(scan({ findings: [pair.id, pair.secret] }));
    expect(out).toContain('    secret      none found next to it');
    expect(out).toContain('    key id      none found next to it');
    expect(out).not.toContain('    pair ');
    expect(out).toMatch(/The secret .{4}\*+ at config\/prod\.env:12 has no key id next to it/);
  });

  it('shows the commit (short sha, author, date) only when there is one, never the e-mail or fingerprint', () => {
    const withCommit = makePair({ commit: COMMIT });
    const out = text(scan({ source: 'range', findings: [withCommit.id] }));
    expect(out).toContain('    commit      9fceb02 by Test Author on 2026-01-02');
    expect(out).not.toContain('author@example.com');
    expect(out).not.toContain(withCommit.id.fingerprint);
    expect(text(scan({ findings: [makePair().id] }))).not.toContain('commit ');
  });
});

describe('textReporter: verification', () => {
  function verified(v: Verification): string {
    const pair = makePair();
    pair.id.verification = v;
    return text(scan({ findings: [pair.id] }));
  }

  it.each<[Verification, string[]]>([
    [
      {
        status: 'active',
        user: 'deploy-bot',
        account: '123456789012',
        created: '2024-03-01T00:00:00Z',
        lastUsed: '2026-01-01T10:00:00Z',
        lastUsedService: 's3',
        lastUsedRegion: 'eu-west-1',
        pairValid: true,
      },
      [
        'verified    ACTIVE, user deploy-bot, account 123456789012, created 2024-03-01, the secret works with this key id',
        'last used 2026-01-01 by s3 in eu-west-1',
      ],
    ],
    [{ status: 'active', lastUsed: null }, ['ACTIVE', 'never used (IAM has no record of use)']],
    [{ status: 'inactive', pairValid: false }, ['inactive, the secret does not work with this key id']],
    [
      { status: 'not-ours', account: '210987654321' },
      ['not ours (not a key of your accounts), account 210987654321'],
    ],
    [{ status: 'not-found' }, ['not found in IAM']],
    [
      { status: 'canary', reason: 'listed in canaries' },
      ['canary (a known trap key: not acted on)', 'listed in canaries'],
    ],
    [
      { status: 'unverified', reason: 'no AWS credentials' },
      ['unverified', '                no AWS credentials'],
    ],
  ])('shows status %#', (v, expected) => {
    const out = verified(v);
    for (const part of expected) expect(out).toContain(part);
  });

  it('summarises CloudTrail activity: calls by count, addresses, regions', () => {
    const calls = Array.from({ length: 7 }, (_, i) => ({ name: `svc:Call${i}`, count: i + 1 }));
    const v: Verification = {
      status: 'active',
      activity: {
        available: true,
        since: '2025-12-01T00:00:00Z',
        events: 28,
        calls,
        sourceAddresses: ['203.0.113.5', '198.51.100.7'],
        regions: ['us-east-1'],
      },
    };
    const out = verified(v);
    expect(out).toContain('CloudTrail since 2025-12-01: 28 events');
    expect(out).toContain(
      'calls svc:Call6 ×7, svc:Call5 ×6, svc:Call4 ×5, svc:Call3 ×4, svc:Call2 ×3 and 2 more',
    );
    expect(out).toContain('from 203.0.113.5, 198.51.100.7');
    expect(out).toContain('regions us-east-1');
    expect(out).not.toContain('svc:Call1 ');
  });

  it('says why CloudTrail activity is unavailable, and when there was none', () => {
    expect(verified({ status: 'active', activity: { available: false, reason: 'AccessDenied' } })).toContain(
      'CloudTrail unavailable: AccessDenied',
    );
    expect(verified({ status: 'active', activity: { available: true, events: 0, calls: [] } })).toContain(
      'CloudTrail: no activity',
    );
  });
});

describe('textReporter: response', () => {
  function responded(r: ResponseOutcome, user = 'deploy-bot'): { out: string; keyId: string } {
    const pair = makePair();
    pair.id.verification = { status: 'active', user };
    pair.id.response = r;
    return { out: text(scan({ source: 'push', findings: [pair.id] })), keyId: pair.keyId };
  }

  it('shows a deactivation with each AWS call made', () => {
    const pair = makePair();
    const { out } = responded({
      action: 'deactivated',
      calls: [
        {
          api: 'iam:UpdateAccessKey',
          params: { AccessKeyId: pair.keyId, UserName: 'deploy-bot', Status: 'Inactive' },
          ok: true,
        },
      ],
    });
    expect(out).toContain('response    DEACTIVATED by secret-guard');
    expect(out).toContain(
      `iam:UpdateAccessKey AccessKeyId=${pair.keyId} UserName=deploy-bot Status=Inactive -> ok`,
    );
    expect(out).toContain('was deactivated by secret-guard: finish the rotation');
  });

  it("prints a pair's verdict and response once, under its key id, unless a response failed", () => {
    const pair = makePair();
    const verification: Verification = { status: 'active', user: 'deploy-bot' };
    const response: ResponseOutcome = {
      action: 'deactivated',
      calls: [{ api: 'iam:UpdateAccessKey', params: {}, ok: true }],
    };
    pair.id.verification = pair.secret.verification = verification;
    pair.id.response = pair.secret.response = response;
    const out = text(scan({ findings: [pair.id, pair.secret] }));
    expect(out.match(/DEACTIVATED by secret-guard/g)).toHaveLength(1);
    expect(out.match(/user deploy-bot/g)).toHaveLength(1);
    expect(out.match(new RegExp(`as for its key id at line ${pair.id.line}`, 'g'))).toHaveLength(2);

    const failed: ResponseOutcome = { action: 'failed', reason: 'iam:UpdateAccessKey: AccessDenied' };
    pair.id.response = pair.secret.response = failed;
    const loud = text(scan({ findings: [pair.id, pair.secret] }));
    expect(loud.match(/iam:UpdateAccessKey: AccessDenied/g)?.length).toBeGreaterThanOrEqual(2);
  });

  it('shows a dry run with the calls it would make', () => {
    const { out } = responded({
      action: 'planned',
      calls: [{ api: 'iam:UpdateAccessKey', params: { Status: 'Inactive' } }],
    });
    expect(out).toContain('response    planned (dry run, nothing changed)');
    expect(out).toContain('iam:UpdateAccessKey Status=Inactive -> not called (dry run)');
  });

  it('shows skipped and already-inactive responses with their reasons', () => {
    expect(responded({ action: 'skipped', reason: 'blocked at commit time: not leaked' }).out).toContain(
      'response    skipped: blocked at commit time: not leaked',
    );
    expect(responded({ action: 'already-inactive' }).out).toContain(
      'response    already inactive, nothing to do',
    );
  });

  it('makes a failed response loud, in the finding and in the summary', () => {
    const { out, keyId } = responded({
      action: 'failed',
      reason: 'AccessDenied',
      calls: [{ api: 'iam:UpdateAccessKey', params: {}, ok: false, error: 'AccessDenied: not authorized' }],
    });
    expect(out).toContain(
      'response    RESPONSE FAILED: AccessDenied. The key may still be active: deactivate it by hand now.',
    );
    expect(out).toContain('iam:UpdateAccessKey -> FAILED: AccessDenied: not authorized');
    expect(out).toContain(`✖ 1 RESPONSE FAILED: ${keyId} may still be active.`);
    expect(out).toContain(
      `aws iam update-access-key --user-name deploy-bot --access-key-id ${keyId} --status Inactive`,
    );
  });

  it('says a key deactivated before a later step failed is deactivated, not "still active"', () => {
    const { out, keyId } = responded({
      action: 'failed',
      reason: 'key deactivated, but iam:PutUserPolicy: AccessDenied',
      calls: [
        { api: 'iam:UpdateAccessKey', params: {}, ok: true },
        { api: 'iam:PutUserPolicy', params: {}, ok: false, error: 'AccessDenied' },
      ],
    });
    expect(out).toContain(
      'RESPONSE FAILED: key deactivated, but iam:PutUserPolicy: AccessDenied. The key was deactivated; make the step that failed by hand.',
    );
    expect(out).toContain(`✖ 1 RESPONSE FAILED: ${keyId} deactivated, a later step not made.`);
    expect(out).not.toContain('may still be active');
  });
});

describe('textReporter: what to do next', () => {
  it('is absent from a clean scan', () => {
    expect(text(scan())).not.toContain('What to do next');
  });

  it('tells how to unstage, rotate (with the runbook) and allow', () => {
    const pair = makePair({ file: 'config/my file.env' });
    const out = text(scan({ findings: [pair.id, pair.secret] }));
    expect(out).toContain('What to do next:');
    expect(out).toContain("git restore --staged -- 'config/my file.env'");
    expect(out).toContain(
      `aws iam update-access-key --user-name <user-name> --access-key-id ${pair.keyId} --status Inactive\n`,
    );
    expect(out).toContain(`aws iam get-access-key-last-used --access-key-id ${pair.keyId}\``);
    expect(out).toContain(`Runbook: ${RUNBOOK}`);
    expect(out).toContain('`# secret-guard:allow`');
    expect(out).toContain('`allow.keyIds` or `allow.paths` in `.secret-guard.yml`');
    expect(out).toContain('`secret-guard baseline`');
    // One rotation line per key, though the key was found twice (id and paired secret).
    expect(out.split('aws iam update-access-key')).toHaveLength(2);
  });

  it('after `git commit -a` (a temporary index), says to fix the file and commit again, not to unstage', () => {
    const pair = makePair();
    const out = text(scan({ findings: [pair.id] }), { indexIsTemporary: true });
    expect(out).toContain(
      '  1. Remove the key from the file, then commit again (nothing is left staged to undo).\n',
    );
    expect(out).not.toContain('git restore --staged');
    expect(out).not.toContain('git add');
  });

  it('suggests amending commits for history scans', () => {
    const pair = makePair({ commit: COMMIT });
    const out = text(scan({ source: 'range', findings: [pair.id] }));
    expect(out).toContain('`git commit --amend`');
    expect(out).not.toContain('git restore --staged');
  });

  it.each<[Verification, string]>([
    [{ status: 'canary' }, 'is a known canary: nothing to rotate.'],
    [{ status: 'not-ours', account: '210987654321' }, 'belongs to account 210987654321, not to yours'],
    [{ status: 'not-found' }, 'is unknown to IAM'],
    [{ status: 'inactive' }, 'is inactive: finish the rotation'],
  ])('adapts the rotation step to what IAM said (%#)', (v, expected) => {
    const pair = makePair();
    pair.id.verification = v;
    const out = text(scan({ findings: [pair.id] }));
    expect(out).toContain(`${pair.keyId} ${expected}`);
    expect(out).not.toContain('update-access-key');
  });
});

describe('textReporter: colour and hostile text', () => {
  function busy(): ScanResult {
    const pair = makePair({ commit: COMMIT });
    pair.id.verification = { status: 'active', user: 'deploy-bot' };
    pair.id.response = { action: 'failed', reason: 'AccessDenied' };
    return scan({
      source: 'range',
      findings: [pair.id, pair.secret],
      coverage: coverage({ errors: ['boom'] }),
    });
  }

  it('uses no escape sequence without colour', () => {
    expect(text(busy())).not.toContain('\x1b');
  });

  it('colours with ANSI codes when asked, and says the same words', () => {
    const result = busy();
    const plain = text(result);
    const coloured = text(result, { color: true });
    expect(coloured).toContain('\x1b[31m');
    expect(coloured).toContain('\x1b[1m');
    expect(coloured.replace(ANSI, '')).toBe(plain);
    expect(text(scan(), { color: true })).toContain('\x1b[32m✔ No AWS keys found\x1b[39m');
  });

  it('escapes control characters and direction overrides in file names and messages', () => {
    const pair = makePair({ file: 'evil\x1b[2J\r\u202e.env' });
    const out = text(scan({ findings: [pair.id], coverage: coverage({ errors: ['bad\nline'] }) }));
    expect(out).not.toContain('\x1b');
    expect(out).not.toContain('\r');
    expect(out).not.toContain('\u202e');
    expect(out).toContain('evil\\x1b[2J\\x0d\\u202e.env:11:19');
    expect(out).toContain('  - bad\\x0aline');
  });
});

describe('formatting helpers', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [5 * 1024 * 1024, '5.0 MiB'],
    [3 * 1024 ** 3, '3.0 GiB'],
  ])('formatBytes(%d) = %s', (n, expected) => expect(formatBytes(n)).toBe(expected));

  it.each([
    [12, '12 ms'],
    [1500, '1.5 s'],
    [125_000, '2 min 5 s'],
  ])('formatDuration(%d) = %s', (ms, expected) => expect(formatDuration(ms)).toBe(expected));
});
