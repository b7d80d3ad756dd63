// The `audit:` section of `.secret-guard.yml`: the rotation policy's limits, where the key inventory comes from,
// whether unused keys may be deactivated, and the documented exceptions (service accounts that cannot follow the
// policy). Validated here so that load-config.ts only wires it in.

export type InventorySource = 'auto' | 'credential-report' | 'listing';

/** One documented exception: a user (all its keys) or one key, with the reason a person gave and an end date. */
export interface AuditException {
  user: string | null;
  keyId: string | null;
  reason: string;
  /** The last day (UTC) the exception holds; null: no end. */
  expires: Date | null;
}

export interface AuditConfig {
  /** Active keys older than this many days are out of policy (CIS: 90). */
  maxAgeDays: number;
  /** Active keys unused (or never used) for longer than this many days are out of policy (CIS: 45). */
  maxUnusedDays: number;
  /** A user may hold two active keys this long while rotating. */
  twoKeysGraceDays: number;
  /** With --respond, deactivate active keys unused beyond maxUnusedDays (never one used since). */
  deactivateUnused: boolean;
  /** Credential report (one call for the whole account), the per-user listing, or the report with the listing as fallback. */
  source: InventorySource;
  allow: AuditException[];
}

export const DEFAULT_AUDIT_CONFIG: AuditConfig = {
  maxAgeDays: 90,
  maxUnusedDays: 45,
  // aws-samples' key rotation solution gives a rotated key 10 days before it is deactivated (InactiveBuffer).
  twoKeysGraceDays: 10,
  deactivateUnused: false,
  source: 'auto',
  allow: [],
};

export const AUDIT_KEYS = [
  'maxAgeDays',
  'maxUnusedDays',
  'twoKeysGraceDays',
  'deactivateUnused',
  'source',
  'allow',
];
const EXCEPTION_KEYS = ['user', 'keyId', 'reason', 'expires'];

/** How parseConfig reports a problem: names the key, never returns. */
export type Fail = (key: string, problem: string) => never;

/** A whole number of days, 1 to 3650: the limits' shared rule (also used for the CLI's flags). */
export function isDays(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 3650;
}

/** Validate the `audit:` mapping (already checked to be a mapping with known keys, or absent). */
export function parseAuditSection(section: Record<string, unknown>, fail: Fail): AuditConfig {
  const defaults = DEFAULT_AUDIT_CONFIG;
  const days = (name: 'maxAgeDays' | 'maxUnusedDays' | 'twoKeysGraceDays'): number => {
    const value = section[name];
    if (value === undefined || value === null) return defaults[name];
    if (!isDays(value)) return fail(`audit.${name}`, 'must be a whole number of days from 1 to 3650');
    return value;
  };
  let deactivateUnused = defaults.deactivateUnused;
  if (section.deactivateUnused !== undefined && section.deactivateUnused !== null) {
    if (typeof section.deactivateUnused !== 'boolean')
      fail('audit.deactivateUnused', 'must be true or false');
    deactivateUnused = section.deactivateUnused;
  }
  let source = defaults.source;
  if (section.source !== undefined && section.source !== null) {
    if (!['auto', 'credential-report', 'listing'].includes(section.source as string)) {
      fail('audit.source', 'must be auto, credential-report or listing');
    }
    source = section.source as InventorySource;
  }
  return {
    maxAgeDays: days('maxAgeDays'),
    maxUnusedDays: days('maxUnusedDays'),
    twoKeysGraceDays: days('twoKeysGraceDays'),
    deactivateUnused,
    source,
    allow: exceptions(section.allow, fail),
  };
}

function exceptions(value: unknown, fail: Fail): AuditException[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value))
    return fail('audit.allow', 'must be a list of { user | keyId, reason, expires? }');
  return value.map((item: unknown, i): AuditException => {
    const at = `audit.allow[${i}]`;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      return fail(at, 'must be a mapping with user or keyId, and reason');
    }
    const entry = item as Record<string, unknown>;
    for (const name of Object.keys(entry)) {
      if (!EXCEPTION_KEYS.includes(name))
        fail(`${at}.${name}`, `unknown key (known: ${EXCEPTION_KEYS.join(', ')})`);
    }
    const text = (name: string): string | null => {
      const v = entry[name];
      if (v === undefined || v === null) return null;
      if (typeof v !== 'string' || v.trim() === '')
        return fail(`${at}.${name}`, 'must be a non-empty string');
      return v.trim();
    };
    const user = text('user');
    const keyId = text('keyId');
    if ((user === null) === (keyId === null)) fail(at, 'name exactly one of user or keyId');
    if (keyId !== null && !/^A[A-Z0-9]{15,127}$/.test(keyId)) fail(`${at}.keyId`, 'must be an access key id');
    if (user !== null && !/^[\w+=,.@-]{1,64}$/.test(user)) fail(`${at}.user`, 'must be an IAM user name');
    const reason = text('reason');
    if (reason === null)
      fail(`${at}.reason`, 'is required: say why this exception exists (and who agreed to it)');
    return {
      user,
      keyId,
      reason: reason,
      expires: expiryDate(entry.expires, `${at}.expires`, fail),
    };
  });
}

/** `expires: 2026-12-31` (YAML may hand over a Date or a string): the end of that UTC day. */
function expiryDate(value: unknown, key: string, fail: Fail): Date | null {
  if (value === undefined || value === null) return null;
  const text = value instanceof Date ? value.toISOString().slice(0, 10) : value;
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(text))) {
    return fail(key, 'must be a date, YYYY-MM-DD');
  }
  return new Date(`${text}T23:59:59.999Z`);
}
