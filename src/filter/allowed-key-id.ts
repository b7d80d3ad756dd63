// `allow.keyIds`: known canaries and test keys. The id is the handle (an id is not a secret and can be written in
// the configuration). A secret goes with it only when it is the id's own beyond doubt: paired with it on the same
// line (a CSV row, a one-line JSON). Pairing across lines is a guess by distance, and a real secret written under
// a test id would be silenced by that guess; such a secret is judged by itself (the baseline accepts it by its
// fingerprint, or `allow.paths`, or an allow comment).
import type { Detection } from '../types.js';
import { type Filter, suppressWhere } from './filter.js';

/** The ids `allow.keyIds` names, as the detector writes ids; also what verification never sends to AWS. */
export function allowedKeyIds(keyIds: readonly string[]): ReadonlySet<string> {
  return new Set(keyIds.map((id) => id.trim().toUpperCase()));
}

export function allowedKeyIdFilter(keyIds: readonly string[]): Filter {
  const allowed = allowedKeyIds(keyIds);
  if (allowed.size === 0) return suppressWhere(() => false);
  return (detections) => {
    const allowedIdsAt = new Set(
      detections
        .filter((d) => d.rule === 'aws-access-key-id' && d.keyId !== null && allowed.has(d.keyId))
        .map((d) => place(d, d.fingerprint)),
    );
    return suppressWhere((d) =>
      d.rule === 'aws-access-key-id'
        ? d.keyId !== null && allowed.has(d.keyId)
        : d.pairFingerprint !== null && allowedIdsAt.has(place(d, d.pairFingerprint)),
    )(detections);
  };
}

/** A value's line, and which id it is (its own fingerprint for an id, its pair's for a secret). */
function place(d: Detection, idFingerprint: string): string {
  return `${d.commit?.sha ?? ''}\0${d.file}\0${d.line}\0${idFingerprint}`;
}
