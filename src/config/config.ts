// The shape of `.secret-guard.yml` once loaded and validated. Every key is optional in the file.
import { DEFAULT_AUDIT_CONFIG, type AuditConfig } from './audit-config.js';

export type QuarantineMode = 'none' | 'deny-all' | 'aws-managed';
/** What a response does with an Active key whose id alone is in the change (`exposed-id`). */
export type KeyIdOnlyMode = 'report' | 'deactivate';

/** Limits on every AWS call of a run: verification, response, key activity (`aws.*` in the file). */
export interface AwsSettings {
  /** Time bound for each AWS call, the SDK's retries included. */
  callTimeoutMs: number;
  /** Time bound for all the AWS calls of a run together. */
  totalTimeoutMs: number;
  /** AWS calls in flight at once. */
  concurrency: number;
}

export interface Config {
  /** Where it was loaded from, or null for the defaults. */
  file: string | null;
  /** Your AWS account ids (12 digits). Empty: the account of the credentials secret-guard runs with. */
  accounts: string[];
  allow: {
    /** micromatch globs, matched against repository-relative paths. */
    paths: string[];
    /** Access key ids that are never findings (known canaries, test keys), nor a secret on the same line as one. */
    keyIds: string[];
    /** Honour same-line allow comments (`secret-guard:allow` and the peers' own). CI may turn this off. */
    comments: boolean;
  };
  /** Baseline file, relative to the repository root; null when none is configured. */
  baseline: string | null;
  verify: {
    /** Prove a found id/secret pair works with sts:GetCallerIdentity signed with it. 'auto': only in CI. */
    pairCheck: boolean | 'auto';
  };
  aws: AwsSettings;
  response: {
    /** Deny temporary credentials issued before the response (aws:TokenIssueTime), as AWS's "revoke sessions". */
    revokeSessions: boolean;
    /** Also quarantine the user: a deny-all inline policy, or AWS's own managed quarantine policy. */
    quarantine: QuarantineMode;
    /** Tag the user with the leak (key id, where, when). */
    tagUser: boolean;
    /**
     * `report` (default): an exposed key id without a working secret is reported, never acted on. `deactivate`:
     * it gets the response of a proven leak (long-term keys only; a session key id alone never touches a role).
     */
    keyIdOnly: KeyIdOnlyMode;
  };
  /** `secret-guard audit`: the key rotation policy and its exceptions. */
  audit: AuditConfig;
}

export const DEFAULT_CONFIG: Config = {
  file: null,
  accounts: [],
  allow: { paths: [], keyIds: [], comments: true },
  baseline: null,
  verify: { pairCheck: 'auto' },
  aws: { callTimeoutMs: 5_000, totalTimeoutMs: 60_000, concurrency: 8 },
  response: { revokeSessions: true, quarantine: 'none', tagUser: true, keyIdOnly: 'report' },
  audit: DEFAULT_AUDIT_CONFIG,
};
