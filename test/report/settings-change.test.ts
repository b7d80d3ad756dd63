// The scanned commits' change to secret-guard's own settings, as each format shows it.
import { readFileSync } from 'node:fs';

import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type { Log } from 'sarif';
import { describe, expect, it } from 'vitest';

import { jobSummaryMarkdown } from '../../src/report/job-summary.js';
import { render, type ReportFormat } from '../../src/report/reporter.js';
import type { SettingsChange } from '../../src/types.js';
import { makeSecret } from '../helpers/keys.js';
import { makePair, scan } from './scan-results.js';

const options = { color: false, toolVersion: '1.2.3' };

const CHANGES: SettingsChange[] = [
  {
    file: '.secret-guard.yml',
    kind: 'config',
    summary: ['allow.paths adds "**"', 'response.quarantine is now "deny-all" (was "none")'],
  },
  {
    file: '.gitattributes',
    kind: 'gitattributes',
    summary: ['"*.env -diff" marks *.env as without a diff (-diff)'],
  },
  { file: 'old-baseline.json', kind: 'baseline', summary: [] },
];

function output(format: ReportFormat, changes = CHANGES): string {
  return render(format, scan({ source: 'range', settingsChanges: changes }), options);
}

describe('settings changes in the reports', () => {
  it('text: a block of its own, each file with what it now allows', () => {
    const text = output('text');
    expect(text).toContain(
      [
        "⚠ The scanned commits change secret-guard's own settings; make sure this is meant:",
        '  .secret-guard.yml:',
        '    - allow.paths adds "**"',
        '    - response.quarantine is now "deny-all" (was "none")',
        '  .gitattributes:',
        '    - "*.env -diff" marks *.env as without a diff (-diff)',
        '  old-baseline.json: changed, allows nothing new',
      ].join('\n'),
    );
    // Still a clean verdict otherwise: the change is news, not a finding.
    expect(text).toContain('✔ No AWS keys found');
  });

  it('text: says nothing when nothing changed', () => {
    expect(output('text', [])).not.toContain("secret-guard's own settings");
  });

  it('text: a long list is cut short (JSON has it all), and control characters are escaped', () => {
    const many: SettingsChange = {
      file: 'evil\u001b[2Jname.json',
      kind: 'baseline',
      summary: Array.from({ length: 14 }, (_, i) => `accepts entry ${i}`),
    };
    const text = output('text', [many]);
    expect(text).toContain('  evil\\x1b[2Jname.json:');
    expect(text).toContain('    - accepts entry 9\n    - and 4 more (`--format json` lists them all)');
    expect(text).not.toContain('accepts entry 10');
  });

  it('json: the changes in the summary, as data', () => {
    const json = JSON.parse(output('json')) as { summary: { settingsChanges: unknown } };
    expect(json.summary.settingsChanges).toEqual(CHANGES);
  });

  it('sarif: a warning notification per file, the changes in the run properties, and still valid SARIF', () => {
    const log = JSON.parse(output('sarif')) as Log;
    const run = log.runs[0]!;
    expect(run.invocations?.[0]?.toolExecutionNotifications).toEqual([
      {
        level: 'warning',
        message: {
          text:
            'The scanned commits change secret-guard\'s settings in .secret-guard.yml: allow.paths adds "**"; ' +
            'response.quarantine is now "deny-all" (was "none").',
        },
      },
      {
        level: 'warning',
        message: {
          text: 'The scanned commits change secret-guard\'s settings in .gitattributes: "*.env -diff" marks *.env as without a diff (-diff).',
        },
      },
      {
        level: 'warning',
        message: {
          text: "The scanned commits change secret-guard's settings in old-baseline.json: allows nothing new.",
        },
      },
    ]);
    expect(run.invocations?.[0]?.executionSuccessful).toBe(true);
    expect(run.properties?.['settingsChanges']).toEqual(CHANGES);
    const schema = JSON.parse(
      readFileSync(new URL('../fixtures/sarif-schema-2.1.0.json', import.meta.url), 'utf8'),
    ) as Record<string, unknown>;
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats.default(ajv);
    expect(ajv.validate(schema, log), JSON.stringify(ajv.errors)).toBe(true);
  });

  it('the job summary: a list per file, Markdown escaped', () => {
    const markdown = jobSummaryMarkdown(scan({ source: 'range', settingsChanges: CHANGES }));
    expect(markdown).toContain(
      [
        "**⚠ The scanned commits change secret-guard's own settings;** make sure this is meant:",
        '',
        '- `.secret-guard.yml`:',
        '  - allow.paths adds "\\*\\*"',
        '  - response.quarantine is now "deny-all" (was "none")',
        '- `.gitattributes`:',
        '  - "\\*.env -diff" marks \\*.env as without a diff (-diff)',
        '- `old-baseline.json`: changed, allows nothing new',
      ].join('\n'),
    );
    expect(jobSummaryMarkdown(scan({ source: 'range' }))).not.toContain("secret-guard's own settings");
  });

  it('never shows a secret-shaped value, in any format', () => {
    const secret = makeSecret();
    const leaky: SettingsChange[] = [
      { file: '.gitattributes', kind: 'gitattributes', summary: [`"${secret} binary"`] },
    ];
    const result = scan({ findings: [makePair().id], settingsChanges: leaky });
    for (const format of ['text', 'json', 'sarif'] as const) {
      expect(render(format, result, options)).not.toContain(secret);
    }
    expect(jobSummaryMarkdown(result)).not.toContain(secret);
  });
});
