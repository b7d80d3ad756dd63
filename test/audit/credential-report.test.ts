// Reading the credential report's CSV: documented columns by name, empty and inactive slots, quoted fields,
// rows that cannot be read (returned, never dropped), and a header without the needed columns.
import { describe, expect, it } from 'vitest';
import { csvRecords, parseCredentialReport, ReportFormatError } from '../../src/audit/credential-report.js';
import { REPORT_COLUMNS } from '../servers/aws/credential-report.js';

const HEADER = REPORT_COLUMNS.join(',');
const NONE = 'false,N/A,N/A,N/A,N/A';

function row(user: string, key1: string, key2 = NONE): string {
  return [
    user,
    `arn:aws:iam::123456789012:user/${user}`,
    '2020-01-01T00:00:00+00:00',
    'true',
    'no_information',
    '2020-01-01T00:00:00+00:00',
    'N/A',
    'false',
    key1,
    key2,
    'false,N/A,false,N/A',
  ].join(',');
}

describe('csvRecords', () => {
  it('splits quoted fields with commas, doubled quotes and line breaks; CRLF ends records', () => {
    expect(csvRecords('a,"b,c","d""e"\r\n"f\ng",h\n')).toEqual([
      { line: 1, fields: ['a', 'b,c', 'd"e'] },
      { line: 2, fields: ['f\ng', 'h'] },
    ]);
  });
});

describe('parseCredentialReport', () => {
  it('reads active, inactive and empty key slots with their last use', () => {
    const csv = [
      HEADER,
      '<root_account>,arn:aws:iam::123456789012:root,2019-01-01T00:00:00+00:00,not_supported,no_information,not_supported,not_supported,true,true,2019-02-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
      row(
        'alice',
        'true,2025-01-02T03:04:05+00:00,2026-02-01T10:00:00+00:00,eu-west-1,s3',
        'false,2025-06-01T00:00:00+00:00,N/A,N/A,N/A',
      ),
      row('bob', NONE),
      row('carol', 'TRUE,2025-01-02T03:04:05+00:00,N/A,N/A,N/A'),
    ].join('\n');
    const parsed = parseCredentialReport(csv);
    expect(parsed.rootActiveKeys).toBe(1);
    expect(parsed.broken).toEqual([]);
    expect(parsed.rows.map((r) => r.userName)).toEqual(['alice', 'bob', 'carol']);
    expect(parsed.rows[0]?.keys).toEqual([
      {
        userName: 'alice',
        accessKeyId: null,
        status: 'Active',
        created: new Date('2025-01-02T03:04:05Z'),
        lastUsed: { date: new Date('2026-02-01T10:00:00Z'), service: 's3', region: 'eu-west-1' },
      },
      {
        userName: 'alice',
        accessKeyId: null,
        status: 'Inactive',
        created: new Date('2025-06-01T00:00:00Z'),
        lastUsed: { date: null, service: null, region: null },
      },
    ]);
    expect(parsed.rows[1]?.keys).toEqual([]);
    expect(parsed.rows[2]?.keys[0]).toMatchObject({ status: 'Active', lastUsed: { date: null } });
  });

  it('finds columns by name, whatever their order, and ignores columns it does not know', () => {
    const csv = [
      `extra,${HEADER}`.split(',').reverse().join(','),
      `x,${row('dave', 'true,2025-01-02T03:04:05+00:00,N/A,N/A,N/A')}`.split(',').reverse().join(','),
    ].join('\n');
    expect(parseCredentialReport(csv).rows[0]?.keys[0]?.created).toEqual(new Date('2025-01-02T03:04:05Z'));
  });

  it('returns rows it cannot read, naming the line and the user', () => {
    const csv = [
      HEADER,
      'erin,arn:aws:iam::123456789012:user/erin,too,few',
      row('frank', 'maybe,2025-01-02T03:04:05+00:00,N/A,N/A,N/A'),
      row('gina', 'true,N/A,N/A,N/A,N/A'),
      row('hank', NONE),
    ].join('\n');
    const parsed = parseCredentialReport(csv);
    expect(parsed.rows.map((r) => r.userName)).toEqual(['hank']);
    expect(parsed.broken).toEqual([
      { line: 2, userName: 'erin', reason: 'credential report line 2 has 4 fields, the header 22' },
      {
        line: 3,
        userName: 'frank',
        reason: "credential report line 3 (frank): access_key_1_active is 'maybe', not true or false",
      },
      {
        line: 4,
        userName: 'gina',
        reason: "credential report line 4 (gina): access_key_1_last_rotated is 'N/A' for an active key",
      },
    ]);
  });

  it('a report without the key columns, or an empty one, cannot be read', () => {
    expect(() => parseCredentialReport('user,arn\nalice,x')).toThrow(ReportFormatError);
    expect(() => parseCredentialReport('user,arn\nalice,x')).toThrow(/access_key_1_active/);
    expect(() => parseCredentialReport('')).toThrow(/empty/);
  });
});
