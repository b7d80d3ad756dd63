// Shared set-up for the verify and respond tests: the local IAM/STS/CloudTrail server, an account with a
// "secret-guard" responder user whose only inline policy is one of the policy files in policies/, and helpers that
// build detections and configs. Keys are made at run time by the server (never stored in the repository).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AwsOptions } from '../../src/aws/options.js';
import { AwsSession } from '../../src/aws/session.js';
import { DEFAULT_CONFIG, type Config } from '../../src/config/config.js';
import { SecretValue } from '../../src/secret-value.js';
import type { Detection } from '../../src/types.js';
import { type AwsServer, type PolicyDocument, startAwsServer } from '../servers/aws/index.js';

export const ACCOUNT = '123456789012';
export const OTHER_ACCOUNT = '210987654321';
export const RESPONDER = 'secret-guard';

export function policyFile(name: 'verify' | 'respond'): PolicyDocument {
  return JSON.parse(
    readFileSync(new URL(`../../policies/${name}-policy.json`, import.meta.url), 'utf8'),
  ) as PolicyDocument;
}

/** A policy file with one action removed from every statement (statements left empty are dropped). */
export function policyWithout(name: 'verify' | 'respond', action: string): PolicyDocument {
  const doc = policyFile(name);
  const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  const kept = statements.flatMap((s) => {
    const actions = (Array.isArray(s.Action) ? s.Action : [s.Action ?? '']).filter((a) => a !== action);
    return actions.length > 0 ? [{ ...s, Action: actions }] : [];
  });
  return { ...doc, Statement: kept };
}

export interface Fixture {
  server: AwsServer;
  aws: AwsOptions;
  /** The responder's own key id. */
  responderKeyId: string;
  /** A run's AWS session (the responder's credentials by default), closed with the fixture. */
  session(config?: Config, aws?: AwsOptions): Promise<AwsSession>;
  close(): Promise<void>;
}

export function awsOptions(
  server: AwsServer,
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
): AwsOptions {
  return {
    region: 'us-east-1',
    endpoints: { iam: server.url, sts: server.url, cloudtrail: server.url },
    credentials: { ...credentials },
  };
}

export async function setUp(policy: 'verify' | 'respond' | PolicyDocument): Promise<Fixture> {
  const server = await startAwsServer();
  server.addAccount(ACCOUNT);
  server.addAccount(OTHER_ACCOUNT);
  server.addUser(ACCOUNT, RESPONDER, {
    SecretGuard: typeof policy === 'string' ? policyFile(policy) : policy,
  });
  const responder = server.addKey(ACCOUNT, RESPONDER);
  const sessions: AwsSession[] = [];
  const aws = awsOptions(server, responder);
  return {
    server,
    aws,
    responderKeyId: responder.accessKeyId,
    session: async (config = makeConfig(), options = aws) => {
      const session = await AwsSession.open(options, config.aws);
      sessions.push(session);
      return session;
    },
    close: async () => {
      for (const session of sessions) session.close();
      await server.close();
    },
  };
}

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? Partial<T[K]> : T[K] };

export function makeConfig(overrides: DeepPartial<Config> = {}): Config {
  return {
    ...DEFAULT_CONFIG,
    accounts: [ACCOUNT],
    ...overrides,
    allow: { ...DEFAULT_CONFIG.allow, ...overrides.allow },
    verify: { ...DEFAULT_CONFIG.verify, pairCheck: false, ...overrides.verify },
    aws: { ...DEFAULT_CONFIG.aws, callTimeoutMs: 3_000, ...overrides.aws },
    response: { ...DEFAULT_CONFIG.response, ...overrides.response },
  } as Config;
}

function fingerprint(rule: string, value: string): string {
  return createHash('sha256').update(`${rule}\0${value}`).digest('hex').slice(0, 32);
}

/** The detection of a key id (with its paired secret, if given) at a place in a commit. */
export function idDetection(
  keyId: string,
  options: {
    secret?: string;
    sessionToken?: string;
    file?: string;
    line?: number;
    commitDate?: string | null;
  } = {},
): Detection {
  const commitDate = options.commitDate === undefined ? '2026-01-02T03:04:05Z' : options.commitDate;
  return {
    rule: 'aws-access-key-id',
    file: options.file ?? 'config/prod.env',
    line: options.line ?? 3,
    column: 19,
    commit: commitDate
      ? {
          sha: '9fceb02d0ae598e95dc970b74767f19372d61af8',
          author: 'A',
          email: 'a@example.com',
          date: commitDate,
        }
      : null,
    keyId,
    secret: options.secret ? new SecretValue(options.secret) : null,
    sessionToken: options.sessionToken ? new SecretValue(options.sessionToken) : null,
    fingerprint: fingerprint('aws-access-key-id', keyId),
    pairFingerprint: options.secret ? fingerprint('aws-secret-access-key', options.secret) : null,
    account: null,
    lineText: '',
  };
}

/** The detection of a secret paired with a key id. */
export function secretDetection(keyId: string, secret: string): Detection {
  return {
    ...idDetection(keyId, { secret }),
    rule: 'aws-secret-access-key',
    line: 4,
    fingerprint: fingerprint('aws-secret-access-key', secret),
    pairFingerprint: fingerprint('aws-access-key-id', keyId),
  };
}

/** The server's calls of one action. */
export function callsOf(server: AwsServer, action: string) {
  return server.calls.filter((c) => c.action === action);
}

/** The detection of a leaked pair as the change holds it: the key id with its secret (and session token). */
export function leakOf(credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) {
  return idDetection(credentials.accessKeyId, {
    secret: credentials.secretAccessKey,
    ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
  });
}
