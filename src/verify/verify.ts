// Turns found key ids into verdicts. Offline first (canary accounts, foreign accounts, from the account decoded out
// of the key id), then IAM for keys of your accounts: iam:GetAccessKeyLastUsed (owner, last use) and
// iam:ListAccessKeys for that owner (status, created; one call per user, shared by that user's keys); CloudTrail for
// session keys. A key is a confirmed leak (`active`) only when the found pair is also proven to work
// (sts:GetCallerIdentity signed with it, pair-proof.ts); an Active key of yours without a working secret in the
// change is `exposed-id`. Each key id is verified once per run.
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
import type { AwsSession } from '../aws/session.js';
import type { Config } from '../config/config.js';
import { accountFromKeyId } from '../detect/account-id.js';
import { PAIR_WINDOW_LINES } from '../detect/pairing.js';
import { allowedKeyIds } from '../filter/allowed-key-id.js';
import type { Logger } from '../logger.js';
import type { Detection, KeyActivity, Verification } from '../types.js';
import { canaryService } from './canary-accounts.js';
import {
  exposureStart,
  lookupKeyEvents,
  principalOfEvents,
  summarizeEvents,
  type TrailPrincipal,
} from './key-activity.js';
import { type FoundCredential, type PairProof, provePair } from './pair-proof.js';

export interface VerifyOptions {
  config: Config;
  /** The run's AWS session; only used when some key id needs asking AWS. */
  session: AwsSession;
  /** Running in CI: `verify.pairCheck: auto` then proves each found pair. */
  inCi: boolean;
  /** A response follows: each found pair is proven whatever `verify.pairCheck` says. Default false. */
  responding?: boolean;
  logger: Logger;
  now?: () => Date;
}

/** Temporary credentials live at most 36 hours (IAM User Guide, "Disabling permissions for temporary credentials"). */
const SESSION_MAX_MS = 36 * 3_600_000;

interface KeyTask {
  keyId: string;
  /** The distinct secrets found with the key id (by fingerprint), each with the session token found with it. */
  found: FoundCredential[];
  /**
   * Secrets that pairing gave to another id, or to none, within the pairing window of this one (same file and
   * commit). Pairing gives each id one secret, the nearest: a mentioned id between a working pair's id and its
   * secret takes the secret, and a secret-like value between them (a `JWT_SECRET`) leaves the real one unpaired.
   * The proof tries these after the key's own, so that the working pair is still found.
   */
  nearby: FoundCredential[];
  /** The account decoded offline, or null for an old-format id. */
  decoded: string | null;
}

/** One entry per key id, with its distinct paired secrets (by fingerprint). */
function collectKeys(detections: readonly Detection[]): KeyTask[] {
  const byId = new Map<string, Map<string, FoundCredential>>();
  for (const detection of detections) {
    if (!detection.keyId) continue;
    let found = byId.get(detection.keyId);
    if (!found) byId.set(detection.keyId, (found = new Map<string, FoundCredential>()));
    if (!detection.secret) continue;
    const fingerprint =
      detection.rule === 'aws-secret-access-key' ? detection.fingerprint : (detection.pairFingerprint ?? '');
    const key = fingerprint || `#${found.size}`;
    // The same secret found once with its session token and once without: keep the one that can sign.
    if (!found.get(key)?.sessionToken) {
      found.set(key, { secret: detection.secret, sessionToken: detection.sessionToken });
    }
  }
  const nearby = nearbySecrets(detections);
  return [...byId].map(([keyId, found]) => ({
    keyId,
    found: [...found.values()],
    nearby: [...(nearby.get(keyId) ?? new Map<string, FoundCredential>())]
      .filter(([print]) => !found.has(print))
      .map(([, credential]) => credential),
    decoded: accountFromKeyId(keyId),
  }));
}

