// A change to secret-guard's own settings is news: when the scanned commits change `.secret-guard.yml`, the
// baseline or a `.gitattributes`, the report says what they allow now that they did not before, so that a
// reviewer sees it. Compared: each commit the scan starts from (a tip) against the commits just outside what it
// scans (git's boundary: the trusted side of a range or a push; the empty tree for the whole history). Something
// counts as new only when no boundary commit had it already: a branch that merged main does not "add" what main
// already allowed.
import { errorMessage } from '../errors.js';
import { parseBaseline, type Baseline } from '../filter/baseline.js';
import {
  boundaryCommits,
  changedPaths,
  readRevisionFiles,
  resolveCommit,
  type RevisionFile,
} from '../git/revision-files.js';
import { rangeRevisions } from '../source/revision-names.js';
import type { SettingsChange, SourceSpec } from '../types.js';
import { DEFAULT_CONFIG, type Config } from './config.js';
import { CONFIG_FILE, MAX_CONFIG_BYTES, parseConfigText } from './load-config.js';
import { DEFAULT_BASELINE, MAX_BASELINE_BYTES } from './load-settings.js';
import { tooLarge } from './settings-file.js';
import { guardedDifferences } from './trust.js';

const GITATTRIBUTES = ':(glob)**/.gitattributes';

/** One thing a file allows at the tip that it did not at the base: `key` names it whatever the base, `text` says it. */
interface Allowance {
  key: string;
  text: string;
}

interface FileComparison {
  file: string;
  kind: SettingsChange['kind'];
  allowances: Allowance[];
}

/** The settings a commit holds: its configuration (or why it is broken) and its baseline file. */
interface SettingsAt {
  config: Config | string;
  configFile: RevisionFile | null;
  baselinePath: string;
  baseline: Baseline | string | null;
  baselineFile: RevisionFile | null;
}

/**
 * What the commits a history source scans change in secret-guard's settings; empty for the other sources.
 * `cwd` is the repository root. Throws OperationalError when git fails.
 */
