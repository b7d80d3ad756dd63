// Turns found key ids into verdicts. Offline first (canary accounts, foreign accounts, from the account decoded out
// of the key id), then IAM for keys of your accounts: iam:GetAccessKeyLastUsed (owner, last use) and
// iam:ListAccessKeys for that owner (status, created; one call per user, shared by that user's keys). Optionally
// sts:GetCallerIdentity signed with the found pair proves the pair works. Each key id is verified once per run.
import {
  type AccessKeyMeta,
  getAccessKeyInfo,
  getAccessKeyLastUsed,
  type LastUsed,
  listAccessKeys,
} from '../aws/access-keys.js';
import { forEachBounded, RateGate } from '../aws/concurrency.js';
import { type AwsFailure, describeAwsError, isUnknownKeyDenial } from '../aws/errors.js';
import { isSessionKeyId, principalOfArn } from '../aws/identifiers.js';
import type { AwsSession, CallerIdentity } from '../aws/session.js';
import type { Config } from '../config/config.js';
import { accountFromKeyId } from '../detect/account-id.js';
import type { Logger } from '../logger.js';
import type { SecretValue } from '../secret-value.js';
import type { Detection, Verification } from '../types.js';
import { canaryService } from './canary-accounts.js';
import { exposureStart, lookupKeyEvents, principalOfEvents, summarizeEvents } from './key-activity.js';

export interface VerifyOptions {
  config: Config;
  /** The run's AWS session; only used when some key id needs asking AWS. */
  session: AwsSession;
  /** Running in CI: `verify.pairCheck: auto` then signs a GetCallerIdentity with each found pair. */
  inCi: boolean;
  logger: Logger;
  now?: () => Date;
}

/** Temporary credentials live at most 36 hours (IAM User Guide, "Disabling permissions for temporary credentials"). */
const SESSION_MAX_MS = 36 * 3_600_000;
/** trufflehog saw transient SignatureDoesNotMatch from GetCallerIdentity; it resubmits once. So do we, after a pause. */
const PAIR_RETRY_PAUSE_MS = 500;
/** Distinct secrets tried with one key id. */
const MAX_SECRETS_PER_KEY = 3;

interface KeyTask {
  keyId: string;
  secrets: SecretValue[];
  /** The account decoded offline, or null for an old-format id. */
  decoded: string | null;
}

/** One entry per key id, with its distinct paired secrets (by fingerprint). */
function collectKeys(detections: readonly Detection[]): KeyTask[] {
  const byId = new Map<string, { secrets: Map<string, SecretValue> }>();
  for (const detection of detections) {
    if (!detection.keyId) continue;
    let entry = byId.get(detection.keyId);
    if (!entry) byId.set(detection.keyId, (entry = { secrets: new Map() }));
    if (detection.secret) {
      const fingerprint =
        detection.rule === 'aws-secret-access-key'
          ? detection.fingerprint
          : (detection.pairFingerprint ?? '');
      const key = fingerprint || `#${entry.secrets.size}`;
      if (!entry.secrets.has(key)) entry.secrets.set(key, detection.secret);
    }
  }
  return [...byId].map(([keyId, { secrets }]) => ({
    keyId,
    secrets: [...secrets.values()],
    decoded: accountFromKeyId(keyId),
  }));
}

type Ours = { accounts: Set<string>; source: 'config' | 'credentials' } | { failure: AwsFailure };

/**
 * Verify every distinct key id found. Returns one verdict per key id; secrets without a key id get none (the caller
 * reports them as unverified: "no key id found with this secret"). Never throws for AWS trouble: every failure
 * becomes an `unverified` verdict with a one-line reason.
 */
export async function verifyDetections(
  detections: readonly Detection[],
  options: VerifyOptions,
): Promise<Map<string, Verification>> {
  const { config, logger } = options;
  const now = options.now ?? (() => new Date());
  const results = new Map<string, Verification>();
  const online: KeyTask[] = [];

  for (const task of collectKeys(detections)) {
    const service = canaryService(task.decoded);
    if (service && task.decoded) results.set(task.keyId, canaryVerdict(task.decoded, service));
    else online.push(task);
  }
  if (online.length === 0) return results;

  logger.progress(`verifying ${online.length} access key id(s) with AWS`);
  const { session } = options;
  const pairCheck = config.verify.pairCheck === 'auto' ? options.inCi : config.verify.pairCheck;
  const ours: Promise<Ours> =
    config.accounts.length > 0
      ? Promise.resolve({ accounts: new Set(config.accounts), source: 'config' })
      : session.callerIdentity().then(
          (identity): Ours => ({ accounts: new Set([identity.account]), source: 'credentials' }),
          (error: unknown): Ours => ({
            failure: describeAwsError(error, 'sts:GetCallerIdentity', { region: session.region }),
          }),
        );
  const verifier = new KeyVerifier(session, ours, pairCheck, detections, now);
  await forEachBounded(online, session.settings.concurrency, async (task) => {
    results.set(task.keyId, await verifier.verify(task));
  });

  const counts = new Map<string, number>();
  for (const v of results.values()) counts.set(v.status, (counts.get(v.status) ?? 0) + 1);
  logger.info(`verified ${results.size} key id(s): ${[...counts].map(([s, n]) => `${n} ${s}`).join(', ')}`);
  return results;
}

