import { readFileSync } from 'node:fs';

import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Log } from 'sarif';
import { beforeAll, describe, expect, it } from 'vitest';

import { RULE_DOCS } from '../../src/report/rule-docs.js';
import { FINGERPRINT_KEY, pathToUri, sarifReporter } from '../../src/report/sarif.js';
import type { ScanResult } from '../../src/types.js';
import { COMMIT, coverage, makePair, scan } from './scan-results.js';

const SCHEMA_PATH = new URL('../fixtures/sarif-schema-2.1.0.json', import.meta.url);
const options = { color: false, toolVersion: '1.2.3' };

let validate: ValidateFunction;

beforeAll(() => {
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
  // strict: false because the official schema uses union types that Ajv's strict mode only warns about.
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  validate = ajv.compile(schema);
});

function sarif(result: ScanResult, opts = options): Log {
  const text = sarifReporter(result, opts);
  return JSON.parse(text) as Log;
}

function expectValid(log: unknown): void {
  const ok = validate(log);
  expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
  expect(ok).toBe(true);
}

function richResult(): ScanResult {
  const a = makePair();
  const b = makePair({ commit: COMMIT, file: 'deploy/odd name #1 100%.env', idLine: 3, secretLine: 4 });
  a.id.verification = {
    status: 'active',
    user: 'deploy-bot',
    account: '123456789012',
    lastUsed: null,
    created: '2024-03-01T00:00:00Z',
    pairValid: true,
    activity: {
      available: true,
      events: 3,
      calls: [{ name: 's3:ListBuckets', count: 3 }],
      regions: ['us-east-1'],
    },
  };
  a.id.response = {
    action: 'failed',
    reason: 'AccessDenied',
    calls: [
      { api: 'iam:UpdateAccessKey', params: { AccessKeyId: a.keyId }, ok: false, error: 'AccessDenied' },
    ],
  };
  b.id.verification = { status: 'inactive' };
  b.id.response = { action: 'already-inactive' };
  return scan({
    source: 'range',
    findings: [a.id, a.secret, b.id, b.secret],
    coverage: coverage({ commits: 4, errors: ['git show failed for one commit'] }),
    suppressed: { baseline: 1 },
    unusedBaseline: ['deadbeef'],
  });
}

describe('the stored SARIF schema', () => {
  it('parses and is the official SARIF 2.1.0 schema (JSON Schema draft-07)', () => {
    const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as {
      $schema: string;
      title: string;
      properties: { version: { enum: string[] } };
      definitions: Record<string, unknown>;
    };
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.title).toBe('Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema');
    expect(schema.properties.version.enum).toEqual(['2.1.0']);
    for (const name of ['run', 'result', 'reportingDescriptor', 'invocation', 'physicalLocation', 'region']) {
      expect(schema.definitions).toHaveProperty(name);
    }
  });

  it('rejects a log that breaks it (the validator is not a no-op)', () => {
    const log = sarif(richResult()) as unknown as {
      runs: Array<{ results: Array<Record<string, unknown>> }>;
    };
    delete log.runs[0]!.results[0]!.message;
    expect(validate(log)).toBe(false);
    const bad = sarif(scan()) as unknown as Record<string, unknown>;
    bad.version = '2.0.0';
    expect(validate(bad)).toBe(false);
  });
});

