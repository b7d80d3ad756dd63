// IAM credential reports (GenerateCredentialReport / GetCredentialReport): one report per account, generated in
// the background on the server clock. The CSV has the columns of the IAM User Guide's "Understanding the report
// format", in its order; values follow what real reports hold (ISO 8601 times with `+00:00`, `N/A` where a
// credential is absent or never used, `not_supported` for the root user's password fields).
import { AwsError } from './protocol.js';
import type { AccountRecord, AwsState, KeyRecord } from './state.js';

export const REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;

export interface CredentialReportTiming {
  /** Server-clock time from GenerateCredentialReport starting a report to the report being ready. Default 0. */
  generationMs: number;
  /** A complete report started less than this ago is reused by GenerateCredentialReport (IAM: four hours). */
  reuseMs: number;
  /** GetCredentialReport of a report started longer ago is ReportExpired. Default: never (AWS does not say when). */
  expiresAfterMs: number;
}

export const DEFAULT_REPORT_TIMING: CredentialReportTiming = {
  generationMs: 0,
  reuseMs: 4 * 3600 * 1000,
  expiresAfterMs: Number.POSITIVE_INFINITY,
};

export interface ReportRecord {
  /** When generation started: the report's GeneratedTime and the moment its content describes. */
  startedAt: Date;
  readyAt: Date;
  /** The CSV as of startedAt. */
  csv: string;
}

/** `2015-03-13T10:45:00+00:00`, the form credential reports use. */
function reportTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

function keyColumns(key: KeyRecord | undefined): string[] {
  if (!key) return ['false', 'N/A', 'N/A', 'N/A', 'N/A'];
  const used = key.lastUsed;
  return [
    key.status === 'Active' ? 'true' : 'false',
    reportTime(key.created),
    used ? reportTime(used.date) : 'N/A',
    used ? used.region : 'N/A',
    used ? used.service : 'N/A',
  ];
}

/** The report's CSV for an account as it stands now: the root user's row, then each user's in creation order. */
function renderReport(state: AwsState, accountId: string, account: AccountRecord): string {
  const rows: string[][] = [[...REPORT_COLUMNS]];
  const earliest = [...account.users.values()].reduce<Date>(
    (min, u) => (u.created < min ? u.created : min),
    state.now(),
  );
  rows.push([
    '<root_account>',
    `arn:aws:iam::${accountId}:root`,
    reportTime(earliest),
    'not_supported',
    'no_information',
    'not_supported',
    'not_supported',
    'false',
    ...keyColumns(undefined),
    ...keyColumns(undefined),
    'false',
    'N/A',
    'false',
    'N/A',
  ]);
  const users = [...account.users.values()].sort((a, b) => a.created.getTime() - b.created.getTime());
  for (const user of users) {
    // The report has two key slots; the server does not enforce the two-key quota in addKey, so a third key of a
    // fixture is left out here as it could not exist in IAM.
    const keys = state.userKeys(user).sort((a, b) => a.created.getTime() - b.created.getTime());
    rows.push([
      user.userName,
      `arn:aws:iam::${accountId}:user${user.path}${user.userName}`,
      reportTime(user.created),
      'false',
      'N/A',
      'N/A',
      'N/A',
      'false',
      ...keyColumns(keys[0]),
      ...keyColumns(keys[1]),
      'false',
      'N/A',
      'false',
      'N/A',
    ]);
  }
  return rows.map((row) => row.join(',')).join('\n');
}

/** GenerateCredentialReport: reuse a recent complete report, report progress, or start a new one. */
export function generateReport(
  state: AwsState,
  accountId: string,
): { state: 'STARTED' | 'INPROGRESS' | 'COMPLETE'; description: string } {
  const now = state.now();
  const current = state.credentialReports.get(accountId);
  if (current && now < current.readyAt) {
    return { state: 'INPROGRESS', description: 'Report generation is in progress.' };
  }
  if (current && now.getTime() - current.startedAt.getTime() < state.reportTiming.reuseMs) {
    return { state: 'COMPLETE', description: 'Report is ready.' };
  }
  const account = state.accounts.get(accountId);
  state.credentialReports.set(accountId, {
    startedAt: now,
    readyAt: new Date(now.getTime() + state.reportTiming.generationMs),
    csv: account ? renderReport(state, accountId, account) : REPORT_COLUMNS.join(','),
  });
  return {
    state: 'STARTED',
    description: current
      ? 'The report is older than four hours. Starting a new report generation task'
      : 'No report exists. Starting a new report generation task',
  };
}

/** GetCredentialReport: the complete report, or the modeled error for where generation stands. */
export function getReport(state: AwsState, accountId: string): ReportRecord {
  const current = state.credentialReports.get(accountId);
  if (!current) {
    throw new AwsError(
      'ReportNotPresent',
      410,
      'Credential report does not exist. Use GenerateCredentialReport to generate a report.',
    );
  }
  const now = state.now();
  if (now < current.readyAt) {
    throw new AwsError('ReportInProgress', 404, 'Credential report is still being generated.');
  }
  if (now.getTime() - current.startedAt.getTime() >= state.reportTiming.expiresAfterMs) {
    throw new AwsError(
      'ReportExpired',
      410,
      'Credential report has expired. Use GenerateCredentialReport to generate a new report.',
    );
  }
  return current;
}
