// A local IAM-, STS- and CloudTrail-compatible HTTP server for tests. The real AWS SDK v3 clients talk to it over
// HTTP (`endpoint: server.url`, `region: 'us-east-1'`): AWS Query protocol with XML for IAM and STS, AWS JSON 1.1
// for CloudTrail. Every request's SigV4 signature is checked against the keys the server holds, and every action
// but GetCallerIdentity is authorised against the signer's IAM policies. See README.md next to this file.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CLOUDTRAIL_ACTIONS } from './cloudtrail.js';
import type { CredentialReportTiming } from './credential-report.js';
import { IAM_ACTIONS } from './iam.js';
import type { PolicyDocument } from './policy.js';
import {
  API_VERSION,
  AwsError,
  CLOUDTRAIL_TARGET_PREFIXES,
  flattenJson,
  jsonError,
  queryError,
  querySuccess,
  type Service,
} from './protocol.js';
import { parseAmzDate, parseAuthorization, signatureMatches, type ParsedAuthorization } from './sigv4.js';
import { AwsState, type Caller, type Credentials, type EventRecord, type HandlerContext } from './state.js';
import { STS_ACTIONS } from './sts.js';

export type { PolicyDocument } from './policy.js';
export type { Credentials } from './state.js';

type Fault = {
  action?: string;
  service?: 'iam' | 'sts' | 'cloudtrail';
  /** Only requests with these parameter values, e.g. `{ UserName: 'bob' }` for one user's calls. */
  params?: Record<string, string>;
  times?: number;
} & (
  | { kind: 'throttle' } // 400 Throttling "Rate exceeded" (IAM/STS); ThrottlingException for CloudTrail
  | { kind: 'server-error' } // 500 ServiceFailure (IAM) / InternalFailure (STS, CloudTrail)
  | { kind: 'slow'; delayMs: number } // answer normally after delayMs (the action still takes effect)
  | { kind: 'drop' } // destroy the socket without answering
  | { kind: 'delete-user' } // the request's UserName is deleted (with its keys) just before it is served
);

interface AwsCall {
  service: 'iam' | 'sts' | 'cloudtrail';
  /** The operation name, e.g. `UpdateAccessKey` (empty if the request named none). */
  action: string;
  /** The key id the request claimed to be signed with (null without an Authorization header). */
  accessKeyId: string | null;
  /** Query parameters without Action/Version; for CloudTrail the JSON body flattened (`LookupAttributes.1.AttributeKey`). */
  params: Record<string, string>;
  /** HTTP status sent; 0 while in flight or when the connection was dropped. */
  status: number;
  errorCode?: string;
}

/** A CloudTrail event as the server holds it (see AwsServer.events). */
type AwsEvent = Readonly<EventRecord>;

export interface AwsServer {
  readonly url: string;
  addAccount(accountId: string): void;
  /** An IAM user with inline policies (name → document). A statement without Resource means Resource "*". */
  addUser(accountId: string, userName: string, policies?: Record<string, PolicyDocument>): void;
  /** A new access key for the user: a real-format key id encoding the account (makeKeyId), a random secret. */
  addKey(
    accountId: string,
    userName: string,
    options?: {
      status?: 'Active' | 'Inactive';
      created?: Date;
      lastUsed?: { date: Date; service: string; region: string };
    },
  ): Credentials;
  /** Temporary credentials (ASIA…, with a session token) minted from a user's key at `issuedAt` (default now). */
  mintSession(fromAccessKeyId: string, options?: { issuedAt?: Date; expiresAt?: Date }): Credentials;
  /** Status of a long-term key; undefined for unknown, deleted and session (ASIA) key ids. */
  keyStatus(accessKeyId: string): 'Active' | 'Inactive' | undefined;
  user(
    accountId: string,
    userName: string,
  ):
    | { policies: Record<string, PolicyDocument>; attachedPolicies: string[]; tags: Record<string, string> }
    | undefined;
  /** Every request received, in arrival order: what the tests assert on. Never holds a secret. */
  readonly calls: AwsCall[];
  /** Add a CloudTrail event as if the key had made a call (the server also records every call it serves). */
  recordEvent(event: {
    accessKeyId: string;
    eventName: string;
    eventSource?: string;
    sourceIPAddress?: string;
    awsRegion?: string;
    eventTime?: Date;
  }): void;
  injectFault(fault: Fault): void;
  clearFaults(): void;
  close(): Promise<void>;