function canaryVerdict(account: string, service: string): Verification {
  return {
    status: 'canary',
    account,
    reason: `canary token of ${service} (account ${account}); not sent to AWS, since using it would set off the alert`,
  };
}

function unverified(reason: string, extra: Partial<Verification> = {}): Verification {
  return { status: 'unverified', ...extra, reason };
}

class KeyVerifier {
  readonly #users = new Map<string, Promise<AccessKeyMeta[]>>();
  readonly #gate = new RateGate(2);

  constructor(
    readonly session: AwsSession,
    readonly ours: Promise<Ours>,
    readonly pairCheck: boolean,
    readonly detections: readonly Detection[],
    readonly now: () => Date,
  ) {}

  async verify(task: KeyTask): Promise<Verification> {
    let account = task.decoded;
    if (!account) {
      // Old-format id: no account inside. sts:GetAccessKeyInfo is signed with our credentials, not the found key,
      // so it cannot set off a canary.
      try {
        account = await getAccessKeyInfo(this.session, task.keyId);
      } catch (error) {
        return unverified(
          describeAwsError(error, 'sts:GetAccessKeyInfo', { region: this.session.region }).reason,
        );
      }
      const service = canaryService(account);
      if (service) return canaryVerdict(account, service);
    }

    const ours = await this.ours;
    if ('failure' in ours) {
      return unverified(`cannot tell your accounts: ${ours.failure.reason}`, { account });
    }
    if (!ours.accounts.has(account)) {
      const whose =
        ours.source === 'config' ? 'the configured accounts' : 'the account secret-guard runs with';
      return {
        status: 'not-ours',
        account,
        reason: `account ${account} is not one of yours (${whose}); not touched`,
      };
    }
    return isSessionKeyId(task.keyId)
      ? this.#verifyTemporary(task, account)
      : this.#verifyLongTerm(task, account);
  }

  async #listKeys(userName: string): Promise<AccessKeyMeta[]> {
    let keys = this.#users.get(userName);
    if (!keys) {
      keys = listAccessKeys(this.session, userName);
      this.#users.set(userName, keys);
      // A failed listing is not cached for good: the next key of this user may try again.
      keys.catch(() => this.#users.delete(userName));
    }
    return keys;
  }

  async #verifyLongTerm(task: KeyTask, account: string): Promise<Verification> {
    const region = { region: this.session.region };
    let lastUsed: LastUsed;
    let failed: { error: unknown } | null = null;
    try {
      lastUsed = await getAccessKeyLastUsed(this.session, task.keyId);
    } catch (error) {
      failed = { error };
      lastUsed = { userName: null, date: null, service: null, region: null };
    }
    // The pair check signs a request with the key, which IAM then records as the key's last use: it starts only
    // once the real last use has been read, and runs beside iam:ListAccessKeys.
    const pair = this.pairCheck && task.secrets.length > 0 ? this.#checkPair(task) : null;
    if (failed) {
      const { error } = failed;
      const failure = describeAwsError(error, 'iam:GetAccessKeyLastUsed', region);
      if (failure.kind === 'not-found' || isUnknownKeyDenial(error)) {
        const checked = await pair;
        if (checked?.valid) {
          return withPair(
            unverified('IAM does not know this key id, yet the found pair signs', { account }),
            checked,
          );
        }
        return {
          status: 'not-found',
          account,
          reason: `IAM has no access key ${task.keyId} in account ${account} (deleted, or never existed)`,
        };
      }
      return withPair(unverified(failure.reason, { account }), await pair);
    }

    const base: Verification = {
      status: 'unverified',
      account,
      lastUsed: lastUsed.date,
      ...(lastUsed.service ? { lastUsedService: lastUsed.service } : {}),
      ...(lastUsed.region ? { lastUsedRegion: lastUsed.region } : {}),
    };
    if (!lastUsed.userName) {
      return withPair(
        {
          ...base,
          reason: 'IAM names no user for this key (a root user key?): rotate it by hand as the root user',
        },
        await pair,
      );
    }
    base.user = lastUsed.userName;