export async function settingsChanges(cwd: string, source: SourceSpec): Promise<SettingsChange[]> {
  const plan = await comparisonPlan(cwd, source);
  if (plan === null) return [];
  const states = new Map<string, Promise<SettingsAt>>();
  const stateAt = async (commit: string): Promise<SettingsAt> => {
    let state = states.get(commit);
    if (!state) {
      state = readSettingsAt(cwd, commit);
      states.set(commit, state);
    }
    return state;
  };

  const byFile = new Map<string, { kind: SettingsChange['kind']; allowances: Map<string, string> }>();
  for (const tip of plan.tips) {
    const perBase = await Promise.all(
      plan.bases.map(async (base) =>
        compare(cwd, base, tip, base === null ? null : await stateAt(base), await stateAt(tip)),
      ),
    );
    // A file counts as changed only when it differs from every base; an allowance only when every base lacked it.
    for (const first of perBase[0] ?? []) {
      const all = perBase.map((files) => files.find((f) => f.file === first.file));
      if (all.some((f) => f === undefined)) continue;
      const entry = byFile.get(first.file) ?? { kind: first.kind, allowances: new Map<string, string>() };
      byFile.set(first.file, entry);
      for (const allowance of first.allowances) {
        if (all.every((f) => f!.allowances.some((a) => a.key === allowance.key))) {
          entry.allowances.set(allowance.key, allowance.text);
        }
      }
    }
  }
  return [...byFile]
    .map(([file, { kind, allowances }]) => ({ file, kind, summary: [...allowances.values()] }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** The tips a source scans from and the commits it is compared with (null: the empty tree), or null for none. */
async function comparisonPlan(
  cwd: string,
  source: SourceSpec,
): Promise<{ tips: string[]; bases: Array<string | null> } | null> {
  let tipRevs: string[];
  let revListArgs: string[];
  switch (source.kind) {
    case 'range': {
      const [from, to] = rangeRevisions(source.range);
      // `A...B` scans both sides of the fork; `A..B` only B's.
      tipRevs = source.range.includes('...') ? [from!, to!] : [to!];
      revListArgs = ['--end-of-options', source.range];
      break;
    }
    case 'push': {
      const not = source.revs.indexOf('--not');
      tipRevs = (not === -1 ? source.revs : source.revs.slice(0, not)).filter((rev) => !rev.startsWith('-'));
      revListArgs = source.revs;
      break;
    }
    // A whole-history scan reviews no change: listing every setting the repository holds as "new" on each
    // nightly run would only teach people to skip the warning.
    default:
      return null;
  }
  const tips: string[] = [];
  for (const rev of tipRevs) {
    const sha = await resolveCommit(cwd, rev);
    if (sha !== null && !tips.includes(sha)) tips.push(sha);
  }
  if (tips.length === 0) return null;
  const boundary = await boundaryCommits(cwd, revListArgs);
  return { tips, bases: boundary.length > 0 ? boundary : [null] };
}

async function readSettingsAt(cwd: string, commit: string): Promise<SettingsAt> {
  const [configFile] = await readRevisionFiles(cwd, [{ commit, path: CONFIG_FILE }], MAX_CONFIG_BYTES);
  let config: Config | string = DEFAULT_CONFIG;
  if (configFile) {
    config = await parsed(configFile, 'config', CONFIG_FILE, MAX_CONFIG_BYTES, async (text) =>
      parseConfigText(text, CONFIG_FILE),
    );
  }
  const named = typeof config === 'string' ? null : config.baseline;
  const baselinePath = named ?? DEFAULT_BASELINE;
  const [baselineFile] = await readRevisionFiles(cwd, [{ commit, path: baselinePath }], MAX_BASELINE_BYTES);
  let baseline: Baseline | string | null = null;
  if (baselineFile) {
    baseline = await parsed(baselineFile, 'baseline', baselinePath, MAX_BASELINE_BYTES, (text) =>
      parseBaseline(text, baselinePath),
    );
  }
  return {
    config,
    configFile: configFile ?? null,
    baselinePath,
    baseline,
    baselineFile: baselineFile ?? null,
  };
}

/** A settings file parsed, or why it cannot be: too large, or not valid (as a scan reading it would say). */
async function parsed<T>(
  file: RevisionFile,
  what: string,
  path: string,
  maxBytes: number,
  parse: (text: string) => T | Promise<T>,
): Promise<T | string> {
  if (!file.content) return tooLarge(what, path, file.size, maxBytes);
  try {
    return await parse(file.content.toString('utf8'));
  } catch (error) {
    return errorMessage(error);
  }
}

/** The settings files that differ between `base` (null: nothing) and `tip`, each with what it newly allows. */
async function compare(
  cwd: string,
  base: string | null,
  tip: string,
  before: SettingsAt | null,
  after: SettingsAt,
): Promise<FileComparison[]> {
  const files: FileComparison[] = [];
  // A file deleted counts too: without `.secret-guard.yml` the defaults apply, and they may allow more.
  if (oidOf(after.configFile) !== oidOf(before?.configFile)) {
    files.push({
      file: CONFIG_FILE,
      kind: 'config',
      allowances: configAllowances(before?.config ?? DEFAULT_CONFIG, after.config),
    });
  }
  if (oidOf(after.baselineFile) !== oidOf(before?.baselineFile)) {
    files.push({
      file: after.baselinePath,
      kind: 'baseline',
      allowances: baselineAllowances(before?.baseline ?? null, after.baseline),
    });
  }
  const attributes = await changedPaths(cwd, base, tip, [GITATTRIBUTES]);
  const contents = await readRevisionFiles(
    cwd,
    [
      ...attributes.map((path) => ({ commit: tip, path })),
      ...(base === null ? [] : attributes.map((path) => ({ commit: base, path }))),
    ],
    MAX_CONFIG_BYTES,
  );
  attributes.forEach((path, i) => {
    const now = contents[i] ?? null;
    const was = base === null ? null : (contents[attributes.length + i] ?? null);
    // Only lines that keep content out of sight make a `.gitattributes` change news.
    const allowances = now ? attributeAllowances(was ?? null, now) : [];
    if (allowances.length > 0) files.push({ file: path, kind: 'gitattributes', allowances });
  });
  return files;
}

function oidOf(file: RevisionFile | null | undefined): string | null {
  return file?.oid ?? null;
}

function configAllowances(before: Config | string, after: Config | string): Allowance[] {
  if (typeof after === 'string') {
    return [{ key: 'invalid', text: `not valid, so every scan that reads it stops (exit 2): ${after}` }];
  }
  const was = typeof before === 'string' ? DEFAULT_CONFIG : before;
  const allowances: Allowance[] = [];
  for (const path of after.allow.paths) {
    if (!was.allow.paths.includes(path)) {
      allowances.push({ key: `allow.paths ${path}`, text: `allow.paths adds ${JSON.stringify(path)}` });
    }
  }
  const normalise = (id: string): string => id.trim().toUpperCase();
  const wasIds = new Set(was.allow.keyIds.map(normalise));
  for (const id of after.allow.keyIds.map(normalise)) {
    if (!wasIds.has(id)) allowances.push({ key: `allow.keyIds ${id}`, text: `allow.keyIds adds ${id}` });
  }
  if (after.allow.comments && !was.allow.comments) {
    allowances.push({
      key: 'allow.comments',
      text: 'allow.comments turned on: same-line allow comments count',
    });
  }
  if (after.baseline !== was.baseline) {
    allowances.push({
      key: `baseline ${after.baseline ?? ''}`,
      text: `baseline is now ${after.baseline ?? DEFAULT_BASELINE} (was ${was.baseline ?? DEFAULT_BASELINE})`,
    });
  }
  for (const { key, before: old, after: now } of guardedDifferences(was, after)) {
    allowances.push({
      key: `${key}=${JSON.stringify(now)}`,
      text: `${key} is now ${JSON.stringify(now)} (was ${JSON.stringify(old)})`,
    });
  }
  return allowances;
}

function baselineAllowances(before: Baseline | string | null, after: Baseline | string | null): Allowance[] {
  if (typeof after === 'string') {
    return [{ key: 'invalid', text: `not valid, so every scan that reads it stops (exit 2): ${after}` }];
  }
  if (after === null) return [];
  const known = new Set(
    typeof before === 'object' && before !== null ? before.entries.map((e) => e.fingerprint) : [],
  );
  const allowances: Allowance[] = [];
  for (const entry of after.entries) {
    if (known.has(entry.fingerprint)) continue;
    known.add(entry.fingerprint);
    allowances.push({
      key: entry.fingerprint,
      text:
        entry.rule === 'aws-access-key-id'
          ? `accepts access key id ${entry.keyId ?? '(none)'} (fingerprint ${entry.fingerprint})`
          : `accepts a secret access key (fingerprint ${entry.fingerprint})`,
    });
  }
  return allowances;
}

/** What an attribute line does that keeps content out of a reviewer's diff, or null when it does nothing such. */
function hidingEffect(attributes: readonly string[]): string | null {
  const effects: string[] = [];
  for (const attribute of attributes) {
    if (attribute === 'binary') effects.push('binary (no diff is shown)');
    else if (attribute === '-diff') effects.push('without a diff (-diff)');
    else if (attribute.startsWith('diff=')) effects.push(`diffed through the driver "${attribute.slice(5)}"`);
    else if (attribute === 'linguist-generated' || attribute === 'linguist-generated=true') {
      effects.push('generated (GitHub folds its diff)');
    } else if (attribute.startsWith('filter=')) {
      effects.push(`stored through the filter "${attribute.slice(7)}" (Git holds what the filter makes)`);
    }
  }
  return effects.length > 0 ? effects.join(', ') : null;
}

function attributeAllowances(before: RevisionFile | null, after: RevisionFile): Allowance[] {
  if (!after.content) {
    return [{ key: 'too large', text: `too large to read (${after.size} bytes): check it by hand` }];
  }
  const lines = (file: RevisionFile | null): string[] =>
    (file?.content?.toString('utf8') ?? '')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line.length > 0 && !line.startsWith('#'));
  const had = new Set(lines(before));
  const allowances: Allowance[] = [];
  for (const line of lines(after)) {
    if (had.has(line)) continue;
    const [pattern = '', ...attributes] = line.split(/\s+/);
    const effect = hidingEffect(attributes);
    if (effect !== null) {
      allowances.push({ key: line, text: `${JSON.stringify(line)} marks ${pattern} as ${effect}` });
    }
  }
  return allowances;
}
