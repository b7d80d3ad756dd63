// Content fingerprints: the identity of a finding for baselines, issue dedupe and the id/secret link.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

import type { RuleId } from '../types.js';

// SHA-256 in JavaScript (@noble/hashes, bundled) rather than node:crypto: loading Node's crypto modules costs the
// pre-commit hook about 4 ms on the first finding, more than hashing the few values a scan finds.
function sha256hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
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
