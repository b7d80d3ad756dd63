// One AWS session per run: the one place that holds the SDK clients. It resolves the region once, bounds every call
// in time (a per-call bound that covers the SDK's retries, and one deadline for all the calls of the run), and
// shares one retry budget between its clients (retry.ts). The core opens it only when a run verifies or responds,
// and hands it to verify, respond and key activity (and to the audit and the Action), which make their calls with
// `session.call(api, (signal) => session.iam().send(command, { abortSignal: signal }))`.
// Static imports: this module is itself only reached through `await import()` from the scan core, so the bundler
// puts the SDK in chunks that the hook path never loads (and keeps CommonJS interop right).
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import packageJson from '../../package.json' with { type: 'json' };
import type { AwsSettings } from '../config/config.js';
import { AwsTimeoutError } from './errors.js';
import type { AwsCredentials, AwsOptions } from './options.js';
import { BudgetedRetryStrategy, RetryBudget } from './retry.js';

const USER_AGENT = `secret-guard/${packageJson.version}`;

/** IAM is global (us-east-1 signs it); STS and CloudTrail need a region. Used when none is configured anywhere. */
const FALLBACK_REGION = 'us-east-1';
/** SDK attempts per call (throttling and transient errors are retried with backoff, within the run's budget). */
const ATTEMPTS = 3;

export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}

type Service = 'iam' | 'sts' | 'cloudtrail';

export class AwsSession {
  readonly region: string;
  /** The limits every AWS call of the run obeys (`aws.*` in the configuration). */
  readonly settings: AwsSettings;
  readonly #options: AwsOptions;
  readonly #deadline: AbortSignal;
  readonly #budget = new RetryBudget();
  #iam: IAMClient | undefined;
  #sts: STSClient | undefined;
  readonly #trails = new Map<string, CloudTrailClient>();
  #identity: Promise<CallerIdentity> | undefined;

  private constructor(options: AwsOptions, settings: AwsSettings, region: string) {
    this.#options = options;
    this.settings = settings;
    this.region = region;
    // The run's deadline starts now: every later call shares it.
    this.#deadline = AbortSignal.timeout(settings.totalTimeoutMs);
  }

  /** Resolve the region (explicit, else the SDK's chain, else us-east-1); clients are built on first use. */
  static async open(options: AwsOptions, settings: AwsSettings): Promise<AwsSession> {
    let region = options.region;
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
    return new AwsSession(options, settings, region || FALLBACK_REGION);
  }

  /** The client settings every client shares; `credentials` replaces the configured ones (a found pair). */
  #common(service: Service, credentials?: AwsCredentials) {
    const ms = this.settings.callTimeoutMs;
    const chosen = credentials ?? this.#options.credentials;
    const endpoint = this.#options.endpoints?.[service];
    return {
      region: this.region,
      // Absent, not undefined: the SDK then uses its default credential chain and endpoint resolution
      // (AWS_ENDPOINT_URL_*).
      ...(chosen ? { credentials: chosen } : {}),
      ...(endpoint ? { endpoint } : {}),
      customUserAgent: USER_AGENT,
      requestHandler: { connectionTimeout: ms, requestTimeout: ms, throwOnRequestTimeout: true },
    };
  }

  /** One strategy per client: the SDK's adaptive limiter is per service, the retry budget is the run's. */
  #retry() {
    return { maxAttempts: ATTEMPTS, retryStrategy: new BudgetedRetryStrategy(this.#budget, ATTEMPTS) };
  }

  /** IAM, signed with secret-guard's own credentials. */
  iam(): IAMClient {
    this.#iam ??= new IAMClient({ ...this.#common('iam'), ...this.#retry() });
    return this.#iam;
  }

  /** STS, signed with secret-guard's own credentials. */
  sts(): STSClient {
    this.#sts ??= new STSClient({ ...this.#common('sts'), ...this.#retry() });
    return this.#sts;
  }

  /** CloudTrail in a region (event history is regional); the session's region by default. */
  cloudTrail(region: string = this.region): CloudTrailClient {
    let client = this.#trails.get(region);
    if (!client) {
      client = new CloudTrailClient({ ...this.#common('cloudtrail'), region, ...this.#retry() });
      this.#trails.set(region, client);
    }
    return client;
  }

  /**
   * Run one SDK call under the per-call bound and the run's deadline. The SDK gets the abort signal, and the race
   * makes the bound hold even where the SDK would wait (a retry back-off, a stalled socket).
   * @param api the IAM action name, such as `iam:ListAccessKeys`: named in time-out errors.
   */
  async call<T>(api: string, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const deadline = this.#deadline;
    const { callTimeoutMs, totalTimeoutMs } = this.settings;
    if (deadline.aborted) throw new AwsTimeoutError(api, totalTimeoutMs, true);
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    let onDeadline: (() => void) | undefined;
    const bound = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new AwsTimeoutError(api, callTimeoutMs, false));
        controller.abort();
      }, callTimeoutMs);
      onDeadline = () => {
        reject(new AwsTimeoutError(api, totalTimeoutMs, true));
        controller.abort();
      };
      deadline.addEventListener('abort', onDeadline, { once: true });
    });
    try {
      return await Promise.race([run(controller.signal), bound]);
    } finally {
      clearTimeout(timer);
      if (onDeadline) deadline.removeEventListener('abort', onDeadline);
    }
  }

  /** sts:GetCallerIdentity with secret-guard's own credentials (needs no permission); asked once per run. */
  async callerIdentity(): Promise<CallerIdentity> {
    if (!this.#identity) {
      const asked = this.#askIdentity(this.sts(), 'sts:GetCallerIdentity');
      this.#identity = asked;
      // A failure is not kept: a later caller may ask again.
      void asked.catch(() => {
        if (this.#identity === asked) this.#identity = undefined;
      });
    }
    return this.#identity;
  }

  /**
   * sts:GetCallerIdentity signed with other credentials (a found pair): proves they work. Its own client with one
   * attempt and no share in the retry budget (the caller decides on retries); never the default chain. The
   * secret goes only into the signer.
   */
  async identityOf(credentials: AwsCredentials): Promise<CallerIdentity> {
    const client = new STSClient({ ...this.#common('sts', credentials), maxAttempts: 1 });
    try {
      return await this.#askIdentity(client, 'sts:GetCallerIdentity (found pair)');
    } finally {
      client.destroy();
    }
  }

  async #askIdentity(client: STSClient, api: string): Promise<CallerIdentity> {
    const out = await this.call(api, async (abortSignal) =>
      client.send(new GetCallerIdentityCommand({}), { abortSignal }),
    );
    return { account: out.Account ?? '', arn: out.Arn ?? '', userId: out.UserId ?? '' };
  }

  /** The access key id secret-guard itself signs with, from its credential chain (no AWS call for static keys). */
  async ownAccessKeyId(): Promise<string | null> {
    try {
      const credentials = await this.sts().config.credentials();
      return credentials.accessKeyId || null;
    } catch {
      return null;
    }
  }

  /** Close the clients' sockets so that a CLI run can exit at once. */
  close(): void {
    for (const client of [this.#iam, this.#sts, ...this.#trails.values()]) client?.destroy();
    this.#iam = undefined;
    this.#sts = undefined;
    this.#trails.clear();
  }
}
