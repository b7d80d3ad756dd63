// Proof that a found credential works: sts:GetCallerIdentity signed with the found key id and secret (and, for a
// session key, its token). Only a pair AWS accepts is a working credential. A pair AWS rejects is not one, and the
// answer AWS gave is kept for the verdict. GetCallerIdentity needs no permission, so a working pair always passes.
import { describeAwsError } from '../aws/errors.js';
import type { AwsSession, CallerIdentity } from '../aws/session.js';
import type { SecretValue } from '../secret-value.js';

/** A secret found with a key id, and the session token found with them (session keys only). */
export interface FoundCredential {
  secret: SecretValue;
  sessionToken: SecretValue | null;
}

export type PairProof =
  | { outcome: 'works'; identity: CallerIdentity }
  /** AWS rejected every pair tried (SignatureDoesNotMatch, InvalidClientTokenId, …): `answer` is its error code. */
  | { outcome: 'rejected'; answer: string }
  /** AWS says the session expired (ExpiredToken): it worked once and works no more. */
  | { outcome: 'expired'; answer: string }
  /** No proof either way (unreachable, throttled, timed out): `reason` says why. */
  | { outcome: 'not-made'; reason: string };

/** trufflehog saw transient SignatureDoesNotMatch from GetCallerIdentity; it resubmits once. So do we, after a pause. */
const RETRY_PAUSE_MS = 500;
/**
 * Answers that say nothing of the pair and may pass (the proof's client makes one attempt, outside the run's retry
 * budget): asked once more after the pause, with the rejected ones.
 */
const TRANSIENT = new Set(['throttled', 'server', 'timeout', 'unreachable']);
/**
 * Distinct credentials tried with one key id: every secret-like value of a pairing window (five lines either side)
 * and a few more. An env file holds JWT_SECRET, SESSION_SECRET and the like beside the AWS pair.
 */
const MAX_TRIED = 16;

/**
 * Sign sts:GetCallerIdentity with each found credential in turn, until one works; those AWS rejected for their
 * signature, or did not answer for (throttled, 5xx, timed out), are tried once more after one pause. Never throws.
 * @param account the key's account: an answer that names another (or none) proves nothing, since AWS names the
 * signer's own account; it comes from an endpoint that answers anything (a proxy, a stub), and acting on it would
 * act on a rumour.
 */
export async function provePair(
  session: AwsSession,
  accessKeyId: string,
  found: readonly FoundCredential[],
  account: string,
): Promise<PairProof> {
  let rejected: string | null = null;
  let expired: string | null = null;
  let candidates = found.slice(0, MAX_TRIED);
  for (let attempt = 0; attempt < 2 && candidates.length > 0; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
    const again: FoundCredential[] = [];
    for (const [index, credential] of candidates.entries()) {
      try {
        const identity = await session.identityOf({
          accessKeyId,
          secretAccessKey: credential.secret.reveal(),
          ...(credential.sessionToken ? { sessionToken: credential.sessionToken.reveal() } : {}),
        });
        const named = /^arn:aws[\w-]*:(?:iam|sts)::(\d{12}):/.exec(identity.arn)?.[1];
        if (identity.account !== account || named !== account) {
          return {
            outcome: 'not-made',
            reason: `sts:GetCallerIdentity answered for account ${identity.account.slice(0, 20) || 'none'} (${identity.arn.slice(0, 200) || 'no ARN'}), not the key's account ${account}: not a proof`,
          };
        }
        return { outcome: 'works', identity };
      } catch (error) {
        const failure = describeAwsError(error, 'sts:GetCallerIdentity', { region: session.region });
        const answer = failure.code ?? failure.kind;
        if (failure.kind === 'expired') expired = answer;
        // Without a session token, InvalidClientTokenId is about the key id (unknown, inactive): no secret will do.
        else if (failure.kind === 'invalid-token' && !credential.sessionToken)
          return { outcome: 'rejected', answer };
        else if (failure.kind === 'signature' || failure.kind === 'invalid-token') rejected = answer;
        else if (!TRANSIENT.has(failure.kind) || attempt > 0)
          return { outcome: 'not-made', reason: failure.reason };
        else {
          // STS is not answering now: wait once, then ask again for this one and the rest.
          again.push(...candidates.slice(index));
          break;
        }
        if (failure.kind === 'signature') again.push(credential);
      }
    }
    candidates = again;
  }
  // A session AWS says expired was real once: that answer outranks a rejected secret.
  if (expired) return { outcome: 'expired', answer: expired };
  if (found.length > MAX_TRIED) {
    return {
      outcome: 'not-made',
      reason: `${found.length} secrets were found near it and only ${MAX_TRIED} were tried, none working`,
    };
  }
  if (rejected) return { outcome: 'rejected', answer: rejected };
  return { outcome: 'not-made', reason: 'no credential to try' };
}
