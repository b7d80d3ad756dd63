// Facts about a scan that every reporter, and the exit code, state the same way: whether it was partial and
// why, whether it saw anything at all, and which finding is the other half of a pair.
import { EXIT } from '../errors.js';
import type { Coverage, Finding, ResponseOutcome, ScanResult, SourceSpec } from '../types.js';

/**
 * Why a scan did not read everything it was asked to, one line each: its errors, then, when no error names
 * them, its skip counts (anything counted in `skipped` could hold a key). What the design leaves out on purpose
 * (`coverage.excluded`) is not a reason. Empty for a complete scan.
 */
export function partialReasons(result: ScanResult): string[] {
  const { errors, skipped } = result.coverage;
  if (errors.length > 0) return [...errors];
  return Object.entries(skipped)
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${n} ${n === 1 ? 'part' : 'parts'} of the input skipped: ${reason}`);
}

/** A partial scan did not read everything it was asked to: its silence proves nothing. */
export function isPartial(result: ScanResult): boolean {
  return partialReasons(result).length > 0;
}

/**
 * The exit code a scan's result calls for, in the CLI contract's terms: 1 when anything was found (whatever
 * AWS or GitHub answered), else 3 when the scan was partial (never clean), else 0.
 */
export function scanExitCode(
  result: ScanResult,
): typeof EXIT.clean | typeof EXIT.findings | typeof EXIT.operational {
  if (result.findings.length > 0) return EXIT.findings;
  return isPartial(result) ? EXIT.operational : EXIT.clean;
}

export function sumCounts(counts: Partial<Record<string, number>>): number {
  let total = 0;
  for (const n of Object.values(counts)) total += n ?? 0;
  return total;
}

/** No file, line or byte was looked at (commits alone, such as empty or merge-only commits, do not count). */
export function nothingScanned(coverage: Coverage): boolean {
  return (
    coverage.files === 0 &&
    coverage.addedLines === 0 &&
    coverage.bytes === 0 &&
    coverage.binaryFiles === 0 &&
    sumCounts(coverage.skipped) === 0
  );
}

/** Sources that walk commits, for which a commit count means something. */
export function isHistorySource(kind: SourceSpec['kind']): boolean {
  return kind === 'range' || kind === 'all' || kind === 'push';
}

/**
 * The other half of a finding's id/secret pair among the reported findings: the one with the paired
 * fingerprint in the same commit and file, nearest by line; failing that, any with that fingerprint.
 */
export function findPair(finding: Finding, findings: readonly Finding[]): Finding | undefined {
  if (finding.pairedWith === null) return undefined;
  const candidates = findings.filter((f) => f !== finding && f.fingerprint === finding.pairedWith);
  const near = candidates
    .filter((f) => f.file === finding.file && f.commit === finding.commit)
    .sort((a, b) => Math.abs(a.line - finding.line) - Math.abs(b.line - finding.line));
  return near[0] ?? candidates[0];
}

/**
 * A failed response whose key was deactivated all the same: iam:UpdateAccessKey went through and a later step
 * (revoking sessions, the quarantine, the tag) failed. Such a key is not "still active".
 */
export function deactivatedBeforeFailing(response: ResponseOutcome | null): boolean {
  return (
    response?.action === 'failed' &&
    (response.calls ?? []).some((c) => c.api === 'iam:UpdateAccessKey' && c.ok === true)
  );
}

/** What a failed response leaves to do by hand, one sentence every reporter says the same way. */
export function failedResponseAdvice(response: ResponseOutcome | null): string {
  return deactivatedBeforeFailing(response)
    ? 'The key was deactivated; make the step that failed by hand.'
    : 'The key may still be active: deactivate it by hand now.';
}
