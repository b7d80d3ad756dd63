// The filter contract: each filter splits detections into those it keeps and those it suppresses, so that
// apply-filters.ts can count every suppression by reason instead of dropping it silently.
import type { Detection } from '../types.js';

interface FilterResult {
  kept: Detection[];
  suppressed: Detection[];
}

export type Filter = (detections: readonly Detection[]) => FilterResult;

/** A filter from a per-detection test. */
export function suppressWhere(isAllowed: (detection: Detection) => boolean): Filter {
  return (detections) => {
    const result: FilterResult = { kept: [], suppressed: [] };
    for (const detection of detections)
      (isAllowed(detection) ? result.suppressed : result.kept).push(detection);
    return result;
  };
}
