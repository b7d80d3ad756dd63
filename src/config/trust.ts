// Which settings a scan may take from where. A scan that judges changes not yet trusted (a range, a push,
// anything in CI) reads the work tree's settings from the very change it judges: that change must not be able to
// steer what secret-guard does in AWS. So the sections that steer verification and the response are honoured
// there only from a trusted source (`--config`, `--settings-from`); elsewhere they keep their defaults.
import type { SourceSpec } from '../types.js';
import { type Config, DEFAULT_CONFIG } from './config.js';

/** The sections that decide whose keys are acted on and how: from a trusted source only, in untrusted scans. */
const GUARDED_SECTIONS = ['accounts', 'verify', 'aws', 'response'] as const satisfies ReadonlyArray<
  keyof Config
>;

/** Ranges and pushes bring commits someone else may have written; in CI the work tree is the change itself. */
export function judgesUntrustedChanges(kind: SourceSpec['kind'], inCi: boolean): boolean {
  return inCi || kind === 'range' || kind === 'push';
}

/** One guarded setting that differs between two configurations, named and valued as the YAML file has it. */
export interface SettingDifference {
  key: string;
  before: unknown;
  after: unknown;
}

/** The guarded settings whose values differ from `before` to `after`, in a stable order. */
export function guardedDifferences(before: Config, after: Config): SettingDifference[] {
  const differences: SettingDifference[] = [];
  for (const section of GUARDED_SECTIONS) collect(section, before[section], after[section], differences);
  return differences;
}

/** `config` with the guarded sections at their defaults, and the keys it had set otherwise (to say so). */
export function withoutGuardedSettings(config: Config): { config: Config; ignored: string[] } {
  const ignored = guardedDifferences(DEFAULT_CONFIG, config).map((d) => d.key);
  if (ignored.length === 0) return { config, ignored };
  const reset: Config = { ...config };
  for (const section of GUARDED_SECTIONS) Object.assign(reset, { [section]: DEFAULT_CONFIG[section] });
  return { config: reset, ignored };
}

function collect(key: string, before: unknown, after: unknown, into: SettingDifference[]): void {
  if (isSection(before) && isSection(after)) {
    for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
      collect(`${key}.${name}`, before[name], after[name], into);
    }
    return;
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return;
  // The file says `callTimeoutSeconds: 5` where the loaded config holds `callTimeoutMs: 5000`.
  if (key.endsWith('Ms') && typeof before === 'number' && typeof after === 'number') {
    into.push({ key: `${key.slice(0, -2)}Seconds`, before: before / 1000, after: after / 1000 });
  } else {
    into.push({ key, before, after });
  }
}

function isSection(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
