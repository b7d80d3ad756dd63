// Where a scan's settings come from, and which of them an untrusted scan may use, on real repositories.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/config.js';
import { loadSettings, type SettingsOptions } from '../../src/config/load-settings.js';
import { ConfigError, OperationalError } from '../../src/errors.js';
import { createBaseline, serializeBaseline } from '../../src/filter/baseline.js';
import { RecordingLogger } from '../../src/logger.js';
import { scanText } from '../detect/scan.js';
import { tempRepos, type TempRepo } from '../helpers/git-repo.js';
import { makeKeyId } from '../helpers/keys.js';

const repo = tempRepos();

const GUARDED = 'accounts: ["111122223333"]\nresponse:\n  quarantine: deny-all\naws:\n  concurrency: 2\n';

function baselineOf(keyId: string): string {
  return serializeBaseline(createBaseline(scanText(`AWS_ACCESS_KEY_ID=${keyId}\n`)));
}

function load(r: TempRepo, options: Partial<SettingsOptions> = {}) {
  const logger = new RecordingLogger();
  const settings = loadSettings({
    root: r.dir,
    source: 'staged',
    inCi: false,
    usesAws: false,
    logger,
    ...options,
  });
  return {
    settings,
    warnings: () => logger.messages.filter((m) => m.level === 'warn').map((m) => m.message),
  };
}

function outsideFile(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'sg-trusted-')), name);
  writeFileSync(file, text);
  return file;
}

describe('loadSettings: where the settings come from', () => {
  it("without flags: the work tree's .secret-guard.yml and default baseline", async () => {
    const r = repo();
    const id = makeKeyId();
    r.write('.secret-guard.yml', 'allow:\n  paths: ["x/**"]\n');
    r.write('.secret-guard-baseline.json', baselineOf(id));
    const { config, baseline } = await load(r).settings;
    expect(config.allow.paths).toEqual(['x/**']);
    expect(baseline?.entries.map((e) => e.keyId)).toEqual([id]);
  });

  it("--config: that file, and no longer the work tree's default baseline", async () => {
    const r = repo();
    r.write('.secret-guard.yml', 'allow:\n  paths: ["**"]\n');
    r.write('.secret-guard-baseline.json', baselineOf(makeKeyId()));
    const configFile = outsideFile('trusted.yml', 'allow:\n  paths: ["x/**"]\n');
    const { config, baseline } = await load(r, { configFile }).settings;
    expect(config.allow.paths).toEqual(['x/**']);
    expect(config.file).toBe(configFile);
    expect(baseline).toBeNull();
  });

  it('--config: a baseline the file names is read beside that file, never from the work tree, and must exist', async () => {
    const r = repo();
    const id = makeKeyId();
    // The change under review could bring a baseline of the same name into the work tree: it is not the one read.
    r.write('accepted.json', baselineOf(makeKeyId()));
    const named = outsideFile('trusted.yml', 'baseline: accepted.json\n');
    writeFileSync(join(dirname(named), 'accepted.json'), baselineOf(id));
    expect((await load(r, { configFile: named }).settings).baseline?.entries[0]?.keyId).toBe(id);
    const missing = outsideFile('trusted.yml', 'baseline: nowhere.json\n');
    await expect(load(r, { configFile: missing }).settings).rejects.toThrow(ConfigError);
  });

  it('--baseline names the baseline; --no-baseline means none', async () => {
    const r = repo();
    const id = makeKeyId();
    r.write('.secret-guard-baseline.json', baselineOf(makeKeyId()));
    const file = outsideFile('b.json', baselineOf(id));
    expect((await load(r, { baselineFile: file }).settings).baseline?.entries[0]?.keyId).toBe(id);
    expect((await load(r, { baselineFile: false }).settings).baseline).toBeNull();
  });

  it('--settings-from: the configuration and the baseline as the revision holds them', async () => {
    const r = repo();
    const trustedId = makeKeyId();
    r.commit({
      '.secret-guard.yml': 'allow:\n  paths: ["x/**"]\n',
      '.secret-guard-baseline.json': baselineOf(trustedId),
    });
    r.git('tag', 'base');
    r.commit({
      '.secret-guard.yml': 'allow:\n  paths: ["**"]\n',
      '.secret-guard-baseline.json': baselineOf(makeKeyId()),
    });
    r.write('.secret-guard.yml', 'allow:\n  keyIds: ["AKIAIOSFODNN7EXAMPLE"]\n');
    const { config, baseline } = await load(r, { settingsFrom: 'base' }).settings;
    expect(config.allow).toEqual({ ...DEFAULT_CONFIG.allow, paths: ['x/**'] });
    expect(config.file).toBe('base:.secret-guard.yml');
    expect(baseline?.entries.map((e) => e.keyId)).toEqual([trustedId]);
  });

  it('--settings-from: follows the baseline the revision names; a named one must be there', async () => {
    const r = repo();
    const id = makeKeyId();
    r.commit({ '.secret-guard.yml': 'baseline: sec/accepted.json\n', 'sec/accepted.json': baselineOf(id) });
    expect((await load(r, { settingsFrom: 'HEAD' }).settings).baseline?.entries[0]?.keyId).toBe(id);
    r.git('rm', '-q', 'sec/accepted.json');
    r.git('commit', '-q', '-m', 'drop');
    await expect(load(r, { settingsFrom: 'HEAD' }).settings).rejects.toThrow(
      /cannot read baseline HEAD:sec\/accepted\.json: that revision has no such file/,
    );
  });

  it('--settings-from with --config or --baseline: the explicit file wins for its part', async () => {
    const r = repo();
    const fromRevision = makeKeyId();
    r.commit({
      '.secret-guard.yml': 'allow:\n  paths: ["r/**"]\n',
      '.secret-guard-baseline.json': baselineOf(fromRevision),
    });
    const configFile = outsideFile('trusted.yml', 'allow:\n  paths: ["c/**"]\n');
    const both = await load(r, { settingsFrom: 'HEAD', configFile }).settings;
    expect(both.config.allow.paths).toEqual(['c/**']);
    expect(both.baseline?.entries[0]?.keyId).toBe(fromRevision);
    const none = await load(r, { settingsFrom: 'HEAD', baselineFile: false }).settings;
    expect(none.baseline).toBeNull();
  });

  it('--settings-from a revision without settings: the defaults, and a warning that says so', async () => {
    const r = repo();
    r.commit({ 'README.md': 'x\n' });
    r.write('.secret-guard.yml', 'allow:\n  paths: ["**"]\n');
    r.write('.secret-guard-baseline.json', baselineOf(makeKeyId()));
    const { settings, warnings } = load(r, { settingsFrom: 'main' });
    expect(await settings).toEqual({ config: DEFAULT_CONFIG, baseline: null });
    expect(warnings()).toEqual([
      '--settings-from main: that revision has no .secret-guard.yml: the defaults apply',
    ]);
  });

  it('--settings-from a revision that does not exist, or is not a commit: OperationalError naming it', async () => {
    const r = repo();
    r.commit({ 'README.md': 'x\n' });
    await expect(load(r, { settingsFrom: 'nope' }).settings).rejects.toThrow(OperationalError);
    await expect(load(r, { settingsFrom: 'nope' }).settings).rejects.toThrow(
      /--settings-from: unknown revision 'nope'/,
    );
    await expect(load(r, { settingsFrom: 'HEAD:README.md' }).settings).rejects.toThrow(/unknown revision/);
  });

  it('--settings-from a revision whose configuration is too large: ConfigError, never read', async () => {
    const r = repo();
    r.commit({ '.secret-guard.yml': `# ${'x'.repeat(2 * 1024 * 1024)}\n` });
    await expect(load(r, { settingsFrom: 'main' }).settings).rejects.toThrow(
      /^config main:\.secret-guard\.yml is 2\.0 MB, over the 1 MB limit/,
    );
  });

  it("--settings-from a revision with a broken configuration: ConfigError naming the revision's file", async () => {
    const r = repo();
    r.commit({ '.secret-guard.yml': 'allow: [\n' });
    await expect(load(r, { settingsFrom: 'main' }).settings).rejects.toThrow(
      /^main:\.secret-guard\.yml: not valid YAML/,
    );
  });
});

