// What the fake AWS holds: accounts, IAM users, access keys, STS sessions, CloudTrail events.
import { randomBytes, randomUUID } from 'node:crypto';
import { makeKeyId, makeSecret } from '../../helpers/keys.js';
import {
  DEFAULT_REPORT_TIMING,
  type CredentialReportTiming,
  type ReportRecord,
} from './credential-report.js';
import { AwsError, type Service } from './protocol.js';
import { evaluate, MANAGED_POLICIES, type PolicyDocument } from './policy.js';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface KeyRecord {
  accessKeyId: string;
  secretAccessKey: string;
  accountId: string;
  userName: string;
  status: 'Active' | 'Inactive';
  created: Date;
  lastUsed?: { date: Date; service: string; region: string };
}

export interface SessionRecord {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  accountId: string;
  /** A user's session (GetSessionToken, mintSession) or a role's (assumeRole). */
  kind: 'user' | 'role';
  /** The user or role name. */
  principalName: string;
  /** Role sessions: the role session name. */
  sessionName?: string;
  /** User sessions: the long-term key it was minted from. */
  parentKeyId?: string;
  issuedAt: Date;
  expiresAt: Date;
}

export interface InlinePolicy {
  /** The JSON text as stored (PutUserPolicy) or serialised (addUser). */
  text: string;
  doc: PolicyDocument;
}

export interface UserRecord {
  accountId: string;
  userName: string;
  userId: string;
  path: string;
  created: Date;
  policies: Map<string, InlinePolicy>;
  attached: string[];
  tags: Map<string, string>;
}

export interface RoleRecord {
  accountId: string;
  roleName: string;
  roleId: string;
  path: string;
  created: Date;
  policies: Map<string, InlinePolicy>;
  attached: string[];
  tags: Map<string, string>;
}

export interface EventRecord {
  eventId: string;
  eventName: string;
  eventSource: string;
  eventTime: Date;
  awsRegion: string;
  sourceIPAddress: string;
  accessKeyId: string;
  /** The account whose trail holds the event (the key's account). */
  accountId: string;
  /** IAM user name, or the role session name for an assumed role (LookupEvents' Username). */
  userName?: string;
  principalId?: string;
  userArn?: string;
  /** Set when the call was signed with session credentials. */
  sessionIssuedAt?: Date;
  /** Set for assumed-role sessions: the role that issued them. */
  sessionIssuer?: { roleName: string; roleId: string; arn: string };
  readOnly: boolean;
  requestId: string;
  userAgent?: string;
  requestParameters?: Record<string, string> | null;
  errorCode?: string;
  errorMessage?: string;
}

/** The authenticated signer of a request. */
export interface Caller {
  accountId: string;
  /** The IAM user, for long-term keys and user sessions. */
  user?: UserRecord;
  /** The role, for assumed-role sessions. */
  role?: RoleRecord;
  accessKeyId: string;
  /** The caller's ARN as AWS names it: `…:user/name` or `arn:aws:sts::…:assumed-role/Role/session`. */
  arn: string;
  /** The IAM principal whose policies apply: the user or role ARN. */
  principalArn: string;
  /** GetCallerIdentity's UserId: the user id, or `roleId:sessionName`. */
  userId: string;
  /** Name for CloudTrail's userName / LookupEvents' Username: the user name or the role session name. */
  displayName: string;
  policies: Map<string, InlinePolicy>;
  attached: string[];
  session?: SessionRecord;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** The account encoded in a new-generation key id (reference 5.3), or null. */
function decodeAccount(keyId: string): string | null {
  const body = keyId.slice(4);
  if (body.length < 16) return null;
  let bits = 0n;
  for (const c of body.slice(0, 16)) {
    const v = BASE32.indexOf(c);
    if (v < 0) return null;
    bits = (bits << 5n) | BigInt(v);
  }
  if (((bits >> 79n) & 1n) === 0n) return null;
  return ((bits >> 39n) & ((1n << 40n) - 1n)).toString().padStart(12, '0');
}

export function userArn(accountId: string, userName: string, path = '/'): string {
  return `arn:aws:iam::${accountId}:user${path}${userName}`;
}

export function roleArn(accountId: string, roleName: string, path = '/'): string {
  return `arn:aws:iam::${accountId}:role${path}${roleName}`;
}

export interface AccountRecord {
  users: Map<string, UserRecord>;
  roles: Map<string, RoleRecord>;
}

export class AwsState {
  readonly accounts = new Map<string, AccountRecord>();
  readonly keys = new Map<string, KeyRecord>();
  readonly sessions = new Map<string, SessionRecord>();
  readonly events: EventRecord[] = [];
  /** Ids whose account is known without a key record (old-generation ids, deleted keys): for GetAccessKeyInfo. */
  readonly keyAccounts = new Map<string, string>();
  /** The latest credential report of each account. */
  readonly credentialReports = new Map<string, ReportRecord>();
  reportTiming: CredentialReportTiming = { ...DEFAULT_REPORT_TIMING };

  constructor(readonly now: () => Date) {}