/** For each key id: the secrets paired with other ids, or with none, within PAIR_WINDOW_LINES of it, by fingerprint. */
function nearbySecrets(detections: readonly Detection[]): Map<string, Map<string, FoundCredential>> {
  const groups = new Map<string, { ids: Detection[]; secrets: Detection[] }>();
  for (const detection of detections) {
    const where = `${detection.commit?.sha ?? ''}\0${detection.file}`;
    let group = groups.get(where);
    if (!group) groups.set(where, (group = { ids: [], secrets: [] }));
    if (detection.rule === 'aws-access-key-id') group.ids.push(detection);
    else if (detection.secret) group.secrets.push(detection);
  }
  const nearby = new Map<string, Map<string, FoundCredential>>();
  for (const { ids, secrets } of groups.values()) {
    for (const id of ids) {
      for (const secret of secrets) {
        if (!id.keyId || secret.keyId === id.keyId || Math.abs(secret.line - id.line) > PAIR_WINDOW_LINES)
          continue;
        let found = nearby.get(id.keyId);
        if (!found) nearby.set(id.keyId, (found = new Map<string, FoundCredential>()));
        found.set(secret.fingerprint, { secret: secret.secret!, sessionToken: secret.sessionToken });
      }
    }
  }
  return nearby;
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

  // An allowed id (a home-made canary, a test key) reaches here only through a secret paired with it across
  // lines, which the filter keeps to be judged by itself: signing with the pair would set the canary off.
  const allowed = allowedKeyIds(config.allow.keyIds);
  for (const task of collectKeys(detections)) {
    const service = canaryService(task.decoded);
    if (allowed.has(task.keyId)) results.set(task.keyId, allowedVerdict(task.decoded));
    else if (service && task.decoded) results.set(task.keyId, canaryVerdict(task.decoded, service));
    else online.push(task);
  }
  if (online.length === 0) return results;

  logger.progress(`verifying ${online.length} access key id(s) with AWS`);
  const { session } = options;
  const pairCheck =
    options.responding === true ||
    (config.verify.pairCheck === 'auto' ? options.inCi : config.verify.pairCheck);
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

function allowedVerdict(account: string | null): Verification {
  return unverified(
    'an allowed key id (allow.keyIds): not sent to AWS and never acted on; the secret found with it is reported by itself',
    account ? { account } : {},
  );
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

  /** The proof of the found pair, when it is to be made and there is a pair to prove (never throws). */
  async #prove(task: KeyTask, account: string, found: readonly FoundCredential[]): Promise<PairProof | null> {
    return this.pairCheck && found.length > 0 ? provePair(this.session, task.keyId, found, account) : null;
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
    // The proof signs a request with the key, which IAM then records as the key's last use: it starts only once
    // the real last use has been read, and runs beside iam:ListAccessKeys. A long-term key signs without a token.
    const proof = this.#prove(
      task,
      account,
      [...task.found, ...task.nearby].map((f) => ({ secret: f.secret, sessionToken: null })),
    );
    if (failed) {
      const { error } = failed;
      const failure = describeAwsError(error, 'iam:GetAccessKeyLastUsed', region);
      if (failure.kind === 'not-found' || isUnknownKeyDenial(error)) {
        const proven = await proof;
        if (proven?.outcome === 'works') {
          return withProof(
            unverified('IAM does not know this key id, yet the found pair signs', { account }),
            proven,
          );
        }
        // IAM gives a key of another account the same answer: only IAM of the key's own account can say it is gone.
        const signer = await this.session.callerIdentity().then(
          (identity) => identity.account,
          () => null,
        );
        if (signer !== account) {
          return withProof(
            unverified(
              `IAM of account ${account} cannot be asked with ${signer ? `credentials of account ${signer}` : 'credentials of an unknown account'}: run secret-guard with credentials of account ${account} to verify it`,
              { account },
            ),
            proven,
          );
        }
        return {
          status: 'not-found',
          account,
          reason: `IAM has no access key ${task.keyId} in account ${account} (deleted, or never existed)`,
        };
      }
      return withProof(unverified(failure.reason, { account }), await proof);
    }

    const base: Verification = {
      status: 'unverified',
      account,
      lastUsed: lastUsed.date,
      ...(lastUsed.service ? { lastUsedService: lastUsed.service } : {}),
      ...(lastUsed.region ? { lastUsedRegion: lastUsed.region } : {}),
    };
    if (!lastUsed.userName) {
      return withProof(
        {
          ...base,
          reason: 'IAM names no user for this key (a root user key?): rotate it by hand as the root user',
        },
        await proof,
      );
    }
    base.user = lastUsed.userName;

    let keys: AccessKeyMeta[];
    try {
      keys = await this.#listKeys(lastUsed.userName);
    } catch (error) {
      const failure = describeAwsError(error, 'iam:ListAccessKeys', region);
      return withProof({ ...base, reason: failure.reason }, await proof);
    }
    const meta = keys.find((key) => key.accessKeyId === task.keyId);
    if (!meta) {
      await proof;
      return {
        ...base,
        status: 'not-found',
        reason: `user ${lastUsed.userName} has no access key ${task.keyId} any more (deleted)`,
      };
    }
    if (meta.created) base.created = meta.created;
    if (meta.status === 'Active') return judgeActive(base, task, await proof);
    await proof;
    // `Expired` exists in IAM's status enum too; anything but Active cannot sign.
    return meta.status === 'Inactive'
      ? { ...base, status: 'inactive' }
      : { ...base, status: 'inactive', reason: `IAM status ${meta.status}` };
  }

  /**
   * A session key has no IAM record. CloudTrail's events of the key name the principal (the user or role that
   * issued the session) and when it was issued (sessions live at most 36 hours); the proof, signed with the found
   * secret and session token, names it too and says whether it still works. Only a proven session is a leak.
   */
  async #verifyTemporary(task: KeyTask, account: string): Promise<Verification> {
    // CloudTrail first: what the key did before the proof adds a call of its own.
    const trail = await this.#readTrail(task);
    const proof = await this.#prove(
      task,
      account,
      task.found.filter((f) => f.sessionToken),
    );
    const shared = { account, activity: trail.activity };
    if (proof?.outcome === 'works') {
      const { arn } = proof.identity;
      return {
        status: 'active',
        ...shared,
        arn,
        user: principalOfArn(arn)?.name ?? arn,
        ...(trail.principal?.lastSeen ? { lastUsed: trail.principal.lastSeen } : {}),
        pairValid: true,
        reason: `temporary (ASIA) session key of ${arn}, proven with its session token; IAM cannot deactivate a session key, its issuer's older sessions can be revoked`,
      };
    }
    if (proof?.outcome === 'expired') {
      return {
        status: 'inactive',
        ...shared,
        pairValid: false,
        reason: `temporary key expired (AWS answered ${proof.answer})`,
      };
    }

    const principal = trail.principal;
    if (!principal) {
      const why = trail.failure
        ? `IAM keeps no record of session keys; ${trail.failure}`
        : 'IAM keeps no record of session keys and CloudTrail has no event of it naming its principal';
      return withProof(unverified(`temporary (ASIA) key: ${why}`, shared), proof);
    }
    const seen = {
      ...shared,
      arn: principal.arn,
      user: principalOfArn(principal.arn)?.name ?? principal.arn,
      lastUsed: principal.lastSeen,
    };
    const expired = expiredSession(principal, this.now());
    if (expired) return { status: 'inactive', ...seen, reason: expired };
    const verdict = unproven(task, proof, true);
    const issued = principal.issuedAt ? `, issued ${principal.issuedAt}` : '';
    const what = `temporary (ASIA) session key of ${principal.type} ${principal.arn}${issued}`;
    if ('exposed' in verdict) return exposedId(seen, `${what}: ${verdict.exposed}`);
    return unverified(`${what}, live by CloudTrail, but ${verdict.unknown}`, {
      ...seen,
      ...proofFields(proof),
    });
  }

  /** CloudTrail's account of a key since its exposure: the activity, and the principal its events name. */
  async #readTrail(
    task: KeyTask,
  ): Promise<{ activity: KeyActivity; principal: TrailPrincipal | null; failure: string | null }> {
    const now = this.now();
    const since = exposureStart(this.detections, task.keyId, now);
    const region = this.session.region;
    try {
      const lookup = await lookupKeyEvents(this.session, this.#gate, task.keyId, [region], since, now);
      return {
        activity: summarizeEvents(lookup, since),
        principal: principalOfEvents(lookup.events),
        failure: null,
      };
    } catch (error) {
      const failure = describeAwsError(error, 'cloudtrail:LookupEvents', { region });
      return {
        activity: { available: false, reason: `CloudTrail not read: ${failure.reason}` },
        principal: null,
        failure: failure.reason,
      };
    }
  }
}

