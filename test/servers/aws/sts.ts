// STS actions (AWS Query protocol, version 2011-06-15).
import { AwsError, node, required, tag, validationError } from './protocol.js';
import type { HandlerContext } from './state.js';
import type { QueryHandler } from './iam.js';

export const STS_ACTIONS: Record<string, QueryHandler> = {
  /** Needs no permission and cannot be denied (STS docs): any valid, active signer gets an answer. */
  GetCallerIdentity(ctx: HandlerContext) {
    return (
      tag('Arn', ctx.caller.arn) + tag('UserId', ctx.caller.userId) + tag('Account', ctx.caller.accountId)
    );
  },

  GetAccessKeyInfo(ctx) {
    const id = required(ctx.params, 'AccessKeyId');
    if (!/^\w{16,128}$/.test(id)) {
      throw validationError(
        `1 validation error detected: Value '${id}' at 'accessKeyId' failed to satisfy constraint: ` +
          'Member must satisfy regular expression pattern: [\\w]*',
      );
    }
    ctx.authorize('sts:GetAccessKeyInfo', '*');
    const account = ctx.state.accountOfKey(id);
    if (account === null) {
      // AWS answers with some account for any id; the server cannot know it for an old-generation id it was not
      // told about (AwsServer.setKeyAccount), so it says so instead of inventing one.
      throw new AwsError(
        'InvalidParameterValue',
        400,
        `The local test server does not know the account of ${id}.`,
      );
    }
    return tag('Account', account);
  },

  /**
   * No permission is needed (STS docs: you cannot use policies to control authentication operations), but an
   * explicit Deny on sts:GetSessionToken, as in the quarantine policies, does block it.
   */
  GetSessionToken(ctx) {
    if (ctx.caller.session) {
      throw new AwsError('AccessDenied', 403, 'Cannot call GetSessionToken with session credentials');
    }
    const raw = ctx.params.DurationSeconds;
    const duration = raw === undefined ? 43_200 : Number(raw);
    if (!Number.isInteger(duration) || duration < 900 || duration > 129_600) {
      throw validationError(
        `1 validation error detected: Value '${raw}' at 'durationSeconds' failed to satisfy constraint: ` +
          `Member must have value ${duration < 900 ? 'greater than or equal to 900' : 'less than or equal to 129600'}`,
      );
    }
    ctx.authorize('sts:GetSessionToken', '*', { implicitAllow: true });
    const issuedAt = ctx.state.now();
    const session = ctx.state.mintSession(
      ctx.caller.accessKeyId,
      issuedAt,
      new Date(issuedAt.getTime() + duration * 1000),
    );
    return node(
      'Credentials',
      tag('AccessKeyId', session.accessKeyId) +
        tag('SecretAccessKey', session.secretAccessKey) +
        tag('SessionToken', session.sessionToken) +
        tag('Expiration', session.expiresAt),
    );
  },
};