  // Additions beyond the agreed API.
  /** The CloudTrail events held, oldest first (recorded calls and recordEvent). */
  readonly events: readonly AwsEvent[];
  /** Delete a user and its keys (as if someone removed it mid-audit). False when there was no such user. */
  deleteUser(accountId: string, userName: string): boolean;
  /** How long credential reports take to generate, are reused and stay available, on the server clock. */
  setCredentialReportTiming(timing: Partial<CredentialReportTiming>): void;
  /** Teach GetAccessKeyInfo the account of an id no user holds (e.g. an old-generation AKIAI… id). */
  setKeyAccount(accessKeyId: string, accountId: string): void;
  /** Last-used data of a long-term key, as GetAccessKeyLastUsed reports it. */
  keyLastUsed(accessKeyId: string): { date: Date; service: string; region: string } | undefined;
  /** An IAM role with inline policies. Its sessions come from assumeRole (there is no STS AssumeRole action). */
  addRole(accountId: string, roleName: string, policies?: Record<string, PolicyDocument>): void;
  /** Temporary credentials of an assumed-role session (`arn:aws:sts::<acct>:assumed-role/<role>/<sessionName>`). */
  assumeRole(
    accountId: string,
    roleName: string,
    options?: { sessionName?: string; issuedAt?: Date; expiresAt?: Date },
  ): Credentials;
  role(
    accountId: string,
    roleName: string,
  ):
    | { policies: Record<string, PolicyDocument>; attachedPolicies: string[]; tags: Record<string, string> }
    | undefined;
}

export interface AwsServerOptions {
  /**
   * The server's clock (request-time checks, session expiry, CloudTrail times, aws:CurrentTime, credential report
   * generation). Default: Date.
   */
  now?: () => Date;
  /** Credential report timing (setCredentialReportTiming). */
  credentialReport?: Partial<CredentialReportTiming>;
}

const SKEW_MS = 15 * 60 * 1000;
const READ_ONLY_RE = /^(Get|List|Lookup|Describe)/;

type PendingFault = Fault & { remaining: number };

function isService(s: string): s is Service {
  return s === 'iam' || s === 'sts' || s === 'cloudtrail';
}

