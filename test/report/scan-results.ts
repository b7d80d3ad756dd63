// ScanResults for the reporter tests, built at run time from keys made at run time: no key literal is
// ever stored. Each builder returns the raw secret too, so that a test can prove it never appears.
import { createHash } from 'node:crypto';

import { redact } from '../../src/secret-value.js';
import type { CommitInfo, Coverage, Finding, ScanResult } from '../../src/types.js';
import { makeKeyId, makeSecret } from '../helpers/keys.js';

const ACCOUNT = '123456789012';

export const COMMIT: CommitInfo = {
  sha: '9fceb02d0ae598e95dc970b74767f19372d61af8',
  author: 'Test Author',
  email: 'author@example.com',
  date: '2026-01-02T03:04:05Z',
};

export function fingerprintOf(rule: Finding['rule'], value: string): string {
  return createHash('sha256').update(`${rule}\0${value}`).digest('hex');
}

export function coverage(overrides: Partial<Coverage> = {}): Coverage {
  return {
    commits: 0,
    files: 3,
    addedLines: 120,
    bytes: 4200,
    binaryFiles: 0,
    skipped: {},
    errors: [],
    excluded: {},
    ...overrides,
  };
}

export function scan(overrides: Partial<ScanResult> = {}): ScanResult {
  return {
    source: 'staged',
    findings: [],
    coverage: coverage(),
    suppressed: {},
    unusedBaseline: [],
    settingsChanges: [],
    durationMs: 12,
    ...overrides,
  };
}

export interface Pair {
  keyId: string;
  /** The raw secret: goes into no finding, only into assertions that it never appears. */
  rawSecret: string;
  id: Finding;
  secret: Finding;
}

export interface PairOptions {
  file?: string;
  idLine?: number;
  secretLine?: number;
  commit?: CommitInfo | null;
  keyId?: string;
  rawSecret?: string;
  account?: string | null;
}

/** An access key id and its secret on two lines of one file, linked to each other. */
export function makePair(options: PairOptions = {}): Pair {
  const account = options.account === undefined ? ACCOUNT : options.account;
  const keyId = options.keyId ?? makeKeyId(account ?? ACCOUNT);
  const rawSecret = options.rawSecret ?? makeSecret();
  const commit = options.commit ?? null;
  const file = options.file ?? 'config/prod.env';
  const idFp = fingerprintOf('aws-access-key-id', keyId);
  const secretFp = fingerprintOf('aws-secret-access-key', rawSecret);
  const common = {
    file,
    commit: commit?.sha ?? null,
    author: commit?.author ?? null,
    email: commit?.email ?? null,
    date: commit?.date ?? null,
    keyId,
    secret: redact(rawSecret),
    account,
    verification: null,
    response: null,
  };
  return {
    keyId,
    rawSecret,
    id: {
      ...common,
      rule: 'aws-access-key-id',
      line: options.idLine ?? 11,
      column: 19,
      fingerprint: idFp,
      pairedWith: secretFp,
    },
    secret: {
      ...common,
      rule: 'aws-secret-access-key',
      line: options.secretLine ?? 12,
      column: 23,
      fingerprint: secretFp,
      pairedWith: idFp,
    },
  };
}