  addAccount(accountId: string): void {
    if (!/^\d{12}$/.test(accountId))
      throw new Error(`addAccount: "${accountId}" is not a 12-digit account id`);
    if (!this.accounts.has(accountId)) this.accounts.set(accountId, { users: new Map(), roles: new Map() });
  }

  addUser(
    accountId: string,
    userName: string,
    policies: Record<string, PolicyDocument> = {},
    path = '/',
  ): UserRecord {
    this.addAccount(accountId);
    const users = this.accounts.get(accountId)!.users;
    if (users.has(userName)) throw new Error(`addUser: user ${userName} already exists in ${accountId}`);
    if (!/^[\w+=,.@-]{1,64}$/.test(userName)) throw new Error(`addUser: invalid user name "${userName}"`);
    const user: UserRecord = {
      accountId,
      userName,
      userId: this.uniqueId(accountId, 'AIDA'),
      path,
      created: this.now(),
      policies: new Map(),
      attached: [],
      tags: new Map(),
    };
    for (const [name, doc] of Object.entries(policies)) {
      user.policies.set(name, { text: JSON.stringify(doc), doc: structuredClone(doc) });
    }
    users.set(userName, user);
    return user;
  }

  getUser(accountId: string, userName: string): UserRecord | undefined {
    return this.accounts.get(accountId)?.users.get(userName);
  }

  /** Removes a user and its keys (IAM wants the keys deleted first; a fixture need not). False if there was none. */
  deleteUser(accountId: string, userName: string): boolean {
    const user = this.getUser(accountId, userName);
    if (!user) return false;
    for (const key of this.userKeys(user)) {
      this.keys.delete(key.accessKeyId);
      this.keyAccounts.set(key.accessKeyId, accountId);
    }
    this.accounts.get(accountId)!.users.delete(userName);
    return true;
  }

  addRole(
    accountId: string,
    roleName: string,
    policies: Record<string, PolicyDocument> = {},
    path = '/',
  ): RoleRecord {
    this.addAccount(accountId);
    const roles = this.accounts.get(accountId)!.roles;
    if (roles.has(roleName)) throw new Error(`addRole: role ${roleName} already exists in ${accountId}`);
    if (!/^[\w+=,.@-]{1,64}$/.test(roleName)) throw new Error(`addRole: invalid role name "${roleName}"`);
    const role: RoleRecord = {
      accountId,
      roleName,
      roleId: this.uniqueId(accountId, 'AROA'),
      path,
      created: this.now(),
      policies: new Map(),
      attached: [],
      tags: new Map(),
    };
    for (const [name, doc] of Object.entries(policies)) {
      role.policies.set(name, { text: JSON.stringify(doc), doc: structuredClone(doc) });
    }
    roles.set(roleName, role);
    return role;
  }

  getRole(accountId: string, roleName: string): RoleRecord | undefined {
    return this.accounts.get(accountId)?.roles.get(roleName);
  }

  uniqueId(accountId: string, prefix: string): string {
    for (;;) {
      const id = makeKeyId(accountId, prefix);
      if (!this.keys.has(id) && !this.sessions.has(id)) return id;
    }
  }

  createKey(
    accountId: string,
    userName: string,
    options: { status?: 'Active' | 'Inactive'; created?: Date; lastUsed?: KeyRecord['lastUsed'] } = {},
  ): KeyRecord {
    if (!this.getUser(accountId, userName))
      throw new Error(`addKey: no user ${userName} in account ${accountId}`);
    const key: KeyRecord = {
      accessKeyId: this.uniqueId(accountId, 'AKIA'),
      secretAccessKey: makeSecret(),
      accountId,
      userName,
      status: options.status ?? 'Active',
      created: options.created ?? this.now(),
      ...(options.lastUsed ? { lastUsed: { ...options.lastUsed } } : {}),
    };
    this.keys.set(key.accessKeyId, key);
    return key;
  }

  userKeys(user: UserRecord): KeyRecord[] {
    return [...this.keys.values()].filter(
      (k) => k.accountId === user.accountId && k.userName === user.userName,
    );
  }

  mintSession(fromAccessKeyId: string, issuedAt: Date, expiresAt: Date): SessionRecord {
    const parent = this.keys.get(fromAccessKeyId);
    if (!parent) throw new Error(`mintSession: ${fromAccessKeyId} is not a long-term key of this server`);
    return this.storeSession({
      accountId: parent.accountId,
      kind: 'user',
      principalName: parent.userName,
      parentKeyId: parent.accessKeyId,
      issuedAt,
      expiresAt,
    });
  }

  mintRoleSession(role: RoleRecord, sessionName: string, issuedAt: Date, expiresAt: Date): SessionRecord {
    return this.storeSession({
      accountId: role.accountId,
      kind: 'role',
      principalName: role.roleName,
      sessionName,
      issuedAt,
      expiresAt,
    });
  }

  private storeSession(
    fields: Omit<SessionRecord, 'accessKeyId' | 'secretAccessKey' | 'sessionToken'>,
  ): SessionRecord {
    const session: SessionRecord = {
      ...fields,
      accessKeyId: this.uniqueId(fields.accountId, 'ASIA'),
      secretAccessKey: makeSecret(),
      sessionToken: 'FwoGZXIvYXdzE' + randomBytes(180).toString('base64'),
    };
    this.sessions.set(session.accessKeyId, session);
    return session;
  }

