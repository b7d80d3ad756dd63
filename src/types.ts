// The data that flows through the pipeline: source -> diff -> detect -> filter -> verify -> respond -> report.
// Every stage takes and returns these plain shapes; nothing here does I/O.
import type { SecretValue } from './secret-value.js';

/** What to scan. Closed union: every switch over `kind` ends in `assertNever`. */
export type SourceSpec =
  /**
   * `diffFile`: the staged diff as `git diff --cached` printed it, made by the pre-commit hooks' prefilter; read
   * instead of running git, in the work tree's top folder (where git runs hooks).
   */
  | { kind: 'staged'; diffFile?: string }
  | { kind: 'range'; range: string }
  /** Every commit reachable from any ref, and from `include` (a pull request's head that no ref here names). */
  | { kind: 'all'; include?: string[] }
  /** The commits a `git push` sends: `revs` are rev-list arguments such as `<sha> --not --remotes=origin`. */
  | { kind: 'push'; revs: string[] }
  | { kind: 'stdin' }
  | { kind: 'paths'; paths: string[] };

export interface CommitInfo {
  sha: string;
  author: string;
  email: string;
  /** ISO 8601 author date. */
  date: string;
}

/** The file whose added lines follow. */
export interface FileContext {
  /** Path in the new version, relative to the repository root, `/`-separated, unquoted. */
  path: string;
  /** Null for staged, path and stdin scans. */
  commit: CommitInfo | null;
}

/**
 * A file the diff shows renamed (or copied) with its content: the diff adds none of its unchanged lines, so a
 * stage that needs them (a file moved out of an allowed path) reads them from `commit`, or the index when null.
 */
export interface MovedFile {
  from: string;
  to: string;
  commit: CommitInfo | null;
}

/**
 * Where the diff stage pushes added lines. Lines of one file arrive contiguously and in order, after the
 * `startFile` that names the file; a new `startFile` ends the previous file.
 */
export interface LineSink {
  startFile(file: FileContext): void;
  /**
   * One added line: `text` has no line terminator (a trailing CR is stripped); `lineNo` is 1-based in the new file.
   * A line too long to hold arrives as overlapping windows, each with the same `lineNo` and `offset`, where the
   * window starts in the line (0-based, UTF-16 code units; absent for 0).
   */
  line(text: string, lineNo: number, offset?: number): void;
  /** The stream is over: flush whatever the sink holds for the last file. */
  end(): void;
}

/** What a scan saw, so that a scan that saw nothing never looks like a clean one. Mutated by the stages. */
export interface Coverage {
  commits: number;
  files: number;
  addedLines: number;
  /** Bytes of added-line text examined. */
  bytes: number;
  binaryFiles: number;
  /** Files or fragments skipped for another reason (unreadable, not UTF-8 text, too large), counted by reason. */
  skipped: Record<string, number>;
  /** Problems that made the scan partial (one line each, never containing a secret). */
  errors: string[];
  /**
   * What the design leaves out on purpose, counted by reason (`gitignored`: ignored files under a named folder;
   * `submodule`: a submodule's contents). Listed in every report; never makes the scan partial.
   */
  excluded: Record<string, number>;
}

export function emptyCoverage(): Coverage {
  return {
    commits: 0,
    files: 0,
    addedLines: 0,
    bytes: 0,
    binaryFiles: 0,
    skipped: {},
    errors: [],
    excluded: {},
  };
}

export type RuleId = 'aws-access-key-id' | 'aws-secret-access-key';

/** One detected value at its own position. Internal: carries the raw secret inside a SecretValue. */
export interface Detection {
  rule: RuleId;
  file: string;
  line: number;
  /** 1-based, in UTF-16 code units of the line. */
  column: number;
  commit: CommitInfo | null;
  /** The access key id: the value itself for `aws-access-key-id`, the paired id for a secret (or null). */
  keyId: string | null;
  /** The secret: the value itself for `aws-secret-access-key`, the paired secret for an id (or null). */
  secret: SecretValue | null;
  /**
   * The STS session token found with an `ASIA…` id (on the id's detection and on its paired secret's), or null.
   * Part of the temporary credential: needed to sign with the pair, and as secret as the secret itself.
   */
  sessionToken: SecretValue | null;
  fingerprint: string;
  /** Fingerprint of the other half of the id/secret pair, if paired. */
  pairFingerprint: string | null;
  /** AWS account decoded offline from the key id, where it carries one. */
  account: string | null;
  /** The whole line the value was found on, for same-line allow comments. Never reported. */
  lineText: string;
}

