import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/config.js';
import { CONFIG_FILE, loadConfig, parseConfig } from '../../src/config/load-config.js';
import { ConfigError } from '../../src/errors.js';

function dirWith(text: string | null): string {
  const dir = mkdtempSync(join(tmpdir(), 'sg-config-'));
  if (text !== null) writeFileSync(join(dir, CONFIG_FILE), text);
  return dir;
}

describe('loadConfig', () => {
  it('gives the defaults when there is no file', async () => {
    expect(await loadConfig(dirWith(null))).toEqual(DEFAULT_CONFIG);
  });

  it('reads every key', async () => {
    const config = await loadConfig(
      dirWith(`
accounts: ["012345678901", 123456789012]
allow:
  paths: ["test/fixtures/**"]
  keyIds: [AKIAIOSFODNN7EXAMPLE]
  comments: false
baseline: security/baseline.json
verify:
  pairCheck: true
aws:
  callTimeoutSeconds: 2
  totalTimeoutSeconds: 30
  concurrency: 4
response:
  revokeSessions: false
  quarantine: deny-all
  tagUser: false
  keyIdOnly: deactivate
`),
    );
    expect(config).toMatchObject({
      accounts: ['012345678901', '123456789012'],
      allow: { paths: ['test/fixtures/**'], keyIds: ['AKIAIOSFODNN7EXAMPLE'], comments: false },
      baseline: 'security/baseline.json',
      verify: { pairCheck: true },
      aws: { callTimeoutMs: 2000, totalTimeoutMs: 30000, concurrency: 4 },
      response: { revokeSessions: false, quarantine: 'deny-all', tagUser: false, keyIdOnly: 'deactivate' },
    });
  });

  it('still reads the deprecated verify.* names of the aws.* keys', async () => {
    const config = await loadConfig(
      dirWith('verify:\n  callTimeoutSeconds: 2\n  totalTimeoutSeconds: 30\n  concurrency: 4\n'),
    );
    expect(config.aws).toEqual({ callTimeoutMs: 2000, totalTimeoutMs: 30000, concurrency: 4 });
  });

  it('an empty file is the defaults', async () => {
    expect(await loadConfig(dirWith(''))).toMatchObject({ accounts: [], allow: DEFAULT_CONFIG.allow });
  });

  it('a named file that is missing is an error naming it', async () => {
    await expect(loadConfig(dirWith(null), '/nonexistent/sg.yml')).rejects.toThrow(/\/nonexistent\/sg\.yml/);
  });

  it.each([
    ['accounts: [12345]', 'accounts[0]'],
    ['accounts: "123456789012"', 'accounts'],
    ['allow: [1]', 'allow'],
    ['allow:\n  paths: "x"', 'allow.paths'],
    ['allow:\n  keyIds: ["not-a-key"]', 'allow.keyIds[0]'],
    ['allow:\n  paths: ["test/fixtures/**", "!test/real/**"]', 'allow.paths[1]'],
    ['allow:\n  paths: ["!(test/real)/**"]', 'allow.paths[0]'],
    ['allow:\n  comments: "yes"', 'allow.comments'],
    ['alow: {}', 'alow'],
    ['verify:\n  pairCheck: sometimes', 'verify.pairCheck'],
    ['verify:\n  concurrency: 0', 'verify.concurrency'],
    ['verify:\n  callTimeoutSeconds: -1', 'verify.callTimeoutSeconds'],
    ['aws:\n  concurrency: 65', 'aws.concurrency'],
    ['aws:\n  totalTimeoutSeconds: "60"', 'aws.totalTimeoutSeconds'],
    ['aws:\n  region: eu-west-1', 'aws.region'],
    ['aws:\n  callTimeoutSeconds: 2\nverify:\n  callTimeoutSeconds: 3', 'keep only aws.callTimeoutSeconds'],
    ['response:\n  quarantine: delete', 'response.quarantine'],
    ['response:\n  keyIdOnly: quarantine', 'response.keyIdOnly'],
    ['baseline: 3', 'baseline'],
    ['key: [unclosed', 'not valid YAML'],
  ])('rejects %j naming %s and the file', async (text, key) => {
    const dir = dirWith(text);
    const error = await loadConfig(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(join(dir, CONFIG_FILE));
    expect((error as Error).message).toContain(key);
  });

  it('rejects a negated allow.paths glob, which would allow every path outside it, and says why', () => {
    expect(() => parseConfig({ allow: { paths: ['!test/real/**'] } }, 'f.yml')).toThrow(
      /allow\.paths\[0\].*not a negation.*would allow every path outside/,
    );
    expect(parseConfig({ allow: { paths: ['**/fixtures/**', 'docs/*.md'] } }, 'f.yml').allow.paths).toEqual([
      '**/fixtures/**',
      'docs/*.md',
    ]);
  });

  it('parseConfig rejects a top level that is not a mapping', () => {
    expect(() => parseConfig(['a'], 'f.yml')).toThrow(/f\.yml: \(top level\): must be a mapping/);
  });
});
