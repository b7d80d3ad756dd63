// The baseline: findings a team has accepted, keyed on content fingerprints (rule + value), never on position.
// Moving code, rebasing or squashing keeps an entry valid; a different secret on the same line is not hidden
// (gitleaks #2239, #1355; detect-secrets #92). It holds no secret: a fingerprint, the rule, the key id for ids (an
// id is not a secret), and where the value was first seen, for people.
import { fingerprint } from '../detect/fingerprint.js';
import { ConfigError } from '../errors.js';
import type { Detection, RuleId } from '../types.js';
import { type Filter, suppressWhere } from './filter.js';

interface BaselineEntry {
  fingerprint: string;
  rule: RuleId;
  /** The access key id for an `aws-access-key-id` entry; null for a secret. */
  keyId: string | null;
  /** Where it was first seen (`file:line`), for people; never used for matching. */
  note: string;
}

export interface Baseline {
  version: 1;
  entries: BaselineEntry[];
}

const RULE_IDS: readonly RuleId[] = ['aws-access-key-id', 'aws-secret-access-key'];
const FINGERPRINT = /^[0-9a-f]{32}$/;
const ENTRY_KEYS = ['fingerprint', 'rule', 'keyId', 'note'];
const REGENERATE = 'regenerate it with `secret-guard baseline`';

/** One entry per distinct fingerprint; the note names the first place the detections list it. */
export function createBaseline(detections: readonly Detection[]): Baseline {
  const entries = new Map<string, BaselineEntry>();
  for (const detection of detections) {
    if (entries.has(detection.fingerprint)) continue;
    entries.set(detection.fingerprint, {
      fingerprint: detection.fingerprint,
      rule: detection.rule,
      keyId: detection.rule === 'aws-access-key-id' ? detection.keyId : null,
      note: `${detection.file}:${detection.line}`,
    });
  }
  return { version: 1, entries: sortEntries([...entries.values()]) };
}

/** Stable JSON: sorted entries, fixed key order, two-space indent, final newline. */
export function serializeBaseline(baseline: Baseline): string {
  const entries = sortEntries(baseline.entries).map(({ fingerprint, rule, keyId, note }) => ({
    fingerprint,
    rule,
    keyId,
    note,
  }));
  return JSON.stringify({ version: 1, entries }, null, 2) + '\n';
}

/**
 * Reads a baseline file. Throws a ConfigError naming the file and what is wrong. Messages never quote a value from
 * the file: a secret pasted into it by mistake must not end up in a log.
 */
export function parseBaseline(text: string, fileName: string): Baseline {
  const fail = (what: string): never => {
    throw new ConfigError(`baseline ${fileName}: ${what}; ${REGENERATE}`);
  };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    // V8's message quotes the text around the error, which could be part of a secret: keep only the position.
    const position = /at position (\d+)/.exec(error instanceof Error ? error.message : '');
    fail(`not valid JSON${position ? ` (at ${lineAndColumn(text, Number(position[1]))})` : ''}`);
  }
  if (!isObject(data)) return fail('expected a JSON object with "version" and "entries"');
  for (const key of Object.keys(data))
    if (key !== 'version' && key !== 'entries') fail(`unknown key "${safeKey(key)}"`);
  if (data['version'] !== 1) fail('"version" must be 1');
  const list = data['entries'];
  if (!Array.isArray(list)) return fail('"entries" must be an array');

  const entries = list.map((item: unknown, i): BaselineEntry => {
    const where = `entries[${i}]`;
    if (!isObject(item)) return fail(`${where} must be an object`);
    for (const key of Object.keys(item))
      if (!ENTRY_KEYS.includes(key)) fail(`${where} has an unknown key "${safeKey(key)}"`);
    const { fingerprint: print, rule, keyId, note = '' } = item;
    if (typeof print !== 'string' || !FINGERPRINT.test(print))
      fail(`${where}.fingerprint must be 32 lowercase hex digits`);
    if (!RULE_IDS.includes(rule as RuleId)) fail(`${where}.rule must be one of ${RULE_IDS.join(', ')}`);
    if (typeof note !== 'string') fail(`${where}.note must be a string`);
    if (rule === 'aws-access-key-id') {
      // The id is what people read to know what they accepted: it must be the value the fingerprint stands for.
      if (typeof keyId !== 'string' || fingerprint(rule, keyId) !== print) {
        fail(`${where}.keyId must be the access key id whose fingerprint is ${String(print)}`);
      }
    } else if (keyId !== null && keyId !== undefined) {
      fail(`${where}.keyId must be null for a secret (a baseline never names a secret)`);
    }
    return {
      fingerprint: print as string,
      rule: rule as RuleId,
      keyId: rule === 'aws-access-key-id' ? (keyId as string) : null,
      note: note as string,
    };
  });
  return { version: 1, entries };
}

/** Suppresses every detection whose fingerprint is in the baseline, wherever it now is. */
export function baselineFilter(baseline: Baseline): Filter {
  const prints = new Set(baseline.entries.map((entry) => entry.fingerprint));
  return suppressWhere((detection) => prints.has(detection.fingerprint));
}

/** Baseline fingerprints that match none of the detections, sorted: candidates for removal. */
export function unusedBaselineEntries(baseline: Baseline, detections: readonly Detection[]): string[] {
  const seen = new Set(detections.map((detection) => detection.fingerprint));
  return [...new Set(baseline.entries.map((entry) => entry.fingerprint))]
    .filter((print) => !seen.has(print))
    .sort();
}

function sortEntries(entries: BaselineEntry[]): BaselineEntry[] {
  return [...entries].sort(
    (a, b) =>
      compare(a.rule, b.rule) ||
      compare(a.keyId ?? '', b.keyId ?? '') ||
      compare(a.fingerprint, b.fingerprint),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A key name from the file, cut short: enough to find a typo, too short to carry a secret. */
function safeKey(key: string): string {
  return key.length > 24 ? `${key.slice(0, 24)}…` : key;
}

function lineAndColumn(text: string, index: number): string {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return `line ${line}, column ${index - before.lastIndexOf('\n')}`;
}
