// The `audit:` section of .secret-guard.yml: limits, source, deactivation and documented exceptions, with errors
// that name the file and the key.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_AUDIT_CONFIG } from '../../src/config/audit-config.js';
import { CONFIG_FILE, loadConfig, parseConfig } from '../../src/config/load-config.js';
import { ConfigError } from '../../src/errors.js';
import { makeKeyId } from '../helpers/keys.js';

async function load(text: string) {
  const dir = mkdtempSync(join(tmpdir(), 'sg-audit-config-'));
  writeFileSync(join(dir, CONFIG_FILE), text);
  return (await loadConfig(dir)).audit;
}

describe('audit config', () => {
  it('defaults to CIS: 90 days, 45 days unused, auto source, no deactivation', () => {
    expect(parseConfig({}, 'x.yml').audit).toEqual(DEFAULT_AUDIT_CONFIG);
    expect(DEFAULT_AUDIT_CONFIG).toMatchObject({
      maxAgeDays: 90,
      maxUnusedDays: 45,
      deactivateUnused: false,
    });
  });

  it('reads every key, with exceptions by user or key id and an end date', async () => {
    const keyId = makeKeyId();
    const audit = await load(`
audit:
  maxAgeDays: 180
  maxUnusedDays: 30
  twoKeysGraceDays: 3
  deactivateUnused: true
  source: listing
  allow:
    - user: legacy-sftp
      reason: "vendor appliance cannot rotate; SEC-42, agreed by J. Doe"
      expires: 2026-12-31
    - keyId: ${keyId}
      reason: break-glass key kept offline
`);
    expect(audit).toEqual({
      maxAgeDays: 180,
      maxUnusedDays: 30,
      twoKeysGraceDays: 3,
      deactivateUnused: true,
      source: 'listing',
      allow: [
        {
          user: 'legacy-sftp',
          keyId: null,
          reason: 'vendor appliance cannot rotate; SEC-42, agreed by J. Doe',
          expires: new Date('2026-12-31T23:59:59.999Z'),
        },
        { user: null, keyId, reason: 'break-glass key kept offline', expires: null },
      ],
    });
  });

  it.each([
    ['audit: 5', 'audit: must be a mapping'],
    ['audit:\n  maxAge: 90', 'audit.maxAge: unknown key'],
    ['audit:\n  maxAgeDays: 0', 'audit.maxAgeDays: must be a whole number of days from 1 to 3650'],
    ['audit:\n  maxUnusedDays: 4.5', 'audit.maxUnusedDays: must be a whole number of days'],
    ['audit:\n  deactivateUnused: yes-please', 'audit.deactivateUnused: must be true or false'],
    ['audit:\n  source: magic', 'audit.source: must be auto, credential-report or listing'],
    ['audit:\n  allow: legacy', 'audit.allow: must be a list'],
    ['audit:\n  allow: [legacy]', 'audit.allow[0]: must be a mapping'],
    ['audit:\n  allow:\n    - user: a\n      reason: r\n      team: x', 'audit.allow[0].team: unknown key'],
    ['audit:\n  allow:\n    - reason: r', 'audit.allow[0]: name exactly one of user or keyId'],
    ['audit:\n  allow:\n    - user: a\n      keyId: b\n      reason: r', 'audit.allow[0]: name exactly one'],
    ['audit:\n  allow:\n    - user: a', 'audit.allow[0].reason: is required'],
    [
      'audit:\n  allow:\n    - user: a\n      reason: "  "',
      'audit.allow[0].reason: must be a non-empty string',
    ],
    [
      'audit:\n  allow:\n    - keyId: nope\n      reason: r',
      'audit.allow[0].keyId: must be an access key id',
    ],
    ['audit:\n  allow:\n    - user: "a b"\n      reason: r', 'audit.allow[0].user: must be an IAM user name'],
    [
      'audit:\n  allow:\n    - user: a\n      reason: r\n      expires: soon',
      'audit.allow[0].expires: must be a date',
    ],
  ])('%j is a config error naming the key', async (text, message) => {
    const error = await load(text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(`${CONFIG_FILE}: ${message}`);
  });
});
