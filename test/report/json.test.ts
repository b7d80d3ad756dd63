import { describe, expect, it } from 'vitest';

import { jsonReporter } from '../../src/report/json.js';
import type { ScanResult } from '../../src/types.js';
import { COMMIT, coverage, makePair, scan } from './scan-results.js';

const options = { color: false, toolVersion: '1.2.3' };

interface JsonReport {
  version: number;
  findings: Array<Record<string, unknown>>;
  partial: boolean;
  partialReasons: string[];
  summary: Record<string, unknown>;
}

function report(result: ScanResult): JsonReport {
  return JSON.parse(jsonReporter(result, options)) as JsonReport;
}

/** The contract's fields (DESIGN.md), then the additions this reporter makes. */
const CONTRACT_FIELDS = [
  'rule',
  'file',
  'line',
  'column',
  'commit',
  'keyId',
  'secret',
  'fingerprint',
  'account',
  'verification',
  'response',
];
const ADDED_FIELDS = ['author', 'email', 'date', 'pairedWith'];

const nullableString = (v: unknown): boolean => v === null || typeof v === 'string';
const nullableObject = (v: unknown): boolean => v === null || (typeof v === 'object' && !Array.isArray(v));
const positiveInteger = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 1;

const FIELD_TYPES: Record<string, (v: unknown) => boolean> = {
  rule: (v) => v === 'aws-access-key-id' || v === 'aws-secret-access-key',
  file: (v) => typeof v === 'string' && v !== '',
  line: positiveInteger,
  column: positiveInteger,
  commit: (v) => v === null || (typeof v === 'string' && /^[0-9a-f]{40}$/.test(v)),
  keyId: nullableString,
  secret: (v) => v === null || (typeof v === 'string' && /^.{4}\*+$/.test(v)),
  fingerprint: (v) => typeof v === 'string' && v !== '',
  account: (v) => v === null || (typeof v === 'string' && /^\d{12}$/.test(v)),
  verification: nullableObject,
  response: nullableObject,
  author: nullableString,
  email: nullableString,
  date: nullableString,
  pairedWith: nullableString,
};

describe('jsonReporter', () => {
  it('writes { version: 1, findings, partial, partialReasons, summary }, pretty-printed with two spaces and a trailing newline', () => {
    const text = jsonReporter(scan(), options);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toBe(JSON.stringify(JSON.parse(text), null, 2) + '\n');
    const json = JSON.parse(text) as JsonReport;
    expect(Object.keys(json)).toEqual(['version', 'findings', 'partial', 'partialReasons', 'summary']);
    expect(json.version).toBe(1);
    expect(json.findings).toEqual([]);
    expect(json.partial).toBe(false);
    expect(json.partialReasons).toEqual([]);
  });

  it("gives every finding exactly the contract's fields, with the contract's types", () => {
    const a = makePair({ commit: COMMIT });
    const b = makePair({ account: null });
    b.id.secret = null;
    b.id.pairedWith = null;
    const json = report(scan({ source: 'range', findings: [a.id, a.secret, b.id] }));
    expect(json.findings).toHaveLength(3);
    for (const finding of json.findings) {
      expect(Object.keys(finding)).toEqual([...CONTRACT_FIELDS, ...ADDED_FIELDS]);
      for (const [key, value] of Object.entries(finding)) {
        expect(FIELD_TYPES[key]!(value), `${key}: ${JSON.stringify(value)}`).toBe(true);
      }
    }
    expect(json.findings[0]).toMatchObject({
      rule: 'aws-access-key-id',
      file: 'config/prod.env',
      line: 11,
      column: 19,
      commit: COMMIT.sha,
      keyId: a.keyId,
      secret: a.secret.secret,
      fingerprint: a.id.fingerprint,
      account: '123456789012',
      verification: null,
      response: null,
      author: 'Test Author',
      email: 'author@example.com',
      date: '2026-01-02T03:04:05Z',
      pairedWith: a.secret.fingerprint,
    });
    expect(json.findings[2]).toMatchObject({ commit: null, secret: null, account: null, pairedWith: null });
  });

  it('passes verification and response through with their statuses and reasons', () => {
    const pair = makePair();
    pair.id.verification = {
      status: 'active',
      user: 'deploy-bot',
      account: '123456789012',
      lastUsed: null,
      reason: 'confirmed by iam:ListAccessKeys',
      activity: { available: false, reason: 'AccessDenied' },
    };
    pair.id.response = {
      action: 'planned',
      reason: 'dry run',
      calls: [{ api: 'iam:UpdateAccessKey', params: { AccessKeyId: pair.keyId, Status: 'Inactive' } }],
    };
    const json = report(scan({ findings: [pair.id] }));
    expect(json.findings[0]!.verification).toEqual(pair.id.verification);
    expect(json.findings[0]!.response).toEqual(pair.id.response);
  });

  it('adds a summary with coverage, suppressions, unused baseline entries, partial, duration and source', () => {
    const json = report(
      scan({
        source: 'all',
        coverage: coverage({
          commits: 7,
          binaryFiles: 2,
          skipped: { 'too-large': 1 },
          errors: ['git log failed: fatal: bad object'],
          excluded: { submodule: 2 },
        }),
        suppressed: { baseline: 2, 'example-key': 1 },
        unusedBaseline: ['abc123'],
        durationMs: 1500,
      }),
    );
    expect(json.summary).toEqual({
      source: 'all',
      coverage: {
        commits: 7,
        files: 3,
        addedLines: 120,
        bytes: 4200,
        binaryFiles: 2,
        skipped: { 'too-large': 1 },
        errors: ['git log failed: fatal: bad object'],
        excluded: { submodule: 2 },
      },
      suppressed: { baseline: 2, 'example-key': 1 },
      unusedBaseline: ['abc123'],
      settingsChanges: [],
      partial: true,
      durationMs: 1500,
    });
    expect(report(scan()).summary.partial).toBe(false);
  });

  it('says partial: true with the reasons at the top level, for errors and for skips alike', () => {
    const errors = report(scan({ coverage: coverage({ errors: ['a.env: cannot read: EACCES'] }) }));
    expect(errors).toMatchObject({ partial: true, partialReasons: ['a.env: cannot read: EACCES'] });
    expect(errors.summary.partial).toBe(true);
    // A skip that no error names still makes the scan partial, stated by its count.
    const skips = report(scan({ coverage: coverage({ skipped: { 'line-too-long': 2 } }) }));
    expect(skips).toMatchObject({
      partial: true,
      partialReasons: ['2 parts of the input skipped: line-too-long'],
    });
    // What the design leaves out is listed, not partial.
    const excluded = report(scan({ coverage: coverage({ excluded: { gitignored: 40, submodule: 1 } }) }));
    expect(excluded).toMatchObject({ partial: false, partialReasons: [] });
    expect(excluded.summary.coverage).toMatchObject({ excluded: { gitignored: 40, submodule: 1 } });
  });

  it('shows a scan that saw nothing as zero coverage, never as a bare empty list', () => {
    const json = report(scan({ coverage: coverage({ files: 0, addedLines: 0, bytes: 0 }) }));
    expect(json.findings).toEqual([]);
    expect(json.summary.coverage).toMatchObject({ files: 0, addedLines: 0, bytes: 0 });
  });
});