/** Why a session seen in CloudTrail can no longer be live (issued, or last seen, more than 36 hours ago), or null. */
function expiredSession(principal: TrailPrincipal, now: Date): string | null {
  const issued = principal.issuedAt ? Date.parse(principal.issuedAt) : NaN;
  const lastSeen = principal.lastSeen ? Date.parse(principal.lastSeen) : NaN;
  const bound = Number.isFinite(issued) ? issued : lastSeen;
  if (!Number.isFinite(bound) || now.getTime() - bound <= SESSION_MAX_MS) return null;
  const when = Number.isFinite(issued) ? `issued ${principal.issuedAt}` : `last seen ${principal.lastSeen}`;
  return `temporary key expired (${when}; sessions last at most 36 hours)`;
}

/**
 * Why the change holds no proven credential for a live key: `exposed` when it holds none that works (only the id,
 * a secret AWS rejected, a session secret without its token), `unknown` when the proof was not made.
 */
function unproven(
  task: KeyTask,
  proof: Exclude<PairProof, { outcome: 'works' }> | null,
  session: boolean,
): { exposed: string } | { unknown: string } {
  if (task.found.length === 0) return { exposed: 'only its key id is in the change, not its secret' };
  if (session && !task.found.some((f) => f.sessionToken)) {
    return {
      exposed: 'its secret is in the change but not its session token, without which it cannot sign',
    };
  }
  if (proof === null) {
    return {
      unknown:
        'the secret found with it was not tried (verify.pairCheck: auto tries it in CI; it is always tried with --respond)',
    };
  }
  if (proof.outcome === 'not-made') return { unknown: `the found pair could not be proven: ${proof.reason}` };
  const what = session ? 'the secret and session token' : 'the secret';
  return { exposed: `AWS rejected ${what} found with it (${proof.answer}): not a working credential` };
}

