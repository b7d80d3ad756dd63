// `--format json`: the contract in DESIGN.md, field for field. Fields may be added, never renamed or removed:
// `partial` and `partialReasons` (top level) and `summary` are additions.
import type { Finding } from '../types.js';
import type { Reporter } from './reporter-type.js';
import { safeSecret, scrubDeep, scrubSecrets } from './sanitize.js';
import { partialReasons } from './scan-facts.js';

/** One finding in the contract's field order; `author`, `email`, `date` and `pairedWith` are additions. */
function findingJson(f: Finding): Record<string, unknown> {
  return {
    rule: f.rule,
    file: f.file,
    line: f.line,
    column: f.column,
    commit: f.commit,
    keyId: f.keyId,
    secret: safeSecret(f.secret),
    fingerprint: f.fingerprint,
    account: f.account,
    verification: f.verification === null ? null : scrubDeep(f.verification),
    response: f.response === null ? null : scrubDeep(f.response),
    author: f.author,
    email: f.email,
    date: f.date,
    pairedWith: f.pairedWith,
  };
}

export const jsonReporter = ((result, _options) => {
  const { coverage } = result;
  const reasons = partialReasons(result).map(scrubSecrets);
  const document = {
    version: 1,
    findings: result.findings.map(findingJson),
    // A partial scan read less than it was asked to: no finding then proves nothing (exit code 3).
    partial: reasons.length > 0,
    partialReasons: reasons,
    summary: {
      source: result.source,
      coverage: {
        commits: coverage.commits,
        files: coverage.files,
        addedLines: coverage.addedLines,
        bytes: coverage.bytes,
        binaryFiles: coverage.binaryFiles,
        skipped: { ...coverage.skipped },
        errors: coverage.errors.map(scrubSecrets),
        excluded: { ...coverage.excluded },
      },
      suppressed: { ...result.suppressed },
      unusedBaseline: [...result.unusedBaseline],
      settingsChanges: scrubDeep(result.settingsChanges),
      partial: reasons.length > 0,
      durationMs: result.durationMs,
    },
  };
  return JSON.stringify(document, null, 2) + '\n';
}) satisfies Reporter;