function amzDate(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** Authentication failures in each protocol's dialect (IAM/STS query codes; CloudTrail JSON codes). */
function authError(
  service: Service,
  kind: 'invalid-token' | 'signature' | 'expired' | 'missing',
  message?: string,
) {
  const json = service === 'cloudtrail';
  switch (kind) {
    case 'invalid-token':
      return json
        ? new AwsError(
            'UnrecognizedClientException',
            400,
            'The security token included in the request is invalid.',
          )
        : new AwsError('InvalidClientTokenId', 403, 'The security token included in the request is invalid.');
    case 'expired':
      return json
        ? new AwsError('ExpiredTokenException', 400, 'The security token included in the request is expired')
        : new AwsError('ExpiredToken', 403, 'The security token included in the request is expired');
    case 'missing':
      return json
        ? new AwsError('MissingAuthenticationTokenException', 400, 'Missing Authentication Token')
        : new AwsError('MissingAuthenticationToken', 403, 'Request is missing Authentication Token');
    case 'signature': {
      const text =
        message ??
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret ' +
          'Access Key and signing method. Consult the service documentation for details.';
      return json
        ? new AwsError('InvalidSignatureException', 400, text)
        : new AwsError('SignatureDoesNotMatch', 403, text);
    }
  }
}

class LocalAwsServer implements AwsServer {
  readonly calls: AwsCall[] = [];
  readonly state: AwsState;
  private faults: PendingFault[] = [];
  private readonly timers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  url = '';

  constructor(
    private readonly server: Server,
    now: () => Date,
  ) {
    this.state = new AwsState(now);
  }

  get events(): readonly AwsEvent[] {
    return this.state.events;
  }

  addAccount(accountId: string): void {
    this.state.addAccount(accountId);
  }

  addUser(accountId: string, userName: string, policies: Record<string, PolicyDocument> = {}): void {
    this.state.addUser(accountId, userName, policies);
  }

  addKey(
    accountId: string,
    userName: string,
    options?: {
      status?: 'Active' | 'Inactive';
      created?: Date;
      lastUsed?: { date: Date; service: string; region: string };
    },
  ): Credentials {
    const key = this.state.createKey(accountId, userName, options);
    return { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey };
  }

  mintSession(fromAccessKeyId: string, options: { issuedAt?: Date; expiresAt?: Date } = {}): Credentials {
    const issuedAt = options.issuedAt ?? this.state.now();
    const expiresAt = options.expiresAt ?? new Date(issuedAt.getTime() + 12 * 3600 * 1000);
    const s = this.state.mintSession(fromAccessKeyId, issuedAt, expiresAt);
    return { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey, sessionToken: s.sessionToken };
  }

  keyStatus(accessKeyId: string): 'Active' | 'Inactive' | undefined {
    return this.state.keys.get(accessKeyId)?.status;
  }

  keyLastUsed(accessKeyId: string): { date: Date; service: string; region: string } | undefined {
    const used = this.state.keys.get(accessKeyId)?.lastUsed;
    return used ? { ...used } : undefined;
  }

  addRole(accountId: string, roleName: string, policies: Record<string, PolicyDocument> = {}): void {
    this.state.addRole(accountId, roleName, policies);
  }

  assumeRole(
    accountId: string,
    roleName: string,
    options: { sessionName?: string; issuedAt?: Date; expiresAt?: Date } = {},
  ): Credentials {
    const role = this.state.getRole(accountId, roleName);
    if (!role) throw new Error(`assumeRole: no role ${roleName} in account ${accountId}`);
    const issuedAt = options.issuedAt ?? this.state.now();
    const expiresAt = options.expiresAt ?? new Date(issuedAt.getTime() + 3600 * 1000);
    const s = this.state.mintRoleSession(role, options.sessionName ?? 'session', issuedAt, expiresAt);
    return { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey, sessionToken: s.sessionToken };
  }

  role(accountId: string, roleName: string) {
    const r = this.state.getRole(accountId, roleName);
    if (!r) return undefined;
    return {
      policies: Object.fromEntries([...r.policies].map(([name, p]) => [name, structuredClone(p.doc)])),
      attachedPolicies: [...r.attached],
      tags: Object.fromEntries(r.tags),
    };
  }

  setKeyAccount(accessKeyId: string, accountId: string): void {
    this.state.keyAccounts.set(accessKeyId, accountId);
  }

  deleteUser(accountId: string, userName: string): boolean {
    return this.state.deleteUser(accountId, userName);
  }

  setCredentialReportTiming(timing: Partial<CredentialReportTiming>): void {
    this.state.reportTiming = { ...this.state.reportTiming, ...timing };
  }

  user(accountId: string, userName: string) {
    const u = this.state.getUser(accountId, userName);
    if (!u) return undefined;
    return {
      policies: Object.fromEntries([...u.policies].map(([name, p]) => [name, structuredClone(p.doc)])),
      attachedPolicies: [...u.attached],
      tags: Object.fromEntries(u.tags),
    };
  }

  recordEvent(event: {
    accessKeyId: string;
    eventName: string;
    eventSource?: string;
    sourceIPAddress?: string;
    awsRegion?: string;
    eventTime?: Date;
  }): void {
    const key = this.state.keys.get(event.accessKeyId);
    const session = this.state.sessions.get(event.accessKeyId);
    const accountId = this.state.accountOfKey(event.accessKeyId);
    if (accountId === null) {
      throw new Error(
        `recordEvent: cannot tell the account of ${event.accessKeyId}; use setKeyAccount first`,
      );
    }
    const caller = this.state.callerOf(key, session);
    this.state.recordEvent({
      eventName: event.eventName,
      eventSource: event.eventSource ?? 'iam.amazonaws.com',
      eventTime: event.eventTime ?? this.state.now(),
      awsRegion: event.awsRegion ?? 'us-east-1',
      sourceIPAddress: event.sourceIPAddress ?? '203.0.113.10',
      accessKeyId: event.accessKeyId,
      accountId,
      ...(caller ? eventIdentity(caller) : {}),
      readOnly: READ_ONLY_RE.test(event.eventName),
      requestParameters: null,
    });
  }

  injectFault(fault: Fault): void {
    this.faults.push({ ...fault, remaining: fault.times ?? 1 });
  }

  clearFaults(): void {
    this.faults = [];
  }

  async close(): Promise<void> {
    for (const t of this.timers) {
      clearTimeout(t.timer);
      t.resolve();
    }
    this.timers.clear();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private takeFault(service: Service, action: string, params: Record<string, string>): Fault | undefined {
    const i = this.faults.findIndex(
      (f) =>
        (f.service === undefined || f.service === service) &&
        (f.action === undefined || f.action === action || f.action === `${service}:${action}`) &&
        Object.entries(f.params ?? {}).every(([name, value]) => params[name] === value),
    );
    if (i < 0) return undefined;
    const fault = this.faults[i]!;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.splice(i, 1);
    return fault;
  }

  private async sleep(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.timers.delete(entry);
          resolve();
        }, ms),
        resolve,
      };
      this.timers.add(entry);
    });
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const requestId = randomUUID();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const authHeader = typeof req.headers.authorization === 'string' ? req.headers.authorization : undefined;
    const auth = parseAuthorization(authHeader);
    const target = typeof req.headers['x-amz-target'] === 'string' ? req.headers['x-amz-target'] : undefined;

    // Which service: the SigV4 scope says; without a usable one, the request's shape.
    const form = new URLSearchParams(body);
    let service: Service;
    if (auth && isService(auth.service)) service = auth.service;
    else if (target !== undefined) service = 'cloudtrail';
    else
      service = (form.get('Version') ?? url.searchParams.get('Version')) === API_VERSION.sts ? 'sts' : 'iam';

    let action: string;
    let params: Record<string, string> = {};
    let json: Record<string, unknown> = {};
    let badJson = false;
    if (service === 'cloudtrail') {
      const prefix = CLOUDTRAIL_TARGET_PREFIXES.find((p) => target?.startsWith(p));
      action = prefix && target ? target.slice(prefix.length) : '';
      try {
        const parsed: unknown = body.trim() === '' ? {} : JSON.parse(body);
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) badJson = true;
        else json = parsed as Record<string, unknown>;
      } catch {
        badJson = true;
      }
      params = flattenJson(json);
    } else {
      for (const [k, v] of url.searchParams) params[k] = v;
      for (const [k, v] of form) params[k] = v;
      action = params.Action ?? '';
    }
    const version = params.Version;
    const publicParams = Object.fromEntries(
      Object.entries(params).filter(([k]) => k !== 'Action' && k !== 'Version'),
    );
    const call: AwsCall = {
      service,
      action,
      accessKeyId: auth?.accessKeyId ?? null,
      params: service === 'cloudtrail' ? params : publicParams,
      status: 0,
    };
    this.calls.push(call);

    const send = (status: number, text: string, error?: AwsError) => {
      call.status = status;
      if (error) call.errorCode = error.code;
      if (res.destroyed || res.writableEnded) return;
      const headers: Record<string, string> = {
        'x-amzn-RequestId': requestId,
        Date: this.state.now().toUTCString(),
        'Content-Type': service === 'cloudtrail' ? 'application/x-amz-json-1.1' : 'text/xml',
      };
      if (error && service === 'cloudtrail') headers['x-amzn-ErrorType'] = error.code;
      res.writeHead(status, headers);
      res.end(text);
    };
    const fail = (error: AwsError) =>
      send(
        error.status,
        service === 'cloudtrail' ? jsonError(error) : queryError(service, error, requestId),
        error,
      );

    const fault = this.takeFault(service, action, params);
    if (fault) {
      switch (fault.kind) {
        case 'drop':
          req.socket.destroy();
          return;
        case 'throttle':
          return fail(
            service === 'cloudtrail'
              ? new AwsError('ThrottlingException', 400, 'Rate exceeded')
              : new AwsError('Throttling', 400, 'Rate exceeded'),
          );
        case 'server-error':
          return fail(
            service === 'iam'
              ? new AwsError(
                  'ServiceFailure',
                  500,
                  'The request processing has failed because of an unknown error.',
                )
              : new AwsError('InternalFailure', 500, 'An internal error occurred.'),
          );
        case 'slow':
          await this.sleep(fault.delayMs);
          if (!this.server.listening) return;
          break;
        case 'delete-user':
          break; // after authentication, when the account is known
      }
    }

    let caller: Caller;
    try {
      caller = await this.authenticate(service, auth, authHeader, {
        method: req.method ?? 'POST',
        path: url.pathname,
        query: Object.fromEntries(
          [...new Set(url.searchParams.keys())].map((k) => {
            const all = url.searchParams.getAll(k);
            return [k, all.length === 1 ? all[0]! : all];
          }),
        ),
        headers: req.headers,
        body,
      });
    } catch (e) {
      return fail(e instanceof AwsError ? e : new AwsError('InternalFailure', 500, String(e)));
    }
    if (fault?.kind === 'delete-user' && params.UserName)
      this.state.deleteUser(caller.accountId, params.UserName);
    const region = auth!.region;
    const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
    const now = this.state.now();
    if (!caller.session) {
      const key = this.state.keys.get(caller.accessKeyId);
      if (key) key.lastUsed = { date: now, service, region };
    }

    let error: AwsError | undefined;
    try {
      if (service === 'cloudtrail') {
        const handler = CLOUDTRAIL_ACTIONS[action];
        if (!handler)
          throw new AwsError('UnknownOperationException', 400, `Unknown operation ${target ?? ''}`);
        if (badJson) throw new AwsError('SerializationException', 400, 'Malformed JSON request body.');
        const result = handler(this.context(caller, params, json, region, sourceIp));
        send(200, JSON.stringify(result));
      } else {
        if (version !== API_VERSION[service]) {
          throw new AwsError(
            version === undefined ? 'MissingParameter' : 'InvalidAction',
            400,
            version === undefined
              ? 'The request must contain the parameter Version'
              : `Could not find operation ${action} for version ${version}`,
          );
        }
        const handler = (service === 'iam' ? IAM_ACTIONS : STS_ACTIONS)[action];
        if (!handler) {
          throw new AwsError(
            action === '' ? 'MissingAction' : 'InvalidAction',
            400,
            action === '' ? 'Missing Action' : `Could not find operation ${action} for version ${version}`,
          );
        }
        const result = handler(this.context(caller, publicParams, json, region, sourceIp));
        send(200, querySuccess(service, action, result, requestId));
      }
    } catch (e) {
      error =
        e instanceof AwsError
          ? e
          : new AwsError('InternalFailure', 500, e instanceof Error ? e.message : String(e));
      fail(error);
    }

    // CloudTrail logs every authenticated call that reached the service, failed ones with their error code.
    this.state.recordEvent({
      eventName: action,
      eventSource: `${service}.amazonaws.com`,
      eventTime: now,
      awsRegion: region,
      sourceIPAddress: sourceIp,
      accessKeyId: caller.accessKeyId,
      accountId: caller.accountId,
      ...eventIdentity(caller),
      readOnly: READ_ONLY_RE.test(action),
      requestId,
      ...(typeof req.headers['user-agent'] === 'string' ? { userAgent: req.headers['user-agent'] } : {}),
      requestParameters: requestParameters(service === 'cloudtrail' ? params : publicParams),
      ...(error ? { errorCode: error.code, errorMessage: error.message } : {}),
    });
  }

  private context(
    caller: Caller,
    params: Record<string, string>,
    json: Record<string, unknown>,
    region: string,
    sourceIp: string,
  ): HandlerContext {
    const state = this.state;
    return {
      state,
      caller,
      params,
      json,
      region,
      sourceIp,
      authorize(action, resource, options = {}) {
        const svc = action.split(':')[0];
        state.authorize(caller, isService(svc ?? '') ? (svc as Service) : 'iam', action, resource, {
          ...options,
          sourceIp,
          region,
        });
      },
    };
  }

  private async authenticate(
    service: Service,
    auth: ParsedAuthorization | null,
    authHeader: string | undefined,
    raw: Parameters<typeof signatureMatches>[0],
  ): Promise<Caller> {
    if (!auth) {
      if (authHeader === undefined) throw authError(service, 'missing');
      throw new AwsError(
        service === 'cloudtrail' ? 'IncompleteSignatureException' : 'IncompleteSignature',
        400,
        `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters. Authorization=${authHeader.split(' ')[0] ?? ''}`,
      );
    }
    const amz = typeof raw.headers['x-amz-date'] === 'string' ? raw.headers['x-amz-date'] : undefined;
    const signingDate = parseAmzDate(amz);
    if (!signingDate || !auth.signedHeaders.includes('x-amz-date') || !auth.signedHeaders.includes('host')) {
      throw new AwsError(
        service === 'cloudtrail' ? 'IncompleteSignatureException' : 'IncompleteSignature',
        400,
        "Authorization header requires existence of a signed 'X-Amz-Date' and 'Host' header.",
      );
    }
    const now = this.state.now();
    const skew = signingDate.getTime() - now.getTime();
    if (Math.abs(skew) > SKEW_MS) {
      const bound = amzDate(new Date(now.getTime() + (skew < 0 ? -SKEW_MS : SKEW_MS)));
      throw authError(
        service,
        'signature',
        skew < 0
          ? `Signature expired: ${amz} is now earlier than ${bound} (${amzDate(now)} - 15 min.)`
          : `Signature not yet current: ${amz} is still later than ${bound} (${amzDate(now)} + 15 min.)`,
      );
    }
    if (auth.shortDate !== amz!.slice(0, 8)) {
      throw authError(
        service,
        'signature',
        `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.shortDate}' != '${amz!.slice(0, 8)}', from '${amz}'.`,
      );
    }
    if (auth.service !== service) {
      throw authError(service, 'signature', `Credential should be scoped to correct service: '${service}'. `);
    }
    const token = raw.headers['x-amz-security-token'];
    const key = this.state.keys.get(auth.accessKeyId);
    const session = this.state.sessions.get(auth.accessKeyId);
    let secret: string;
    if (key) {
      if (key.status !== 'Active' || token !== undefined) throw authError(service, 'invalid-token');
      secret = key.secretAccessKey;
    } else if (session) {
      if (token !== session.sessionToken || !auth.signedHeaders.includes('x-amz-security-token')) {
        throw authError(service, 'invalid-token');
      }
      secret = session.secretAccessKey;
    } else {
      throw authError(service, 'invalid-token');
    }
    if (!(await signatureMatches(raw, auth, secret, signingDate))) throw authError(service, 'signature');
    if (session && session.expiresAt.getTime() <= now.getTime()) throw authError(service, 'expired');
    const caller = this.state.callerOf(key, session);
    if (!caller) throw authError(service, 'invalid-token');
    return caller;
  }
}