  /** The caller a key id signs as, or undefined when its user or role is gone. */
  callerOf(key: KeyRecord | undefined, session: SessionRecord | undefined): Caller | undefined {
    if (key) {
      const user = this.getUser(key.accountId, key.userName);
      if (!user) return undefined;
      const arn = userArn(user.accountId, user.userName, user.path);
      return {
        accountId: user.accountId,
        user,
        accessKeyId: key.accessKeyId,
        arn,
        principalArn: arn,
        userId: user.userId,
        displayName: user.userName,
        policies: user.policies,
        attached: user.attached,
      };
    }
    if (!session) return undefined;
    if (session.kind === 'user') {
      const user = this.getUser(session.accountId, session.principalName);
      if (!user) return undefined;
      const arn = userArn(user.accountId, user.userName, user.path);
      return {
        accountId: user.accountId,
        user,
        accessKeyId: session.accessKeyId,
        arn,
        principalArn: arn,
        userId: user.userId,
        displayName: user.userName,
        policies: user.policies,
        attached: user.attached,
        session,
      };
    }
    const role = this.getRole(session.accountId, session.principalName);
    if (!role) return undefined;
    const sessionName = session.sessionName ?? 'session';
    return {
      accountId: role.accountId,
      role,
      accessKeyId: session.accessKeyId,
      arn: `arn:aws:sts::${role.accountId}:assumed-role/${role.roleName}/${sessionName}`,
      principalArn: roleArn(role.accountId, role.roleName, role.path),
      userId: `${role.roleId}:${sessionName}`,
      displayName: sessionName,
      policies: role.policies,
      attached: role.attached,
      session,
    };
  }

  /** Account of any key id: records first, then the offline decode. */
  accountOfKey(keyId: string): string | null {
    return (
      this.keys.get(keyId)?.accountId ??
      this.sessions.get(keyId)?.accountId ??
      this.keyAccounts.get(keyId) ??
      decodeAccount(keyId)
    );
  }

  /**
   * Authorises `action` on `resource` for the caller, from its user's inline and attached policies, with
   * `aws:TokenIssueTime` for session credentials. Throws AccessDenied with AWS's message.
   */
  authorize(
    caller: Caller,
    service: Service,
    action: string,
    resource: string,
    options: { implicitAllow?: boolean; sourceIp?: string; region?: string } = {},
  ): void {
    const docs: PolicyDocument[] = [...caller.policies.values()].map((p) => p.doc);
    for (const arn of caller.attached) {
      const managed = MANAGED_POLICIES[arn];
      if (managed) docs.push(managed);
    }
    const now = this.now();
    const context: Record<string, string | undefined> = {
      'aws:CurrentTime': now.toISOString(),
      'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
      'aws:username': caller.user?.userName,
      'aws:userid': caller.userId,
      'aws:PrincipalArn': caller.principalArn,
      'aws:PrincipalAccount': caller.accountId,
      'aws:PrincipalType': caller.role ? 'AssumedRole' : 'User',
      'aws:SecureTransport': 'false',
      'aws:SourceIp': options.sourceIp,
      'aws:RequestedRegion': options.region,
      'aws:TokenIssueTime': caller.session?.issuedAt.toISOString(),
      'aws:MultiFactorAuthPresent': caller.session ? 'false' : undefined,
    };
    const decision = evaluate(docs, { action, resource, context });
    if (decision === 'allow' || (decision === 'implicit-deny' && options.implicitAllow)) return;
    const on = resource === '*' ? '' : ` on resource: ${resource}`;
    const why =
      decision === 'explicit-deny'
        ? ' with an explicit deny in an identity-based policy'
        : ` because no identity-based policy allows the ${action} action`;
    throw accessDenied(service, `User: ${caller.arn} is not authorized to perform: ${action}${on}${why}`);
  }

  recordEvent(event: Omit<EventRecord, 'eventId' | 'requestId'> & { requestId?: string }): EventRecord {
    const full: EventRecord = { ...event, eventId: randomUUID(), requestId: event.requestId ?? randomUUID() };
    this.events.push(full);
    return full;
  }
}

/** AccessDenied in the service's own dialect: `AccessDenied` 403 for IAM/STS, `AccessDeniedException` 400 for JSON. */
function accessDenied(service: Service, message: string): AwsError {
  return service === 'cloudtrail'
    ? new AwsError('AccessDeniedException', 400, message)
    : new AwsError('AccessDenied', 403, message);
}

/** What an action handler gets: the state, the authenticated caller and the request. */
export interface HandlerContext {
  state: AwsState;
  caller: Caller;
  /** Query parameters without Action and Version (IAM, STS). */
  params: Record<string, string>;
  /** The parsed JSON body (CloudTrail). */
  json: Record<string, unknown>;
  region: string;
  sourceIp: string;
  /** Authorise for the caller; `implicitAllow` for actions that need no Allow but honour an explicit Deny. */
  authorize(action: string, resource: string, options?: { implicitAllow?: boolean }): void;
}
