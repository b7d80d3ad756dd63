// The only place that talks to AWS. Holds the SDK (the hook path never loads it: see below), signs with the
// credentials it is given (or the SDK's default chain), and bounds every call in time: a per-call bound that
// covers the SDK's own retries, and an optional overall deadline shared by all calls of a run.
// Static imports: this module is itself only reached through `await import()` from the scan core, so the
// bundler puts the SDK in chunks that the hook path never loads (and keeps CommonJS interop right).
import { CloudTrailClient, LookupEventsCommand, type Event as TrailEvent } from '@aws-sdk/client-cloudtrail';
import {
  AttachUserPolicyCommand,
  GetAccessKeyLastUsedCommand,
  IAMClient,
  ListAccessKeysCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  TagUserCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { GetAccessKeyInfoCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import packageJson from '../../package.json' with { type: 'json' };
import type { AwsCredentials, AwsOptions } from './aws-options.js';
import { AwsTimeoutError } from './aws-error.js';
import type { SecretValue } from '../secret-value.js';

export type { AwsCredentials, AwsCredentialsProvider, AwsOptions } from './aws-options.js';

export const USER_AGENT = `secret-guard/${packageJson.version}`;

export interface AwsLimits {
  /** Bound for one call, SDK retries included. */
  callTimeoutMs: number;
  /** SDK attempts per call (throttling and transient errors are retried with backoff). */
  maxAttempts?: number;
  /** Aborts every call in flight and every later call when it fires. */
  deadline?: { signal: AbortSignal; ms: number };
}

/** IAM is global (us-east-1 signs it); STS and CloudTrail need a region. Used when none is configured anywhere. */
const FALLBACK_REGION = 'us-east-1';
const DEFAULT_ATTEMPTS = 3;

export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}

export interface AccessKeyMeta {
  accessKeyId: string;
  status: string;
  created: string | null;
}

export interface LastUsed {
  userName: string | null;
  date: string | null;
  service: string | null;
  region: string | null;
}

export class AwsApi {
  readonly region: string;
  readonly #aws: AwsOptions;
  readonly #limits: AwsLimits;
  #iam: Promise<IAMClient> | undefined;
  #sts: Promise<STSClient> | undefined;
  readonly #trail = new Map<string, Promise<CloudTrailClient>>();
  /** How many requests were started, by api; for the benchmark and logs. */
  readonly counts = new Map<string, number>();

  private constructor(aws: AwsOptions, limits: AwsLimits, region: string) {
    this.#aws = aws;
    this.#limits = limits;
    this.region = region;
  }

  /** Resolve the region (explicit, else the SDK's chain, else us-east-1) and prepare lazily-built clients. */
  static async open(aws: AwsOptions, limits: AwsLimits): Promise<AwsApi> {
    let region = aws.region;
    if (!region) {
      const probe = new STSClient({});
      try {
        region = await probe.config.region();
      } catch {
        region = FALLBACK_REGION;
      } finally {
        probe.destroy();
      }
    }
    return new AwsApi(aws, limits, region || FALLBACK_REGION);
  }

  #common(credentials?: AwsCredentials, maxAttempts?: number) {
    const ms = this.#limits.callTimeoutMs;
    const chosen = credentials ?? this.#aws.credentials;
    return {
      region: this.region,
      // Absent, not undefined: the SDK then uses its default credential chain.
      ...(chosen ? { credentials: chosen } : {}),
      customUserAgent: USER_AGENT,
      maxAttempts: maxAttempts ?? this.#limits.maxAttempts ?? DEFAULT_ATTEMPTS,
      requestHandler: { connectionTimeout: ms, requestTimeout: ms, throwOnRequestTimeout: true },
    };
  }

  /** The configured endpoint for a service, as a spread: absent keeps the SDK's own resolution (AWS_ENDPOINT_URL_*). */
  #endpoint(service: 'iam' | 'sts' | 'cloudtrail'): { endpoint?: string } {
    const url = this.#aws.endpoints?.[service];
    return url ? { endpoint: url } : {};
  }

  async #iamClient(): Promise<IAMClient> {
    this.#iam ??= Promise.resolve(new IAMClient({ ...this.#common(), ...this.#endpoint('iam') }));
    return this.#iam;
  }

  async #stsClient(): Promise<STSClient> {
    this.#sts ??= Promise.resolve(new STSClient({ ...this.#common(), ...this.#endpoint('sts') }));
    return this.#sts;
  }

  async #trailClient(region: string): Promise<CloudTrailClient> {
    let client = this.#trail.get(region);
    if (!client) {
      client = Promise.resolve(
        new CloudTrailClient({ ...this.#common(), region, ...this.#endpoint('cloudtrail') }),
      );
      this.#trail.set(region, client);
    }
    return client;
  }

  /**
   * Run one SDK call under the per-call bound and the overall deadline. The SDK gets the abort signal, and the
   * race makes the bound hold even where the SDK would wait (a retry back-off, a stalled socket).
   */
  async call<T>(api: string, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const deadline = this.#limits.deadline;
    if (deadline?.signal.aborted) throw new AwsTimeoutError(api, deadline.ms, true);
    this.counts.set(api, (this.counts.get(api) ?? 0) + 1);
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    let onDeadline: (() => void) | undefined;
    const bound = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new AwsTimeoutError(api, this.#limits.callTimeoutMs, false));
        controller.abort();
      }, this.#limits.callTimeoutMs);
      if (deadline) {
        onDeadline = () => {
          reject(new AwsTimeoutError(api, deadline.ms, true));
          controller.abort();
        };
        deadline.signal.addEventListener('abort', onDeadline, { once: true });
      }
    });
    try {
      return await Promise.race([run(controller.signal), bound]);
    } finally {
      clearTimeout(timer);
      if (deadline && onDeadline) deadline.signal.removeEventListener('abort', onDeadline);
    }
  }

  // ---- own identity -------------------------------------------------------------------------------------------

  /** sts:GetCallerIdentity with secret-guard's own credentials (needs no permission). */
  async callerIdentity(): Promise<CallerIdentity> {
    const sts = await this.#stsClient();
    const out = await this.call('sts:GetCallerIdentity', async (abortSignal) =>
      sts.send(new GetCallerIdentityCommand({}), { abortSignal }),
    );
    return { account: out.Account ?? '', arn: out.Arn ?? '', userId: out.UserId ?? '' };
  }

  /** The access key id secret-guard itself signs with, from its credential chain (no AWS call for static keys). */
  async ownAccessKeyId(): Promise<string | null> {
    const sts = await this.#stsClient();
    try {
      const credentials = await sts.config.credentials();
      return credentials.accessKeyId || null;
    } catch {
      return null;
    }
  }

  // ---- verification -------------------------------------------------------------------------------------------

  async getAccessKeyInfo(accessKeyId: string): Promise<string> {
    const sts = await this.#stsClient();
    const out = await this.call('sts:GetAccessKeyInfo', async (abortSignal) =>
      sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: accessKeyId }), { abortSignal }),
    );
    return out.Account ?? '';
  }

  async getAccessKeyLastUsed(accessKeyId: string): Promise<LastUsed> {
    const iam = await this.#iamClient();
    const out = await this.call('iam:GetAccessKeyLastUsed', async (abortSignal) =>
      iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: accessKeyId }), { abortSignal }),
    );
    const used = out.AccessKeyLastUsed;
    const known = (value: string | undefined) => (value && value !== 'N/A' ? value : null);
    return {
      userName: out.UserName ?? null,
      date: used?.LastUsedDate ? used.LastUsedDate.toISOString() : null,
      service: known(used?.ServiceName),
      region: known(used?.Region),
    };
  }

  async listAccessKeys(userName: string): Promise<AccessKeyMeta[]> {
    const iam = await this.#iamClient();
    const keys: AccessKeyMeta[] = [];
    let marker: string | undefined;
    // A user has at most two keys; the loop is for the contract, and capped so a broken server cannot spin it.
    for (let page = 0; page < 10; page++) {
      const out = await this.call('iam:ListAccessKeys', async (abortSignal) =>
        iam.send(new ListAccessKeysCommand({ UserName: userName, Marker: marker }), { abortSignal }),
      );
      for (const key of out.AccessKeyMetadata ?? []) {
        if (!key.AccessKeyId) continue;
        keys.push({
          accessKeyId: key.AccessKeyId,
          status: key.Status ?? 'unknown',
          created: key.CreateDate ? key.CreateDate.toISOString() : null,
        });
      }
      if (!out.IsTruncated || !out.Marker) break;
      marker = out.Marker;
    }
    return keys;
  }

  /**
   * sts:GetCallerIdentity signed with a found id/secret pair: proves the pair works. Its own client, one attempt
   * (the caller decides on retries), never the default chain. The secret is revealed only into the signer.
   */
  async pairIdentity(accessKeyId: string, secret: SecretValue): Promise<CallerIdentity> {
    const client = new STSClient({
      ...this.#common({ accessKeyId, secretAccessKey: secret.reveal() }, 1),
      ...this.#endpoint('sts'),
    });
    try {
      const out = await this.call('sts:GetCallerIdentity (found pair)', async (abortSignal) =>
        client.send(new GetCallerIdentityCommand({}), { abortSignal }),
      );
      return { account: out.Account ?? '', arn: out.Arn ?? '', userId: out.UserId ?? '' };
    } finally {
      client.destroy();
    }
  }

  /** One page of cloudtrail:LookupEvents for an access key id in one region. */
  async lookupEvents(
    region: string,
    accessKeyId: string,
    since: Date,
    until: Date,
    nextToken?: string,
  ): Promise<{ events: TrailEvent[]; nextToken: string | null }> {
    const trail = await this.#trailClient(region);
    const out = await this.call('cloudtrail:LookupEvents', async (abortSignal) =>
      trail.send(
        new LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: accessKeyId }],
          StartTime: since,
          EndTime: until,
          MaxResults: 50,
          NextToken: nextToken,
        }),
        { abortSignal },
      ),
    );
    return { events: out.Events ?? [], nextToken: out.NextToken ?? null };
  }

  // ---- response -----------------------------------------------------------------------------------------------

  async updateAccessKey(userName: string, accessKeyId: string, status: 'Inactive'): Promise<void> {
    const iam = await this.#iamClient();
    await this.call('iam:UpdateAccessKey', async (abortSignal) =>
      iam.send(new UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: accessKeyId, Status: status }), {
        abortSignal,
      }),
    );
  }

  async putUserPolicy(userName: string, policyName: string, policyDocument: string): Promise<void> {
    const iam = await this.#iamClient();
    await this.call('iam:PutUserPolicy', async (abortSignal) =>
      iam.send(
        new PutUserPolicyCommand({
          UserName: userName,
          PolicyName: policyName,
          PolicyDocument: policyDocument,
        }),
        { abortSignal },
      ),
    );
  }

  async putRolePolicy(roleName: string, policyName: string, policyDocument: string): Promise<void> {
    const iam = await this.#iamClient();
    await this.call('iam:PutRolePolicy', async (abortSignal) =>
      iam.send(
        new PutRolePolicyCommand({
          RoleName: roleName,
          PolicyName: policyName,
          PolicyDocument: policyDocument,
        }),
        { abortSignal },
      ),
    );
  }

  async attachUserPolicy(userName: string, policyArn: string): Promise<void> {
    const iam = await this.#iamClient();
    await this.call('iam:AttachUserPolicy', async (abortSignal) =>
      iam.send(new AttachUserPolicyCommand({ UserName: userName, PolicyArn: policyArn }), { abortSignal }),
    );
  }

  async tagUser(userName: string, tags: Array<{ Key: string; Value: string }>): Promise<void> {
    const iam = await this.#iamClient();
    await this.call('iam:TagUser', async (abortSignal) =>
      iam.send(new TagUserCommand({ UserName: userName, Tags: tags }), { abortSignal }),
    );
  }

  /** Close the clients' sockets so that a CLI run can exit at once. */
  async close(): Promise<void> {
    const clients = await Promise.allSettled([this.#iam, this.#sts, ...this.#trail.values()]);
    for (const settled of clients) if (settled.status === 'fulfilled') settled.value?.destroy();
  }
}
