// The job summary is Markdown that GitHub renders: these parse it with a real GFM parser (marked), so that a
// table that only looks right as text still fails.
import { marked, type Tokens } from 'marked';
import { describe, expect, it } from 'vitest';

import { jobSummaryMarkdown, SUMMARY_MAX_REASONS, SUMMARY_MAX_ROWS } from '../../src/report/job-summary.js';
import type { ScanResult } from '../../src/types.js';
import { COMMIT, coverage, makePair, scan } from './scan-results.js';

function table(markdown: string): Tokens.Table | undefined {
  return marked.lexer(markdown).find((t): t is Tokens.Table => t.type === 'table');
}

/** Each cell as the text a reader sees. */
function rows(markdown: string): string[][] {
  const t = table(markdown);
  if (t === undefined) return [];
  const text = (c: Tokens.TableCell): string =>
    marked
      .parseInline(c.text, { async: false })
      .replace(/<[^>]+>/g, '')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'");
  return [t.header.map(text), ...t.rows.map((r) => r.map(text))];
}

function confirmedLeak(): { result: ScanResult; keyId: string; rawSecret: string } {
  const pair = makePair({ commit: COMMIT });
  pair.id.verification = { status: 'active', user: 'deploy-bot', pairValid: true };
  pair.id.response = { action: 'deactivated' };
  pair.secret.verification = pair.id.verification;
  pair.secret.response = pair.id.response;
  const result = scan({
    source: 'push',
    findings: [pair.id, pair.secret],
    coverage: coverage({ commits: 2 }),
    durationMs: 2340,
  });
  return { result, keyId: pair.keyId, rawSecret: pair.rawSecret };
}