/** The userIdentity part of a CloudTrail event for a caller. */
function eventIdentity(
  caller: Caller,
): Pick<EventRecord, 'userName' | 'principalId' | 'userArn' | 'sessionIssuedAt' | 'sessionIssuer'> {
  return {
    userName: caller.displayName,
    principalId: caller.userId,
    userArn: caller.arn,
    ...(caller.session ? { sessionIssuedAt: caller.session.issuedAt } : {}),
    ...(caller.role
      ? {
          sessionIssuer: {
            roleName: caller.role.roleName,
            roleId: caller.role.roleId,
            arn: caller.principalArn,
          },
        }
      : {}),
  };
}

/** CloudTrail-style requestParameters: top-level scalars with lower-camel names (lists are left out). */
function requestParameters(params: Record<string, string>): Record<string, string> | null {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    if (k.includes('.')) continue;
    out[k.charAt(0).toLowerCase() + k.slice(1)] = v;
  }
  return Object.keys(out).length > 0 ? out : null;
}

export async function startAwsServer(options: AwsServerOptions = {}): Promise<AwsServer> {
  const holder: { instance?: LocalAwsServer } = {};
  const server = createServer((req, res) => {
    holder.instance!.handle(req, res).catch((e: unknown) => {
      // A bug in the server itself, not an AWS error: make it loud.
      console.error('local AWS server error:', e);
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(`local AWS server error: ${e instanceof Error ? e.message : String(e)}`);
      }
    });
  });
  const instance = new LocalAwsServer(server, options.now ?? (() => new Date()));
  if (options.credentialReport) instance.setCredentialReportTiming(options.credentialReport);
  holder.instance = instance;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  instance.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return instance;
}