/** The verdict on a key IAM has Active: a confirmed leak only with a proven pair. */
function judgeActive(base: Verification, task: KeyTask, proof: PairProof | null): Verification {
  if (proof?.outcome === 'works') {
    return {
      ...base,
      status: 'active',
      pairValid: true,
      ...(proof.identity.arn ? { arn: proof.identity.arn } : {}),
    };
  }
  const verdict = unproven(task, proof, false);
  if ('exposed' in verdict) return exposedId({ ...base, ...proofFields(proof) }, verdict.exposed);
  return {
    ...base,
    ...proofFields(proof),
    status: 'unverified',
    reason: `IAM has it Active, but ${verdict.unknown}`,
  };
}

/** An Active key of yours whose working secret is not in the change: said loudly, with its owner and what to do. */
function exposedId(base: Omit<Verification, 'status'>, why: string): Verification {
  const owner = base.user ? `user ${base.user}` : 'its owner';
  return {
    ...base,
    status: 'exposed-id',
    reason: `${why}. An Active key of yours, exposed without a working secret: not a proven leak, so not acted on. Ask ${owner} whether its secret leaked too, and rotate the key if in doubt`,
  };
}

/** What a proof adds to a verdict's fields: whether the pair works, and whose it is. */
function proofFields(proof: PairProof | null): Partial<Verification> {
  if (proof?.outcome === 'works')
    return { pairValid: true, ...(proof.identity.arn ? { arn: proof.identity.arn } : {}) };
  if (proof?.outcome === 'rejected' || proof?.outcome === 'expired') return { pairValid: false };
  return {};
}

/** A verdict that IAM could not settle, with what the proof found added to its fields and reason. */
function withProof(verification: Verification, proof: PairProof | null): Verification {
  if (!proof) return verification;
  const notes = verification.reason ? [verification.reason] : [];
  if (proof.outcome === 'works') notes.push('the found pair works (sts:GetCallerIdentity)');
  else if (proof.outcome === 'not-made') notes.push(`the found pair could not be proven: ${proof.reason}`);
  else notes.push(`AWS rejected the found pair (${proof.answer})`);
  return { ...verification, ...proofFields(proof), reason: notes.join('; ') };
}