describe('loadSettings: the trust rule', () => {
  function withGuarded(): TempRepo {
    const r = repo();
    r.write('.secret-guard.yml', `${GUARDED}allow:\n  paths: ["x/**"]\n`);
    return r;
  }

  it.each([
    ['a range', { source: 'range' as const }],
    ['a push', { source: 'push' as const }],
    ['--all in CI', { source: 'all' as const, inCi: true }],
    ['paths in CI', { source: 'paths' as const, inCi: true }],
  ])(
    '%s: the work tree cannot set accounts, verify or response; it says how to pin them',
    async (_, where) => {
      const { settings, warnings } = load(withGuarded(), { ...where, usesAws: true });
      const { config } = await settings;
      expect(config.accounts).toEqual(DEFAULT_CONFIG.accounts);
      expect(config.verify).toEqual(DEFAULT_CONFIG.verify);
      expect(config.aws).toEqual(DEFAULT_CONFIG.aws);
      expect(config.response).toEqual(DEFAULT_CONFIG.response);
      // What it allows is still the work tree's: a change to that is reported, not refused.
      expect(config.allow.paths).toEqual(['x/**']);
      const [warning, ...more] = warnings();
      expect(more).toEqual([]);
      expect(warning).toContain('.secret-guard.yml sets accounts, aws.concurrency, response.quarantine');
      expect(warning).toContain('`--settings-from <base revision>` or `--config <file>`');
    },
  );

  it('an untrusted scan that does not reach AWS ignores them without a word', async () => {
    const { settings, warnings } = load(withGuarded(), { source: 'push', usesAws: false });
    expect((await settings).config.response).toEqual(DEFAULT_CONFIG.response);
    expect(warnings()).toEqual([]);
  });

  it("the developer's own staged scan and --all outside CI keep the work tree's settings", async () => {
    for (const source of ['staged', 'all', 'paths', 'stdin'] as const) {
      const { settings, warnings } = load(withGuarded(), { source, usesAws: true });
      const { config } = await settings;
      expect(config.accounts).toEqual(['111122223333']);
      expect(config.response.quarantine).toBe('deny-all');
      expect(warnings()).toEqual([]);
    }
  });

  it('--config and --settings-from are trusted in an untrusted scan', async () => {
    const r = repo();
    r.commit({ '.secret-guard.yml': GUARDED });
    const configFile = outsideFile('trusted.yml', GUARDED);
    for (const options of [{ configFile }, { settingsFrom: 'main' }]) {
      const { settings, warnings } = load(r, { source: 'range', inCi: true, usesAws: true, ...options });
      const { config } = await settings;
      expect(config.accounts).toEqual(['111122223333']);
      expect(config.response.quarantine).toBe('deny-all');
      expect(config.aws.concurrency).toBe(2);
      expect(warnings()).toEqual([]);
    }
  });

  it('--no-allow-comments turns allow comments off whatever the source', async () => {
    const r = repo();
    r.write('.secret-guard.yml', 'allow:\n  comments: true\n');
    expect((await load(r, { ignoreAllowComments: true }).settings).config.allow.comments).toBe(false);
  });
});