describe('sarifReporter', () => {
  it.each<[string, () => ScanResult]>([
    ['a clean scan', () => scan()],
    [
      'a scan that saw nothing',
      () => scan({ source: 'all', coverage: coverage({ files: 0, addedLines: 0, bytes: 0 }) }),
    ],
    ['findings with verification, responses and a partial scan', richResult],
    [
      'skips and exclusions',
      () => scan({ coverage: coverage({ skipped: { unreadable: 1 }, excluded: { submodule: 2 } }) }),
    ],
    [
      'an unpaired id without commit',
      () => ({ ...scan(), findings: [{ ...makePair().id, pairedWith: null, secret: null }] }),
    ],
  ])('validates against the SARIF 2.1.0 schema: %s', (_name, build) => {
    expectValid(sarif(build()));
  });

  it('describes the tool and both rules for GitHub code scanning', () => {
    const log = sarif(scan());
    expect(log.$schema).toMatch(/sarif-schema-2\.1\.0\.json$/);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const driver = log.runs[0]!.tool.driver;
    expect(driver.name).toBe('secret-guard');
    expect(driver.informationUri).toBe('https://github.com/secret-guard/secret-guard');
    expect(driver.semanticVersion).toBe('1.2.3');
    expect(driver.rules?.map((r) => r.id)).toEqual(['aws-access-key-id', 'aws-secret-access-key']);
    for (const rule of driver.rules ?? []) {
      expect(rule.name).toMatch(/^[A-Z][A-Za-z]+$/);
      expect(rule.shortDescription?.text).toBeTruthy();
      expect(rule.fullDescription?.text).toBeTruthy();
      expect(rule.help?.text).toContain('id-credentials-access-keys-update.html');
      expect(rule.help?.markdown).toContain('secret-guard:allow');
      expect(rule.helpUri).toBe(`https://github.com/secret-guard/secret-guard#${rule.id}`);
      expect(rule.defaultConfiguration?.level).toBe('error');
      expect(rule.properties?.tags).toEqual(['security', 'secret']);
      const severity = Number(rule.properties?.['security-severity']);
      expect(typeof rule.properties?.['security-severity']).toBe('string');
      expect(severity).toBeGreaterThan(0);
      expect(severity).toBeLessThanOrEqual(10);
    }
    expect(RULE_DOCS.find((d) => d.id === 'aws-secret-access-key')!.securitySeverity).toBe('9.5');
  });

  it('leaves out semanticVersion when the version is not semver, and stays valid', () => {
    const log = sarif(scan(), { color: false, toolVersion: 'dev build' });
    expect(log.runs[0]!.tool.driver.semanticVersion).toBeUndefined();
    expect(log.runs[0]!.tool.driver.version).toBe('dev build');
    expectValid(log);
  });

  it('gives each finding a result with rule, location, message and fingerprint', () => {
    const pair = makePair({ commit: COMMIT });
    const log = sarif(scan({ source: 'range', findings: [pair.id, pair.secret] }));
    const rules = log.runs[0]!.tool.driver.rules!;
    const [idResult, secretResult] = log.runs[0]!.results!;
    expect(idResult!.ruleId).toBe('aws-access-key-id');
    expect(rules[idResult!.ruleIndex!]!.id).toBe('aws-access-key-id');
    expect(secretResult!.ruleId).toBe('aws-secret-access-key');
    expect(rules[secretResult!.ruleIndex!]!.id).toBe('aws-secret-access-key');
    expect(secretResult!.level).toBe('error');
    expect(secretResult!.locations).toEqual([
      {
        physicalLocation: {
          artifactLocation: { uri: 'config/prod.env', uriBaseId: '%SRCROOT%' },
          region: { startLine: 12, startColumn: 23 },
        },
      },
    ]);
    expect(secretResult!.partialFingerprints).toEqual({ [FINGERPRINT_KEY]: pair.secret.fingerprint });
    expect(secretResult!.message.text).toContain(pair.keyId);
    expect(secretResult!.message.text).toContain(pair.secret.secret!);
    expect(secretResult!.message.text).toContain('Commit 9fceb02d0ae5');
    expect(idResult!.message.text).toContain(pair.keyId);
    expect(idResult!.message.text).toContain('account 123456789012');
  });

  it('carries commit, account, key id, verification and response in result properties', () => {
    const log = sarif(richResult());
    const first = log.runs[0]!.results![0]!;
    expect(first.properties).toMatchObject({
      keyId: expect.stringMatching(/^AKIA/) as unknown,
      account: '123456789012',
      commit: null,
      verification: { status: 'active', user: 'deploy-bot', lastUsed: null, pairValid: true },
      response: { action: 'failed', reason: 'AccessDenied' },
    });
    expect(first.message.text).toContain('RESPONSE FAILED');
    const third = log.runs[0]!.results![2]!;
    expect(third.properties).toMatchObject({
      commit: COMMIT.sha,
      author: COMMIT.author,
      date: COMMIT.date,
      verification: { status: 'inactive' },
      response: { action: 'already-inactive' },
    });
  });

  it('says a key deactivated before a later step failed is deactivated, in the result and the notification', () => {
    const pair = makePair();
    pair.id.response = {
      action: 'failed',
      reason: 'key deactivated, but iam:PutUserPolicy: AccessDenied',
      calls: [
        { api: 'iam:UpdateAccessKey', params: {}, ok: true },
        { api: 'iam:PutUserPolicy', params: {}, ok: false, error: 'AccessDenied' },
      ],
    };
    const log = sarif(scan({ source: 'range', findings: [pair.id] }));
    const texts = [
      log.runs[0]!.results![0]!.message.text,
      ...log.runs[0]!.invocations![0]!.toolExecutionNotifications!.map((n) => n.message.text),
    ];
    expect(
      texts.filter((t) => t?.includes('The key was deactivated; make the step that failed by hand.')),
    ).toHaveLength(2);
    expect(texts.join('\n')).not.toContain('may still be active');
  });

  it('percent-encodes paths into URI references', () => {
    const log = sarif(richResult());
    expect(log.runs[0]!.results![2]!.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe(
      'deploy/odd%20name%20%231%20100%25.env',
    );
    expect(pathToUri('a:b/ü.env')).toBe('a%3Ab/%C3%BC.env');
  });

  it('marks a partial scan as an unsuccessful execution, with a notification per error and failed response', () => {
    const partial = sarif(richResult());
    const invocation = partial.runs[0]!.invocations![0]!;
    expect(invocation.executionSuccessful).toBe(false);
    const texts = invocation.toolExecutionNotifications!.map((n) => n.message.text);
    expect(texts).toContain('git show failed for one commit');
    expect(texts.some((t) => t?.startsWith('Response failed for access key id AKIA'))).toBe(true);
    expect(partial.runs[0]!.properties).toMatchObject({
      partial: true,
      source: 'range',
      unusedBaseline: ['deadbeef'],
    });

    const clean = sarif(scan());
    expect(clean.runs[0]!.invocations![0]!.executionSuccessful).toBe(true);
    expect(clean.runs[0]!.invocations![0]!.toolExecutionNotifications).toEqual([]);
    expect(clean.runs[0]!.results).toEqual([]);
  });

  it('counts a skip as partial, and lists what the design leaves out as notes of a successful run', () => {
    const skipped = sarif(scan({ coverage: coverage({ skipped: { unreadable: 1 } }) })).runs[0]!;
    expect(skipped.invocations![0]!.executionSuccessful).toBe(false);
    expect(skipped.invocations![0]!.toolExecutionNotifications).toEqual([
      { level: 'error', message: { text: '1 part of the input skipped: unreadable' } },
    ]);
    const excluded = sarif(scan({ coverage: coverage({ excluded: { submodule: 2 } }) })).runs[0]!;
    expect(excluded.invocations![0]!.executionSuccessful).toBe(true);
    expect(excluded.invocations![0]!.toolExecutionNotifications).toEqual([
      { level: 'note', message: { text: 'Not scanned, by design: submodule 2.' } },
    ]);
    expect(excluded.properties).toMatchObject({ partial: false, coverage: { excluded: { submodule: 2 } } });
  });
});