    let keys: AccessKeyMeta[];
    try {
      keys = await this.#listKeys(lastUsed.userName);
    } catch (error) {
      const failure = describeAwsError(error, 'iam:ListAccessKeys', region);
      return withPair({ ...base, reason: failure.reason }, await pair);
    }
    const meta = keys.find((key) => key.accessKeyId === task.keyId);
    if (!meta) {
      await pair;
      return {
        ...base,
        status: 'not-found',
        reason: `user ${lastUsed.userName} has no access key ${task.keyId} any more (deleted)`,
      };
    }
    if (meta.created) base.created = meta.created;
    if (meta.status === 'Active') return withPair({ ...base, status: 'active' }, await pair);
    await pair;
    // `Expired` exists in IAM's status enum too; anything but Active cannot sign.
    return meta.status === 'Inactive'
      ? { ...base, status: 'inactive' }
      : { ...base, status: 'inactive', reason: `IAM status ${meta.status}` };
  }

  /** sts:GetCallerIdentity signed with each found secret in turn; never throws. */
  async #checkPair(task: KeyTask): Promise<PairResult> {
    let lastReason = '';
    for (const secret of task.secrets.slice(0, MAX_SECRETS_PER_KEY)) {
      for (let attempt = 0; attempt < 2; attempt++) {
        try {
          const identity = await this.session.identityOf({
            accessKeyId: task.keyId,
            secretAccessKey: secret.reveal(),
          });
          return { valid: true, identity };
        } catch (error) {
          const failure = describeAwsError(error, 'sts:GetCallerIdentity', { region: this.session.region });
          if (failure.kind === 'signature' && attempt === 0) {
            await new Promise((resolve) => setTimeout(resolve, PAIR_RETRY_PAUSE_MS));
            continue;
          }
          if (failure.kind === 'signature' || failure.kind === 'invalid-token') {
            lastReason = failure.reason;
            break;
          }
          return { valid: null, reason: `pair check not done: ${failure.reason}` };
        }
      }
    }
    return { valid: false, reason: `the found secret does not work with this key id: ${lastReason}` };
  }

  /**
   * A temporary key has no IAM record: CloudTrail's events of the key name the principal (the user or role that
   * issued the session) and when the session was issued; sessions live at most 36 hours.
   */
  async #verifyTemporary(task: KeyTask, account: string): Promise<Verification> {
    const now = this.now();
    const since = exposureStart(this.detections, task.keyId, now);
    let lookup;
    try {
      lookup = await lookupKeyEvents(this.session, this.#gate, task.keyId, [this.session.region], since, now);
    } catch (error) {
      const failure = describeAwsError(error, 'cloudtrail:LookupEvents', { region: this.session.region });
      return unverified(`temporary (ASIA) key: IAM keeps no record of session keys; ${failure.reason}`, {
        account,
        activity: { available: false, reason: `CloudTrail not read: ${failure.reason}` },
      });
    }
    const activity = summarizeEvents(lookup, since);
    const principal = principalOfEvents(lookup.events);
    if (!principal) {
      return unverified(
        'temporary (ASIA) key: IAM keeps no record of session keys and CloudTrail has no event of it naming its principal',
        { account, activity },
      );
    }
    const name = principalOfArn(principal.arn)?.name ?? principal.arn;
    const shared = { account, arn: principal.arn, user: name, activity, lastUsed: principal.lastSeen };
    const issued = principal.issuedAt ? Date.parse(principal.issuedAt) : NaN;
    const lastSeen = principal.lastSeen ? Date.parse(principal.lastSeen) : NaN;
    const bound = Number.isFinite(issued) ? issued : lastSeen;
    if (Number.isFinite(bound) && now.getTime() - bound > SESSION_MAX_MS) {
      const when = Number.isFinite(issued)
        ? `issued ${principal.issuedAt}`
        : `last seen ${principal.lastSeen}`;
      return {
        status: 'inactive',
        ...shared,
        reason: `temporary key expired (${when}; sessions last at most 36 hours)`,
      };
    }
    const when = principal.issuedAt ? `, issued ${principal.issuedAt}` : '';
    return {
      status: 'active',
      ...shared,
      reason: `temporary (ASIA) session key of ${principal.type} ${principal.arn}${when}; IAM cannot deactivate a session key, its issuer's older sessions can be revoked`,
    };
  }
}

interface PairResult {
  /** null: the check could not be made (network, throttling); the reason says why. */
  valid: boolean | null;
  identity?: CallerIdentity;
  reason?: string;
}

function withPair(verification: Verification, pair: PairResult | null): Verification {
  if (!pair) return verification;
  const out: Verification = { ...verification };
  if (pair.valid !== null) out.pairValid = pair.valid;
  if (pair.identity?.arn) out.arn = pair.identity.arn;
  const notes: string[] = [];
  if (out.reason) notes.push(out.reason);
  if (pair.valid && out.status === 'unverified') notes.push('the found pair works (sts:GetCallerIdentity)');
  if (!pair.valid && pair.reason) notes.push(pair.reason);
  if (notes.length > 0) out.reason = notes.join('; ');
  else delete out.reason;
  return out;
}
