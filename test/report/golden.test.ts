// Whole reports compared with files in test/fixtures/report/, so that a change to any format shows up in
// review as a diff of what users see. Built from AWS's documentation example key id and a masked secret:
// no real or realistic key is stored. Regenerate with UPDATE_SNAPSHOT=1 after an intended change, then
// `npx prettier --write test/fixtures/report`: JSON and SARIF are compared as data (Prettier may reflow the
// files; json.test.ts checks the exact layout), text byte for byte.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { render, type ReportFormat } from '../../src/report/reporter.js';
import type { Finding, ScanResult } from '../../src/types.js';
import { COMMIT, coverage, fingerprintOf, scan } from './scan-results.js';

const FIXTURES = new URL('../fixtures/report/', import.meta.url);
const EXAMPLE_KEY_ID = 'AKIAIOSFODNN7EXAMPLE'; // AWS's documentation example
const MASKED_SECRET = 'wJal' + '*'.repeat(36); // AWS's documentation example secret, masked

function examplePair(): ScanResult {
  const idFp = fingerprintOf('aws-access-key-id', EXAMPLE_KEY_ID);
  const secretFp = fingerprintOf('aws-secret-access-key', 'documentation example secret');
  const common = {
    file: 'config/prod.env',
    commit: COMMIT.sha,
    author: COMMIT.author,
    email: COMMIT.email,
    date: COMMIT.date,
    keyId: EXAMPLE_KEY_ID,
    secret: MASKED_SECRET,
    account: '123456789012',
  };
  const id: Finding = {
    ...common,
    rule: 'aws-access-key-id',
    line: 12,
    column: 19,
    fingerprint: idFp,
    pairedWith: secretFp,
    verification: {
      status: 'active',
      user: 'deploy-bot',
      account: '123456789012',
      created: '2024-03-01T09:00:00Z',
      lastUsed: '2026-01-01T10:00:00Z',
      lastUsedService: 's3',
      lastUsedRegion: 'us-east-1',
      pairValid: true,
      activity: {
        available: true,
        since: '2026-01-02T03:04:05Z',
        events: 14,
        calls: [
          { name: 'sts:GetCallerIdentity', count: 2 },
          { name: 's3:ListBuckets', count: 12 },
        ],
        sourceAddresses: ['203.0.113.5'],
        regions: ['us-east-1'],
      },
    },
    response: {
      action: 'deactivated',
      calls: [
        {
          api: 'iam:UpdateAccessKey',
          params: { UserName: 'deploy-bot', AccessKeyId: EXAMPLE_KEY_ID, Status: 'Inactive' },
          ok: true,
        },
      ],
    },
  };
  const secret: Finding = {
    ...common,
    rule: 'aws-secret-access-key',
    line: 13,
    column: 23,
    fingerprint: secretFp,
    pairedWith: idFp,
    verification: null,
    response: null,
  };
  return scan({
    source: 'push',
    findings: [id, secret],
    coverage: coverage({ commits: 2, files: 5, addedLines: 310, bytes: 12_345, binaryFiles: 1 }),
    suppressed: { 'example-key': 1 },
    durationMs: 2340,
  });
}

const CASES: Array<[string, ReportFormat, () => ScanResult]> = [
  ['ng-example-pair.txt', 'text', examplePair],
  ['ng-example-pair.json', 'json', examplePair],
  ['ng-example-pair.sarif', 'sarif', examplePair],
  ['ok-clean-staged.txt', 'text', () => scan()],
  ['ok-clean-staged.json', 'json', () => scan()],
  [
    'ng-nothing-scanned-range.txt',
    'text',
    () =>
      scan({ source: 'range', coverage: coverage({ files: 0, addedLines: 0, bytes: 0 }), durationMs: 40 }),
  ],
];

describe('golden reports', () => {
  it.each(CASES)('%s', (name, format, build) => {
    const output = render(format, build(), { color: false, toolVersion: '0.0.0-test' });
    const file = new URL(name, FIXTURES);
    if (process.env.UPDATE_SNAPSHOT === '1') writeFileSync(file, output);
    expect(existsSync(file), `${name} is missing: run with UPDATE_SNAPSHOT=1`).toBe(true);
    const expected = readFileSync(file, 'utf8');
    if (format === 'text') expect(output).toBe(expected);
    else expect(JSON.parse(output)).toEqual(JSON.parse(expected));
  });
});
