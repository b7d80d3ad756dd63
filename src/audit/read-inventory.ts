// Reads every IAM user's access keys, the fast way where it can:
// - credential report: GenerateCredentialReport (waited for, within a bound) and GetCredentialReport give every
//   user's keys, their age and last use in a few calls. The report names no key ids, so only the users with a key
//   out of policy are listed (ListAccessKeys) to name theirs: the ids a person, an issue and a deactivation need.
// - listing: ListUsers page by page, then ListAccessKeys per user and GetAccessKeyLastUsed per active key.
// `auto` takes the report and falls back to the listing when the report is denied, late or unreadable, saying so.
// A user that fails (deleted meanwhile, throttled, timed out, denied) is reported on its own; the rest goes on.
import type { InventorySource } from '../config/audit-config.js';
import { errorMessage } from '../errors.js';
import type { Logger } from '../logger.js';
import { describeAwsError, isUnknownKeyDenial } from '../aws/errors.js';
import { forEachBounded } from '../aws/concurrency.js';
import { parseCredentialReport, ReportFormatError, type ReportRow } from './credential-report.js';
import type { AuditedKey, Inventory, LastUse, UserFailure, UserFailureKind } from './inventory.js';

/** The IAM calls the audit reads with (the AWS session provides them). */
export interface IamReader {
  listUsers(marker: string | null, maxItems: number): Promise<{ userNames: string[]; marker: string | null }>;
  /** The report's state: STARTED, INPROGRESS or COMPLETE. */
  generateCredentialReport(): Promise<string>;
  getCredentialReport(): Promise<{ csv: string; generatedAt: Date }>;
  listAccessKeys(
    userName: string,
  ): Promise<Array<{ accessKeyId: string; status: string; created: string | null }>>;
  getAccessKeyLastUsed(
    accessKeyId: string,
  ): Promise<{ date: string | null; service: string | null; region: string | null }>;
}

export interface ReadOptions {
  source: InventorySource;
  /** Calls in flight at once for the per-user reads. */
  concurrency: number;
  /** ListUsers' page size (IAM allows up to 1000: the fewest round trips). */
  usersPerPage: number;
  /** How long to wait for a credential report being generated. */
  reportWaitMs: number;
  /** The longest pause between two GenerateCredentialReport calls while it is generated (they start short). */
  reportPollMs: number;
  /** Users whose keys need their ids (those with a key out of policy), from the report's keys. */
  needIds: (keys: readonly AuditedKey[]) => Set<string>;
  now: () => Date;
  logger: Logger;
}

/** The credential report could not be had; `permission` names the missing one when it was denied. */
class ReportUnavailable extends Error {
  override name = 'ReportUnavailable';
}

/** Reading cannot start at all (ListUsers denied, AWS unreachable): the audit has nothing to judge. */
export class InventoryError extends Error {
  override name = 'InventoryError';
}

const REPORT_NOT_READY = 'CredentialReportNotReadyException';
const REPORT_GONE = new Set(['CredentialReportNotPresentException', 'CredentialReportExpiredException']);

function errorName(error: unknown): string {
  return typeof error === 'object' && error !== null && typeof (error as { name?: unknown }).name === 'string'
    ? (error as { name: string }).name
    : '';
}

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** The first pause while a report is generated: a small account's report is often ready within a second. */
const FIRST_POLL_MS = 250;

/** GenerateCredentialReport until COMPLETE, then GetCredentialReport; within `reportWaitMs`. */
async function fetchReport(
  iam: IamReader,
  options: ReadOptions,
): Promise<{ csv: string; generatedAt: Date }> {
  const started = Date.now();
  let pause = Math.min(FIRST_POLL_MS, options.reportPollMs);
  let gone = 0;
  for (;;) {
    let state: string;
    try {
      state = await iam.generateCredentialReport();
    } catch (error) {
      throw new ReportUnavailable(describeAwsError(error, 'iam:GenerateCredentialReport').reason);
    }
    if (state === 'COMPLETE') {
      try {
        return await iam.getCredentialReport();
      } catch (error) {
        // Not ready after all, or gone (expired) between the two calls: generate and wait again, but not for
        // ever when IAM keeps calling complete a report it will not hand out.
        const name = errorName(error);
        if (REPORT_GONE.has(name) && ++gone >= 2) {
          throw new ReportUnavailable(`the credential report is complete but cannot be fetched (${name})`);
        }
        if (name !== REPORT_NOT_READY && !REPORT_GONE.has(name)) {
          throw new ReportUnavailable(describeAwsError(error, 'iam:GetCredentialReport').reason);
        }
      }
    }
    if (Date.now() - started + pause > options.reportWaitMs) {
      throw new ReportUnavailable(
        `the credential report was still being generated after ${Math.round(options.reportWaitMs / 1000)} s`,
      );
    }
    await sleep(pause);
    pause = Math.min(pause * 2, options.reportPollMs);
  }
}