describe('jobSummaryMarkdown', () => {
  it('has a table of file, line, commit, key id, verdict and action taken, one row per finding', () => {
    const { result, keyId } = confirmedLeak();
    const md = jobSummaryMarkdown(result);
    expect(md.startsWith('## secret-guard\n')).toBe(true);
    expect(md).toContain('**✖ 2 findings in 1 file** of the pushed commits.');
    expect(rows(md)).toEqual([
      ['File', 'Line', 'Commit', 'Key id', 'Verdict', 'Action taken'],
      [
        'config/prod.env',
        '11',
        '9fceb02',
        keyId,
        'ACTIVE (user deploy-bot), the secret works',
        'deactivated',
      ],
      [
        'config/prod.env',
        '12',
        '9fceb02',
        keyId,
        'ACTIVE (user deploy-bot), the secret works',
        'deactivated',
      ],
    ]);
    expect(md).toContain(
      'Scanned the pushed commits: 2 commits, 3 files, 120 added lines, 4.1 KiB in 2.3 s.',
    );
    expect(md).toContain('### What to do');
    expect(md).toContain('`git commit --amend`');
  });

  it('advises an allow comment only where one is honoured; elsewhere names what works there, and why', () => {
    const { result } = confirmedLeak();
    const whatToDo = (md: string) => md.slice(md.indexOf('### What to do'));
    expect(whatToDo(jobSummaryMarkdown(result))).toContain('add `# secret-guard:allow` on the line');

    const why = 'the comment would be part of the change under review';
    const advice = whatToDo(jobSummaryMarkdown(result, { allowCommentsIgnored: why }));
    expect(advice).not.toContain('add `# secret-guard:allow`');
    expect(advice).toContain(
      '3. If it is not a real key (a test fixture, a canary), allow it: list it in `allow.keyIds` or ' +
        '`allow.paths` in `.secret-guard.yml`, or run `secret-guard baseline`. A `# secret-guard:allow` ' +
        `comment is not honoured in this run: ${why}.`,
    );
  });

  it('says what was not verified or not done, and makes a failed response loud', () => {
    const pair = makePair();
    pair.id.response = { action: 'failed', reason: 'iam:UpdateAccessKey: AccessDenied' };
    pair.secret.keyId = null;
    pair.secret.verification = { status: 'unverified', reason: 'no AWS credentials' };
    const md = jobSummaryMarkdown(scan({ source: 'range', findings: [pair.id, pair.secret] }));
    const [, id, secret] = rows(md);
    expect(id?.slice(2)).toEqual([
      '—',
      pair.keyId,
      'not verified',
      'FAILED: iam:UpdateAccessKey: AccessDenied. The key may still be active: deactivate it by hand now.',
    ]);
    expect(secret?.slice(3)).toEqual(['— (no key id next to it)', 'unverified: no AWS credentials', 'none']);
    expect(md).toContain(
      `**✖ Response failed** for \`${pair.keyId}\`. The key may still be active: deactivate it by hand now.`,
    );
  });

  it('never calls a key deactivated before a later step failed "still active"', () => {
    const pair = makePair();
    pair.id.response = {
      action: 'failed',
      reason: 'key deactivated, but iam:PutUserPolicy: AccessDenied',
      calls: [
        { api: 'iam:UpdateAccessKey', params: {}, ok: true },
        { api: 'iam:PutUserPolicy', params: {}, ok: false, error: 'AccessDenied' },
      ],
    };
    const md = jobSummaryMarkdown(scan({ source: 'range', findings: [pair.id] }));
    expect(md).toContain(
      `**✖ Response failed** for \`${pair.keyId}\`. The key was deactivated; make the step that failed by hand.`,
    );
    expect(md).not.toContain('may still be active');
  });

  it('calls a partial scan partial, with its reasons, never clean', () => {
    const md = jobSummaryMarkdown(
      scan({ source: 'range', coverage: coverage({ commits: 3, errors: ['a.env: cannot read: EACCES'] }) }),
    );
    expect(md).toContain('**⚠ Partial scan:** no AWS keys found in what was read');
    expect(md).toContain('This is not a clean result.');
    expect(md).toContain(
      '**Partial scan:** 1 problem kept part of the input from being scanned:\n\n- a.env: cannot read: EACCES',
    );
    expect(md).not.toContain('✔');
    expect(table(md)).toBeUndefined();
  });

  it('lists what the design leaves out, and a clean scan in a few lines', () => {
    const md = jobSummaryMarkdown(scan({ coverage: coverage({ excluded: { submodule: 2 } }) }));
    expect(md).toContain('**✔ No AWS keys found** in the staged changes.');
    expect(md).toContain('Not scanned, by design: submodule 2.');
    expect(md).not.toContain('What to do');
  });

  it('never calls a scan that saw nothing clean', () => {
    const md = jobSummaryMarkdown(
      scan({ source: 'all', coverage: coverage({ files: 0, addedLines: 0, bytes: 0 }) }),
    );
    expect(md).toContain('**⚠ Nothing was scanned** in the whole history: this is not a clean result.');
    expect(md).toContain('fetch-depth: 0');
  });

  it('keeps a crafted file name and reason inside their cells, as text', () => {
    const pair = makePair({ file: 'a|b`c`<img src=x onerror=alert(1)>\n| x | y |.env' });
    pair.id.verification = { status: 'unverified', reason: 'boom | <script>alert(1)</script> **bold**' };
    const md = jobSummaryMarkdown(scan({ findings: [pair.id] }));
    const html = marked.parse(md, { async: false });
    expect(html).not.toMatch(/<img|<script/);
    const [, only] = rows(md);
    expect(only).toHaveLength(6);
    expect(only?.[0]).toBe('a|b`c`<img src=x onerror=alert(1)>\\x0a| x | y |.env');
    expect(only?.[4]).toBe('unverified: boom | <script>alert(1)</script> **bold**');
    expect(rows(md)).toHaveLength(2);
  });

  it('holds no secret, not even masked', () => {
    const { result, rawSecret } = confirmedLeak();
    const md = jobSummaryMarkdown(result);
    expect(md).not.toContain(rawSecret.slice(4, 12));
    expect(md).not.toContain(result.findings[1]!.secret!);
  });

  it('counts the rows and reasons it leaves out', () => {
    const findings = Array.from({ length: SUMMARY_MAX_ROWS + 3 }, (_, i) => makePair({ idLine: i + 1 }).id);
    const errors = Array.from({ length: SUMMARY_MAX_REASONS + 4 }, (_, i) => `error ${i}`);
    const md = jobSummaryMarkdown(scan({ findings, coverage: coverage({ errors }) }));
    expect(rows(md)).toHaveLength(SUMMARY_MAX_ROWS + 1);
    expect(md).toContain('And 3 more findings: the SARIF and JSON reports list them all.');
    expect(md).toContain('- and 4 more (the JSON report lists them all)');
  });
});
