// `allow.keyIds`: known canaries and test keys. The id is the handle (an id is not a secret and can be written in
// the configuration); its paired secret goes with it, through the secret's `keyId`.
import { type Filter, suppressWhere } from './filter.js';

export function allowedKeyIdFilter(keyIds: readonly string[]): Filter {
  const allowed = new Set(keyIds.map((id) => id.trim().toUpperCase()));
  return suppressWhere((detection) => detection.keyId !== null && allowed.has(detection.keyId));
}
