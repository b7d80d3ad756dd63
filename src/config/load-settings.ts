// The settings a scan runs with: the configuration and the baseline, each from the place the options name.
//
//   --config <file>        the configuration from that file; a baseline only where it names one
//   --settings-from <rev>  the configuration and the baseline as that commit holds them (`git cat-file`)
//   --baseline <file>      that baseline; --no-baseline: none at all
//   (none of these)        `.secret-guard.yml` and `.secret-guard-baseline.json` in the work tree, when present
//
// Then the trust rule (trust.ts): a scan that judges changes not yet trusted takes the sections that steer
// verification and the response only from a trusted source, `--config` or `--settings-from`.
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { ConfigError, OperationalError } from '../errors.js';
import { parseBaseline, type Baseline } from '../filter/baseline.js';
import type { Logger } from '../logger.js';
import type { SourceSpec } from '../types.js';
import { DEFAULT_CONFIG, type Config } from './config.js';
import { CONFIG_FILE, loadConfig, MAX_CONFIG_BYTES, parseConfigText } from './load-config.js';
import { readSettingsFile, tooLarge } from './settings-file.js';
import { judgesUntrustedChanges, withoutGuardedSettings } from './trust.js';

/** Written by `secret-guard baseline` and applied by every scan that reads the work tree's settings. */
export const DEFAULT_BASELINE = '.secret-guard-baseline.json';

/** Far above any real baseline (about 200 bytes an entry), below what would exhaust memory. */
export const MAX_BASELINE_BYTES = 64 * 1024 * 1024;

export interface SettingsOptions {
  /** The repository root (or the folder scanned, outside a repository). */
  root: string;
  /** `--config`: an explicit configuration file. */
  configFile?: string;
  /** `--baseline`: that file; false (`--no-baseline`, or while writing a new baseline): none. */
  baselineFile?: string | false;
  /** `--settings-from`: the revision whose `.secret-guard.yml` and baseline apply. */
  settingsFrom?: string;
  /** `--no-allow-comments`. */
  ignoreAllowComments?: boolean;
  source: SourceSpec['kind'];
  inCi: boolean;
  /** The scan verifies or responds, which is what the guarded settings steer. */
  usesAws: boolean;
  logger: Logger;
}

export interface Settings {
  config: Config;
  baseline: Baseline | null;
}

/** Throws ConfigError (exit 2) for a broken file, OperationalError (exit 3) for an unknown `--settings-from`. */
export async function loadSettings(options: SettingsOptions): Promise<Settings> {
  const { root, logger } = options;
  const revision = options.settingsFrom === undefined ? null : await settingsRevision(options);

  let config: Config;
  if (options.configFile !== undefined) config = await loadConfig(root, options.configFile);
  else if (revision) config = await revision.config();
  else config = await loadConfig(root);

  const trusted = options.configFile !== undefined || revision !== null;
  if (!trusted && judgesUntrustedChanges(options.source, options.inCi)) {
    const guarded = withoutGuardedSettings(config);
    if (guarded.ignored.length > 0 && options.usesAws) {
      logger.warn(
        `${CONFIG_FILE} sets ${guarded.ignored.join(', ')}, but this scan judges ${untrustedWhat(options)}, and ` +
          'the work tree may hold those very changes: these settings keep their defaults. Pin them with ' +
          '`--settings-from <base revision>` or `--config <file>`.',
      );
    }
    config = guarded.config;
  }
  if (options.ignoreAllowComments) config = { ...config, allow: { ...config.allow, comments: false } };

  return { config, baseline: await loadBaselineFor(options, config, revision) };
}

/** Where the baseline is in the work tree: the one named, else the default file at the root. */
export function baselinePath(root: string, named: string | null): string {
  if (named === null) return join(root, DEFAULT_BASELINE);
  return isAbsolute(named) ? named : join(root, named);
}

function untrustedWhat(options: SettingsOptions): string {
  if (options.source === 'range') return 'a commit range';
  if (options.source === 'push') return 'pushed commits';
  return 'changes in CI';
}

interface SettingsRevision {
  rev: string;
  config(): Promise<Config>;
  /** The file at `path` in the revision; throws ConfigError when `named` and absent. */
  baseline(path: string, named: boolean): Promise<Baseline | null>;
}

async function settingsRevision(options: SettingsOptions): Promise<SettingsRevision> {
  const rev = options.settingsFrom!;
  const { readRevisionFiles, resolveCommit } = await import('../git/revision-files.js');
  const commit = rev.startsWith('-') ? null : await resolveCommit(options.root, rev);
  if (commit === null) {
    throw new OperationalError(
      `--settings-from: unknown revision '${rev}' (no such branch, tag or commit in this repository; ` +
        'in CI, fetch it first, e.g. `fetch-depth: 0` in actions/checkout)',
    );
  }
  const read = async (path: string, what: string, maxBytes: number): Promise<string | null> => {
    const [file] = await readRevisionFiles(options.root, [{ commit, path }], maxBytes);
    if (!file) return null;
    if (!file.content) throw new ConfigError(tooLarge(what, `${rev}:${path}`, file.size, maxBytes));
    return file.content.toString('utf8');
  };
  return {
    rev,
    async config() {
      const text = await read(CONFIG_FILE, 'config', MAX_CONFIG_BYTES);
      if (text === null) {
        options.logger.warn(
          `--settings-from ${rev}: that revision has no ${CONFIG_FILE}: the defaults apply`,
        );
        return DEFAULT_CONFIG;
      }
      return parseConfigText(text, `${rev}:${CONFIG_FILE}`);
    },
    async baseline(path, named) {
      const text = await read(path, 'baseline', MAX_BASELINE_BYTES);
      if (text === null) {
        if (!named) return null;
        throw new ConfigError(
          `cannot read baseline ${rev}:${path}: that revision has no such file ` +
            '(commit it there, or name another with --baseline)',
        );
      }
      return parseBaseline(text, `${rev}:${path}`);
    },
  };
}

async function loadBaselineFor(
  options: SettingsOptions,
  config: Config,
  revision: SettingsRevision | null,
): Promise<Baseline | null> {
  if (options.baselineFile === false) return null;
  if (options.baselineFile !== undefined) return readBaseline(options.baselineFile, true);
  const named = config.baseline;
  if (revision && (named === null || !isAbsolute(named))) {
    return revision.baseline(named ?? DEFAULT_BASELINE, named !== null);
  }
  // A configuration given with --config names its baseline, relative to itself, or has none: the work tree's
  // files could come from the very change under review.
  if (options.configFile !== undefined) {
    return named === null ? null : readBaseline(resolve(dirname(options.configFile), named), true);
  }
  return readBaseline(baselinePath(options.root, named), named !== null);
}

/** A named baseline must exist; the default one is optional. A FIFO or device is refused, never read. */
function readBaseline(file: string, named: boolean): Baseline | null {
  let text: string;
  try {
    text = readSettingsFile(file, 'baseline', MAX_BASELINE_BYTES);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    if (!named && (error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new ConfigError(
      `cannot read baseline ${file}: ${(error as Error).message} (create it with \`secret-guard baseline\`)`,
    );
  }
  return parseBaseline(text, file);
}
