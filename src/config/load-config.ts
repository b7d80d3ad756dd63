// Loads and validates `.secret-guard.yml`. Every error names the file and the key, so that a person can fix
// it in one go; the YAML parser is loaded only when there is a file to parse.
import { join } from 'node:path';
import { ConfigError } from '../errors.js';
import { AUDIT_KEYS, parseAuditSection } from './audit-config.js';
import { DEFAULT_CONFIG, type Config, type KeyIdOnlyMode, type QuarantineMode } from './config.js';
import { readSettingsFile } from './settings-file.js';

export const CONFIG_FILE = '.secret-guard.yml';

/** A configuration is a few lines; anything this large is a mistake, not worth the memory to parse. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * The configuration for a scan: `explicit` (from `--config`) must exist; otherwise `.secret-guard.yml` at
 * `root` is used when present, and the defaults when not.
 */
export async function loadConfig(root: string, explicit?: string): Promise<Config> {
  const file = explicit ?? join(root, CONFIG_FILE);
  let text: string;
  try {
    text = readSettingsFile(file, 'config', MAX_CONFIG_BYTES);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    if (!explicit && (error as NodeJS.ErrnoException).code === 'ENOENT') return DEFAULT_CONFIG;
    throw new ConfigError(`cannot read config ${file}: ${(error as Error).message}`);
  }
  return parseConfigText(text, file);
}