function failureKind(kind: string): UserFailureKind {
  return kind === 'access-denied' || kind === 'throttled' || kind === 'timeout' ? kind : 'other';
}

function toLastUse(used: { date: string | null; service: string | null; region: string | null }): LastUse {
  return {
    date: used.date === null ? null : new Date(used.date),
    service: used.service,
    region: used.region,
  };
}

/** Accumulates what the per-user reads find. */
class Collector {
  readonly keys: AuditedKey[] = [];
  readonly failures: UserFailure[] = [];
  readonly gone: string[] = [];

  /** Record a failed call for a user: gone when IAM no longer knows it, else a failure naming the call. */
  fail(userName: string, error: unknown, api: string): void {
    const failure = describeAwsError(error, api);
    if (failure.kind === 'not-found') {
      this.gone.push(userName);
      return;
    }
    this.failures.push({
      userName,
      kind: failureKind(failure.kind),
      reason: `${api}: ${failure.reason}`,
      judged: false,
    });
  }
}

/** The last use of an active key; undefined when the key was deleted meanwhile, null when it could not be read. */
async function lastUseOf(
  iam: IamReader,
  key: AuditedKey & { accessKeyId: string },
  into: Collector,
  failed: { already: boolean },
): Promise<LastUse | null | undefined> {
  try {
    return toLastUse(await iam.getAccessKeyLastUsed(key.accessKeyId));
  } catch (error) {
    // IAM answers AccessDenied "on resource: access key …" for a key it no longer has (some clones NoSuchEntity).
    if (isUnknownKeyDenial(error) || describeAwsError(error, '').kind === 'not-found') return undefined;
    // The key still counts (its age can be judged); its use is unknown, and the user is reported once.
    if (!failed.already) into.fail(key.userName, error, 'iam:GetAccessKeyLastUsed');
    failed.already = true;
    return null;
  }
}

/** One user by the listing: its keys, and the last use of each active one. */
async function listUser(iam: IamReader, userName: string, into: Collector): Promise<void> {
  let listed;
  try {
    listed = await iam.listAccessKeys(userName);
  } catch (error) {
    into.fail(userName, error, 'iam:ListAccessKeys');
    return;
  }
  const failed = { already: false };
  for (const meta of listed) {
    const key = {
      userName,
      accessKeyId: meta.accessKeyId,
      status: meta.status,
      created: meta.created === null ? new Date(0) : new Date(meta.created),
      lastUsed: null as LastUse | null,
    };
    if (key.status === 'Active') {
      const used = await lastUseOf(iam, key, into, failed);
      if (used === undefined) continue;
      key.lastUsed = used;
    }
    into.keys.push(key);
  }
}

async function byListing(iam: IamReader, options: ReadOptions, notes: string[]): Promise<Inventory> {
  const asOf = options.now();
  const users: string[] = [];
  let marker: string | null = null;
  do {
    let page: { userNames: string[]; marker: string | null };
    try {
      page = await iam.listUsers(marker, options.usersPerPage);
    } catch (error) {
      throw new InventoryError(
        `cannot list the IAM users: ${describeAwsError(error, 'iam:ListUsers').reason}`,
      );
    }
    users.push(...page.userNames);
    marker = page.marker;
    options.logger.progress(`audit: ${users.length} users listed`);
  } while (marker !== null);
  const into = new Collector();
  await forEachBounded(users, options.concurrency, async (userName) => listUser(iam, userName, into));
  return { source: 'listing', asOf, users: users.length, ...into, notes };
}

