// The filter stage: the filters in a fixed order, each suppression counted under the first reason that applies.
import type { Config } from '../config/config.js';
import type { Detection, SuppressionReason } from '../types.js';
import { allowCommentFilter } from './allow-comment.js';
import { allowedKeyIdFilter } from './allowed-key-id.js';
import { type Baseline, baselineFilter, unusedBaselineEntries } from './baseline.js';
import { exampleKeyFilter } from './example-key.js';
import { type Filter, suppressWhere } from './filter.js';

const suppressNothing = suppressWhere(() => false);

export interface FilterOptions {
  config: Config;
  baseline: Baseline | null;
}

export interface FilterOutcome {
  kept: Detection[];
  /** How many detections each reason suppressed; reasons that suppressed nothing are absent. */
  suppressed: Partial<Record<SuppressionReason, number>>;
  /** Baseline fingerprints that match no detection of this scan. */
  unusedBaseline: string[];
}

export async function applyFilters(detections: Detection[], options: FilterOptions): Promise<FilterOutcome> {
  const { config, baseline } = options;
  // The most specific and least disputable reasons first, the baseline last: an entry then only hides what
  // nothing else explains.
  const filters: Array<[SuppressionReason, Filter]> = [
    ['example-key', exampleKeyFilter],
    ['allowed-key-id', allowedKeyIdFilter(config.allow.keyIds)],
    // micromatch is loaded only for globs to match: a hook with none has its findings sooner.
    [
      'allowed-path',
      config.allow.paths.length === 0
        ? suppressNothing
        : (await import('./allowed-path.js')).allowedPathFilter(config.allow.paths),
    ],
    ['allow-comment', allowCommentFilter(config.allow.comments)],
  ];
  if (baseline) filters.push(['baseline', baselineFilter(baseline)]);

  let kept = detections;
  const suppressed: Partial<Record<SuppressionReason, number>> = {};
  for (const [reason, filter] of filters) {
    const result = filter(kept);
    if (result.suppressed.length > 0) suppressed[reason] = result.suppressed.length;
    kept = result.kept;
  }
  return {
    kept,
    suppressed,
    // Against every detection, not only what reached the baseline: an entry whose value another reason also
    // allows still matches something, and removing it would expose the value if that reason goes away.
    unusedBaseline: baseline ? unusedBaselineEntries(baseline, detections) : [],
  };
}