/** A configuration's text, parsed and validated; `file` names it in errors (a path, or `<rev>:<path>`). */
export async function parseConfigText(text: string, file: string): Promise<Config> {
  const { parse } = await import('./yaml-parser.js');
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new ConfigError(`${file}: not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  return parseConfig(data ?? {}, file);
}

type Obj = Record<string, unknown>;

const KNOWN: Record<string, string[]> = {
  '': ['accounts', 'allow', 'baseline', 'verify', 'aws', 'response', 'audit'],
  allow: ['paths', 'keyIds', 'comments'],
  // The last three are deprecated aliases of the aws.* keys of the same names.
  verify: ['pairCheck', 'callTimeoutSeconds', 'totalTimeoutSeconds', 'concurrency'],
  aws: ['callTimeoutSeconds', 'totalTimeoutSeconds', 'concurrency'],
  response: ['revokeSessions', 'quarantine', 'tagUser', 'keyIdOnly'],
  audit: AUDIT_KEYS,
};

/** Validate parsed YAML into a Config; throws ConfigError naming `file` and the offending key. */
export function parseConfig(data: unknown, file: string): Config {
  const fail = (key: string, problem: string): never => {
    throw new ConfigError(`${file}: ${key}: ${problem}`);
  };
  const object = (value: unknown, key: string): Obj => {
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value)) return fail(key, 'must be a mapping');
    const section = key === '(top level)' ? '' : key;
    for (const name of Object.keys(value)) {
      if (!KNOWN[section]?.includes(name)) {
        // Cut short, as the baseline's messages are: a secret pasted where a key goes must not reach a log.
        const shown = name.length > 24 ? `${name.slice(0, 24)}…` : name;
        fail(section ? `${section}.${shown}` : shown, `unknown key (known: ${KNOWN[section]?.join(', ')})`);
      }
    }
    return value as Obj;
  };
  const strings = (value: unknown, key: string, check?: (s: string) => boolean, what?: string): string[] => {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) return fail(key, 'must be a list');
    return value.map((item: unknown, i) => {
      const text = typeof item === 'number' ? String(item) : item;
      if (typeof text !== 'string' || text === '') return fail(`${key}[${i}]`, 'must be a non-empty string');
      if (check && !check(text)) return fail(`${key}[${i}]`, `must be ${what}`);
      return text;
    });
  };
  const bool = (value: unknown, key: string, fallback: boolean): boolean => {
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'boolean') return fail(key, 'must be true or false');
    return value;
  };
  const seconds = (value: unknown, key: string, fallbackMs: number): number => {
    if (value === undefined || value === null) return fallbackMs;
    if (typeof value !== 'number' || !(value > 0) || value > 3600)
      return fail(key, 'must be a number of seconds (0 to 3600)');
    return value * 1000;
  };

  const top = object(data, '(top level)');
  const allow = object(top.allow, 'allow');
  const verify = object(top.verify, 'verify');
  const aws = object(top.aws, 'aws');
  const response = object(top.response, 'response');
  const audit = object(top.audit, 'audit');
  const defaults = DEFAULT_CONFIG;
  /** `aws.<name>`, or its deprecated alias `verify.<name>`, with the key the file used (for its errors). */
  const awsKey = (name: string): { value: unknown; key: string } => {
    const given = (value: unknown) => value !== undefined && value !== null;
    if (!given(verify[name])) return { value: aws[name], key: `aws.${name}` };
    if (given(aws[name]))
      fail(`verify.${name}`, `deprecated alias of aws.${name}, which is set too: keep only aws.${name}`);
    return { value: verify[name], key: `verify.${name}` };
  };

  let pairCheck: boolean | 'auto' = defaults.verify.pairCheck;
  if (verify.pairCheck !== undefined && verify.pairCheck !== null) {
    if (verify.pairCheck !== 'auto' && typeof verify.pairCheck !== 'boolean') {
      fail('verify.pairCheck', 'must be true, false or auto');
    }
    pairCheck = verify.pairCheck as boolean | 'auto';
  }
  let concurrency = defaults.aws.concurrency;
  const concurrencyKey = awsKey('concurrency');
  if (concurrencyKey.value !== undefined && concurrencyKey.value !== null) {
    const n = concurrencyKey.value;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 64) {
      fail(concurrencyKey.key, 'must be a whole number from 1 to 64');
    }
    concurrency = n as number;
  }
  const callTimeout = awsKey('callTimeoutSeconds');
  const totalTimeout = awsKey('totalTimeoutSeconds');
  let quarantine: QuarantineMode = defaults.response.quarantine;
  if (response.quarantine !== undefined && response.quarantine !== null) {
    if (!['none', 'deny-all', 'aws-managed'].includes(response.quarantine as string)) {
      fail('response.quarantine', 'must be none, deny-all or aws-managed');
    }
    quarantine = response.quarantine as QuarantineMode;
  }
  let keyIdOnly: KeyIdOnlyMode = defaults.response.keyIdOnly;
  if (response.keyIdOnly !== undefined && response.keyIdOnly !== null) {
    if (response.keyIdOnly !== 'report' && response.keyIdOnly !== 'deactivate') {
      fail('response.keyIdOnly', 'must be report or deactivate');
    }
    keyIdOnly = response.keyIdOnly as KeyIdOnlyMode;
  }
  let baseline: string | null = null;
  if (top.baseline !== undefined && top.baseline !== null) {
    if (typeof top.baseline !== 'string' || top.baseline === '') fail('baseline', 'must be a file path');
    baseline = top.baseline as string;
  }

  return {
    file,
    accounts: strings(
      top.accounts,
      'accounts',
      (s) => /^\d{12}$/.test(s),
      "a 12-digit AWS account id (quote it, '012345678901', so YAML keeps leading zeros)",
    ),
    allow: {
      // Each glob allows what it matches: `!test/real/**` would allow every path outside test/real.
      paths: strings(
        allow.paths,
        'allow.paths',
        (s) => !s.startsWith('!'),
        'a glob of paths to allow, not a negation (`!x` would allow every path outside x: list the paths to allow)',
      ),
      keyIds: strings(allow.keyIds, 'allow.keyIds', (s) => /^A[A-Z0-9]{15,127}$/.test(s), 'an access key id'),
      comments: bool(allow.comments, 'allow.comments', defaults.allow.comments),
    },
    baseline,
    verify: { pairCheck },
    aws: {
      callTimeoutMs: seconds(callTimeout.value, callTimeout.key, defaults.aws.callTimeoutMs),
      totalTimeoutMs: seconds(totalTimeout.value, totalTimeout.key, defaults.aws.totalTimeoutMs),
      concurrency,
    },
    response: {
      revokeSessions: bool(
        response.revokeSessions,
        'response.revokeSessions',
        defaults.response.revokeSessions,
      ),
      quarantine,
      tagUser: bool(response.tagUser, 'response.tagUser', defaults.response.tagUser),
      keyIdOnly,
    },
    audit: parseAuditSection(audit, fail),
  };
}
