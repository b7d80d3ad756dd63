// An account for the audit tests on the local IAM server: an auditor user whose only policy is policies/audit-policy.json
// (plus what a test adds), and users whose keys cover every age and state, all relative to one clock.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AwsOptions } from '../../src/aws/options.js';
import { RecordingLogger } from '../../src/logger.js';
import type { AuditOptions } from '../../src/audit/audit.js';
import {
  startAwsServer,
  type AwsServer,
  type Credentials,
  type PolicyDocument,
} from '../servers/aws/index.js';

export const ACCOUNT = '123456789012';
export const AUDITOR = 'secret-guard-audit';
export const DAY = 86_400_000;

function auditPolicy(): PolicyDocument {
  return JSON.parse(
    readFileSync(new URL('../../policies/audit-policy.json', import.meta.url), 'utf8'),
  ) as PolicyDocument;
}

/** The audit policy without some actions (statements left empty are dropped), plus extra ones. */
export function policyWith(remove: string[], add: string[] = []): PolicyDocument {
  const doc = auditPolicy();
  const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  const kept = statements.flatMap((s) => {
    const actions = (Array.isArray(s.Action) ? s.Action : [s.Action ?? '']).filter(
      (a) => !remove.includes(a),
    );
    return actions.length > 0 ? [{ ...s, Action: actions }] : [];
  });
  if (add.length > 0) kept.push({ Effect: 'Allow', Action: add, Resource: 'arn:aws:iam::*:user/*' });
  return { ...doc, Statement: kept };
}

/** What each kind of user in `populate` holds, for assertions. */
export type Kind =
  | 'fresh' // one key, 10 days old, used yesterday: in policy
  | 'old' // one key, 200 days old, used yesterday: age
  | 'idle' // one key, 100 days old, last used 60 days ago: age + unused
  | 'idle-young' // one key, 50 days old, last used 47 days ago: unused
  | 'never' // one key, 60 days old, never used: never-used
  | 'new-never' // one key, 5 days old, never used: in policy
  | 'two' // two active keys, 80 and 30 days old, both used: two-active-keys on the older
  | 'inactive' // an active fresh key and an inactive 300-day-old one: inactive-not-deleted
  | 'none'; // no keys

const KINDS: Kind[] = ['fresh', 'old', 'idle', 'idle-young', 'never', 'new-never', 'two', 'inactive', 'none'];

export interface AuditWorld {
  server: AwsServer;
  auditor: Credentials;
  aws: AwsOptions;
  now: Date;
  /** A folder for .secret-guard.yml. */
  cwd: string;
  /** Key ids by user name. */
  keys: Map<string, string[]>;
  /** Credentials by key id, to make a key "used" by signing a call with it. */
  credentials: Map<string, Credentials>;
  logger: RecordingLogger;
  options(overrides?: Partial<AuditOptions>): AuditOptions;
  config(yaml: string): void;
  close(): Promise<void>;
}

export async function makeWorld(policy: PolicyDocument = auditPolicy()): Promise<AuditWorld> {
  const now = new Date();
  const server = await startAwsServer();
  server.addAccount(ACCOUNT);
  server.addUser(ACCOUNT, AUDITOR, { Audit: policy });
  const auditor = server.addKey(ACCOUNT, AUDITOR);
  const cwd = mkdtempSync(join(tmpdir(), 'sg-audit-'));
  const logger = new RecordingLogger();
  const aws: AwsOptions = {
    region: 'us-east-1',
    endpoints: { iam: server.url, sts: server.url, cloudtrail: server.url },
    credentials: { ...auditor },
  };
  const world: AuditWorld = {
    server,
    auditor,
    aws,
    now,
    cwd,
    keys: new Map(),
    credentials: new Map(),
    logger,
    options: (overrides = {}) => ({
      cwd,
      aws,
      respond: false,
      dryRun: false,
      github: null,
      now,
      reportPollMs: 50,
      logger,
      ...overrides,
    }),
    config: (yaml) => writeFileSync(join(cwd, '.secret-guard.yml'), yaml),
    close: async () => {
      rmSync(cwd, { recursive: true, force: true });
      await server.close();
    },
  };
  return world;
}

/** Adds a user of the given kind; returns its key ids (oldest first). */
export function addUser(world: AuditWorld, userName: string, kind: Kind): string[] {
  const { server, now } = world;
  const at = (days: number) => new Date(now.getTime() - days * DAY);
  const used = (days: number) => ({ date: at(days), service: 's3', region: 'eu-west-1' });
  server.addUser(ACCOUNT, userName);
  const specs: Array<Parameters<AwsServer['addKey']>[2]> = {
    fresh: [{ created: at(10), lastUsed: used(1) }],
    old: [{ created: at(200), lastUsed: used(1) }],
    idle: [{ created: at(100), lastUsed: used(60) }],
    'idle-young': [{ created: at(50), lastUsed: used(47) }],
    never: [{ created: at(60) }],
    'new-never': [{ created: at(5) }],
    two: [
      { created: at(80), lastUsed: used(2) },
      { created: at(30), lastUsed: used(1) },
    ],
    inactive: [
      { created: at(300), status: 'Inactive' as const, lastUsed: used(250) },
      { created: at(20), lastUsed: used(0) },
    ],
    none: [],
  }[kind];
  const ids = specs.map((spec) => {
    const creds = server.addKey(ACCOUNT, userName, spec);
    world.credentials.set(creds.accessKeyId, creds);
    return creds.accessKeyId;
  });
  world.keys.set(userName, ids);
  return ids;
}

/** `count` users cycling through every kind: `u-0000-fresh`, `u-0001-old`, … */
export function populate(world: AuditWorld, count: number): Map<string, Kind> {
  const kinds = new Map<string, Kind>();
  for (let i = 0; i < count; i++) {
    const kind = KINDS[i % KINDS.length]!;
    const name = `u-${String(i).padStart(4, '0')}-${kind}`;
    addUser(world, name, kind);
    kinds.set(name, kind);
  }
  return kinds;
}