const SAME_KEY_MS = 1000;

/**
 * Name the report's keys of one user: the listing's keys are the truth for ids, status and creation (it is newer
 * than the report); a key's last use comes from the report slot made in the same second, else from IAM.
 */
async function nameKeys(iam: IamReader, row: ReportRow, into: Collector): Promise<void> {
  let listed;
  try {
    listed = await iam.listAccessKeys(row.userName);
  } catch (error) {
    const failure = describeAwsError(error, 'iam:ListAccessKeys');
    if (failure.kind === 'not-found') {
      into.gone.push(row.userName);
      return;
    }
    // The report's keys still stand, without their ids.
    into.keys.push(...row.keys);
    into.failures.push({
      userName: row.userName,
      kind: failureKind(failure.kind),
      reason: `key ids unknown: iam:ListAccessKeys: ${failure.reason}`,
      judged: true,
    });
    return;
  }
  const slots = [...row.keys];
  const failed = { already: false };
  for (const meta of listed) {
    const created = meta.created === null ? new Date(0) : new Date(meta.created);
    const i = slots.findIndex((s) => Math.abs(s.created.getTime() - created.getTime()) < SAME_KEY_MS);
    const slot = i >= 0 ? slots.splice(i, 1)[0] : undefined;
    const key = {
      userName: row.userName,
      accessKeyId: meta.accessKeyId,
      status: meta.status,
      created,
      lastUsed: slot?.lastUsed ?? null,
    };
    if (!slot && key.status === 'Active') {
      // Made after the report: ask IAM.
      const used = await lastUseOf(iam, key, into, failed);
      if (used === undefined) continue;
      key.lastUsed = used;
    }
    into.keys.push(key);
  }
}

async function byReport(iam: IamReader, options: ReadOptions, notes: string[]): Promise<Inventory> {
  const { csv, generatedAt } = await fetchReport(iam, options);
  let parsed;
  try {
    parsed = parseCredentialReport(csv);
  } catch (error) {
    if (error instanceof ReportFormatError) throw new ReportUnavailable(error.message);
    throw error;
  }
  const into = new Collector();
  const flagged = options.needIds(parsed.rows.flatMap((r) => r.keys));
  const toName = parsed.rows.filter((r) => flagged.has(r.userName));
  for (const row of parsed.rows) if (!flagged.has(row.userName)) into.keys.push(...row.keys);
  await forEachBounded(toName, options.concurrency, async (row) => nameKeys(iam, row, into));

  // Rows the report garbled: read those users by the listing, so that nothing is skipped unseen.
  const unreadable = parsed.broken.filter((b) => b.userName === null);
  const relist = parsed.broken.filter((b) => b.userName !== null).map((b) => b.userName as string);
  for (const b of unreadable)
    into.failures.push({ userName: `(line ${b.line})`, kind: 'unreadable', reason: b.reason, judged: false });
  if (relist.length > 0) {
    notes.push(
      `${relist.length} credential report row(s) could not be read; those users were listed instead`,
    );
    await forEachBounded(relist, options.concurrency, async (userName) => listUser(iam, userName, into));
  }
  if (parsed.rootActiveKeys > 0) {
    notes.push(
      `the root user has ${parsed.rootActiveKeys} active access key(s): delete them (CIS: no root access keys); ` +
        'IAM user calls cannot name or change them',
    );
  }
  return {
    source: 'credential-report',
    asOf: generatedAt,
    users: parsed.rows.length + parsed.broken.length,
    ...into,
    notes,
  };
}

/** Read the account's access keys by the configured source. Throws InventoryError when nothing can be read. */
export async function readInventory(iam: IamReader, options: ReadOptions): Promise<Inventory> {
  const notes: string[] = [];
  if (options.source === 'listing') return byListing(iam, options, notes);
  try {
    return await byReport(iam, options, notes);
  } catch (error) {
    if (!(error instanceof ReportUnavailable)) throw error;
    if (options.source === 'credential-report') {
      throw new InventoryError(`cannot use the credential report: ${error.message}`);
    }
    notes.push(`credential report not used (${errorMessage(error)}): read user by user instead`);
    options.logger.warn(`audit: ${notes.at(-1)}`);
    return byListing(iam, options, notes);
  }
}
