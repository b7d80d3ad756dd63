// Reads IAM's credential report (CSV, columns as the IAM User Guide's "Understanding the report format" lists them)
// into audited keys. The report names no key ids: each user has two key slots, each with `active` (TRUE only for an
// Active key), `last_rotated` (creation; N/A for an empty slot, a date for an Inactive key too) and the last use.
// Columns are found by name, so added columns do no harm; a row that cannot be read is returned, never dropped.
import type { AuditedKey, LastUse } from './inventory.js';

const ROOT_USER = '<root_account>';

const KEY_FIELDS = ['active', 'last_rotated', 'last_used_date', 'last_used_region', 'last_used_service'];
const REQUIRED = ['user', ...[1, 2].flatMap((n) => KEY_FIELDS.map((f) => `access_key_${n}_${f}`))];

export interface ReportRow {
  userName: string;
  keys: AuditedKey[];
}

interface BrokenRow {
  /** 1-based line of the CSV. */
  line: number;
  /** The user the row is about, when its first field says so. */
  userName: string | null;
  reason: string;
}

export interface ParsedReport {
  rows: ReportRow[];
  broken: BrokenRow[];
  /** Active access keys of the root user (CIS: it should have none; IAM's user APIs cannot name them). */
  rootActiveKeys: number;
}

/** The report cannot be read at all (no header, required columns missing). */
export class ReportFormatError extends Error {
  override name = 'ReportFormatError';
}

/** RFC 4180 fields of one CSV text: quoted fields may hold commas, quotes ("") and line breaks. */
export function csvRecords(text: string): Array<{ line: number; fields: string[] }> {
  const records: Array<{ line: number; fields: string[] }> = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  const endRecord = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0] !== '') records.push({ line: recordLine, fields });
    fields = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += c;
    }
  }
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}

/** A report time, or null for `N/A`, `no_information`, `not_supported` and anything else that is not a date. */
function time(value: string | undefined): Date | null {
  if (!value || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms);
}

function known(value: string | undefined): string | null {
  return value && value !== 'N/A' ? value : null;
}

export function parseCredentialReport(csv: string): ParsedReport {
  const [header, ...records] = csvRecords(csv);
  if (!header) throw new ReportFormatError('the credential report is empty');
  const index = new Map(header.fields.map((name, i) => [name.trim(), i]));
  const missing = REQUIRED.filter((name) => !index.has(name));
  if (missing.length > 0) {
    throw new ReportFormatError(`the credential report lacks the column(s) ${missing.join(', ')}`);
  }
  const rows: ReportRow[] = [];
  const broken: BrokenRow[] = [];
  let rootActiveKeys = 0;
  for (const { line, fields } of records) {
    const get = (name: string) => fields[index.get(name)!];
    const userName = fields[index.get('user')!]?.trim() || null;
    if (fields.length !== header.fields.length || userName === null) {
      broken.push({
        line,
        userName,
        reason: `credential report line ${line} has ${fields.length} fields, the header ${header.fields.length}`,
      });
      continue;
    }
    const keys: AuditedKey[] = [];
    let bad: string | null = null;
    for (const n of [1, 2]) {
      const active = get(`access_key_${n}_active`)?.toLowerCase();
      const rotated = get(`access_key_${n}_last_rotated`);
      const created = time(rotated);
      if (active !== 'true' && active !== 'false') {
        bad = `access_key_${n}_active is '${active ?? ''}', not true or false`;
        break;
      }
      if (created === null) {
        // An empty slot; an active key always has a creation time.
        if (active === 'true') bad = `access_key_${n}_last_rotated is '${rotated ?? ''}' for an active key`;
        if (bad) break;
        continue;
      }
      const lastUsed: LastUse = {
        date: time(get(`access_key_${n}_last_used_date`)),
        service: known(get(`access_key_${n}_last_used_service`)),
        region: known(get(`access_key_${n}_last_used_region`)),
      };
      keys.push({
        userName,
        accessKeyId: null,
        status: active === 'true' ? 'Active' : 'Inactive',
        created,
        lastUsed,
      });
    }
    if (bad) {
      broken.push({ line, userName, reason: `credential report line ${line} (${userName}): ${bad}` });
      continue;
    }
    if (userName === ROOT_USER) {
      rootActiveKeys = keys.filter((k) => k.status === 'Active').length;
      continue;
    }
    rows.push({ userName, keys });
  }
  return { rows, broken, rootActiveKeys };
}
