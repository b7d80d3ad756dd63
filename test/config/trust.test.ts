import { describe, expect, it } from 'vitest';
import { type Config, DEFAULT_CONFIG } from '../../src/config/config.js';
import {
  guardedDifferences,
  judgesUntrustedChanges,
  withoutGuardedSettings,
} from '../../src/config/trust.js';

describe('judgesUntrustedChanges', () => {
  it.each([
    ['staged', false, false],
    ['paths', false, false],
    ['stdin', false, false],
    ['all', false, false],
    ['range', false, true],
    ['push', false, true],
    ['staged', true, true],
    ['all', true, true],
    ['stdin', true, true],
  ] as const)('%s (CI: %s): %s', (kind, inCi, untrusted) => {
    expect(judgesUntrustedChanges(kind, inCi)).toBe(untrusted);
  });
});

describe('guardedDifferences', () => {
  it('names each changed setting as the file spells it, seconds included', () => {
    const after: Config = {
      ...DEFAULT_CONFIG,
      allow: { ...DEFAULT_CONFIG.allow, paths: ['**'] },
      aws: { ...DEFAULT_CONFIG.aws, totalTimeoutMs: 1_500 },
      response: { ...DEFAULT_CONFIG.response, tagUser: false },
    };
    expect(guardedDifferences(DEFAULT_CONFIG, after)).toEqual([
      { key: 'aws.totalTimeoutSeconds', before: 60, after: 1.5 },
      { key: 'response.tagUser', before: true, after: false },
    ]);
  });

  it('is empty for equal settings', () => {
    expect(guardedDifferences(DEFAULT_CONFIG, { ...DEFAULT_CONFIG, file: 'x.yml' })).toEqual([]);
  });
});

describe('withoutGuardedSettings', () => {
  it('puts accounts, verify, aws and response back to their defaults and keeps the rest', () => {
    const config: Config = {
      ...DEFAULT_CONFIG,
      file: '.secret-guard.yml',
      accounts: ['111122223333'],
      allow: { ...DEFAULT_CONFIG.allow, keyIds: ['AKIAIOSFODNN7EXAMPLE'] },
      baseline: 'b.json',
      response: { ...DEFAULT_CONFIG.response, quarantine: 'aws-managed' },
    };
    expect(withoutGuardedSettings(config)).toEqual({
      config: { ...config, accounts: [], response: DEFAULT_CONFIG.response },
      ignored: ['accounts', 'response.quarantine'],
    });
  });

  it('returns the same object when nothing is set', () => {
    expect(withoutGuardedSettings(DEFAULT_CONFIG).config).toBe(DEFAULT_CONFIG);
  });
});