export type VerificationStatus =
  /** A confirmed leak: ours, Active in IAM, and the found pair is proven to work. */
  | 'active'
  /** An Active key of ours whose working secret is not in the change: reported, not acted on. */
  | 'exposed-id'
  | 'inactive'
  | 'not-ours'
  | 'not-found'
  | 'canary'
  | 'unverified';

export interface Verification {
  status: VerificationStatus;
  account?: string;
  user?: string;
  /** ISO 8601, or null when IAM has no record of use. */
  lastUsed?: string | null;
  lastUsedService?: string;
  lastUsedRegion?: string;
  /** ISO 8601 creation date of the key. */
  created?: string;
  /** Whether the found secret was proven to work with the key id (sts:GetCallerIdentity signed with the pair). */
  pairValid?: boolean;
  arn?: string;
  reason?: string;
  /** What CloudTrail says the key did while exposed (issue 3, item 4). */
  activity?: KeyActivity;
}

export interface KeyActivity {
  /** Whether CloudTrail could be read; when false, `reason` says why. */
  available: boolean;
  reason?: string;
  since?: string;
  events?: number;
  calls?: Array<{ name: string; count: number }>;
  sourceAddresses?: string[];
  regions?: string[];
}

type ResponseAction = 'deactivated' | 'already-inactive' | 'planned' | 'skipped' | 'failed';

export interface ResponseOutcome {
  action: ResponseAction;
  reason?: string;
  /** Each AWS call made (or, in a dry run, planned), with its parameters. Never contains a secret. */
  calls?: Array<{ api: string; params: Record<string, unknown>; ok?: boolean; error?: string }>;
}

/** A finding as every reporter sees it: the JSON contract's shape, with the secret already redacted. */
export interface Finding {
  rule: RuleId;
  file: string;
  line: number;
  column: number;
  commit: string | null;
  author: string | null;
  email: string | null;
  date: string | null;
  keyId: string | null;
  /** Redacted: the first four characters, then `*`. */
  secret: string | null;
  fingerprint: string;
  /** Fingerprint of the other half of the pair (the id for a secret, the secret for an id), or null. */
  pairedWith: string | null;
  account: string | null;
  verification: Verification | null;
  response: ResponseOutcome | null;
}

export type SuppressionReason =
  'allow-comment' | 'allowed-path' | 'allowed-key-id' | 'baseline' | 'example-key';

/**
 * A change the scanned commits make to secret-guard's own settings: news for a reviewer, since the change under
 * review must not quietly decide how it is judged.
 */
export interface SettingsChange {
  /** Repository-relative: `.secret-guard.yml`, the baseline file, or a `.gitattributes`. */
  file: string;
  kind: 'config' | 'baseline' | 'gitattributes';
  /**
   * What the file allows now that it did not before (allowed paths and key ids, baseline fingerprints, allow
   * comments turned on, attributes that keep content out of diffs) and each response, verification or account
   * setting it changes; one line each, never a secret. Empty: the file changed, but allows nothing new.
   */
  summary: string[];
}

export interface ScanResult {
  source: SourceSpec['kind'];
  findings: Finding[];
  coverage: Coverage;
  suppressed: Partial<Record<SuppressionReason, number>>;
  /** The staged changes were there, but none adds a line (deletions, renames, mode changes only). */
  changesAddNoLines?: boolean;
  /** Baseline fingerprints that matched nothing in a scan that saw the whole tree or history. */
  unusedBaseline: string[];
  /** What the scanned commits change in secret-guard's settings (history scans only; otherwise empty). */
  settingsChanges: SettingsChange[];
  durationMs: number;
}

/** Most errors one coverage lists; past it one line says more were left out (the scan is partial either way). */
const MAX_ERRORS = 100;

/** Note a problem that makes the scan partial. */
export function noteError(coverage: Coverage, message: string): void {
  if (coverage.errors.length < MAX_ERRORS) coverage.errors.push(message);
  else if (coverage.errors.length === MAX_ERRORS)
    coverage.errors.push('more errors were left out of this list (see the skipped counts)');
}

/** Add what another stream saw (a scan thread's batch) to `into`. */
export function addCoverage(into: Coverage, from: Coverage): void {
  into.commits += from.commits;
  into.files += from.files;
  into.addedLines += from.addedLines;
  into.bytes += from.bytes;
  into.binaryFiles += from.binaryFiles;
  for (const [reason, count] of Object.entries(from.skipped))
    into.skipped[reason] = (into.skipped[reason] ?? 0) + count;
  for (const error of from.errors) noteError(into, error);
  for (const [reason, count] of Object.entries(from.excluded))
    into.excluded[reason] = (into.excluded[reason] ?? 0) + count;
}
