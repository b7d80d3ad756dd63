// Content fingerprints: the identity of a finding for baselines, issue dedupe and the id/secret link.
import { createRequire } from 'node:module';
import type * as Crypto from 'node:crypto';

import type { RuleId } from '../types.js';

// node:crypto is loaded on the first finding, not at start-up: it costs the pre-commit hook about 3 ms, and a
// clean commit never needs it.
let crypto: typeof Crypto | undefined;
function sha256hex(text: string): string {
  crypto ??= createRequire(import.meta.url)('node:crypto') as typeof Crypto;
  return crypto.createHash('sha256').update(text).digest('hex');
}

/** Bumped only with a new baseline format version: every stored fingerprint depends on it. */
const SCHEME = 'secret-guard/v1';
const LENGTH = 32;

/**
 * A stable hash of rule and value: the same wherever and whenever the value appears (no path, line or commit, so
 * moving code, rebasing or squashing keeps it), different for a different value on the same line, and one-way, so
 * it never reveals the value (a secret access key has 240 random bits; an id is not secret anyway).
 */
export function fingerprint(rule: RuleId, value: string): string {
  // NUL separators: no rule/value split of one input can read as another.
  return sha256hex(`${SCHEME}\0${rule}\0${value}`).slice(0, LENGTH);
}
