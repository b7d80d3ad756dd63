// Pairing: each id with its secret (same line first, then the nearest line within 5), each used once, linked by
// fingerprints, one detection per value at its own position.
import { describe, expect, it } from 'vitest';

import type { Detection } from '../../src/types.js';
import { keyId, secret } from './test-keys.js';
import { scanText, valueOf } from './scan.js';

/** [rule, line, value, paired value] for each detection. */
function pairs(found: Detection[]): Array<[string, number, string, string | null]> {
  const byPrint = new Map(found.map((d) => [d.fingerprint, d]));
  return found.map((d) => {
    const other = d.pairFingerprint === null ? undefined : byPrint.get(d.pairFingerprint);
    return [
      d.rule === 'aws-access-key-id' ? 'id' : 'secret',
      d.line,
      valueOf(d),
      other ? valueOf(other) : null,
    ];
  });
}

describe('pairing ids and secrets', () => {
  const [id1, id2] = [keyId('111111111111'), keyId('222222222222', 'ASIA')];
  const [s1, s2] = [secret(), secret()];

  it('links an INI profile’s id and secret both ways', () => {
    const found = scanText(
      ['[default]', `aws_access_key_id = ${id1}`, `aws_secret_access_key = ${s1}`].join('\n'),
    );
    const [id, key] = found;
    expect(id).toMatchObject({
      rule: 'aws-access-key-id',
      line: 2,
      column: 21,
      keyId: id1,
      account: '111111111111',
    });
    expect(key).toMatchObject({
      rule: 'aws-secret-access-key',
      line: 3,
      column: 25,
      keyId: id1,
      account: '111111111111',
    });
    expect(id!.pairFingerprint).toBe(key!.fingerprint);
    expect(key!.pairFingerprint).toBe(id!.fingerprint);
    expect(id!.secret?.reveal()).toBe(s1);
    expect(key!.secret?.reveal()).toBe(s1);
  });

  it('pairs two INI profiles in one file, each with its own', () => {
    const text = [
      '[default]',
      `aws_access_key_id = ${id1}`,
      `aws_secret_access_key = ${s1}`,
      '[prod]',
      `aws_access_key_id = ${id2}`,
      `aws_secret_access_key = ${s2}`,
    ].join('\n');
    expect(pairs(scanText(text))).toEqual([
      ['id', 2, id1, s1],
      ['secret', 3, s1, id1],
      ['id', 5, id2, s2],
      ['secret', 6, s2, id2],
    ]);
  });

  it('pairs secret-before-id layouts (aws iam create-access-key JSON) the right way round', () => {
    const entry = (id: string, s: string): string[] => [
      '{ "AccessKey": {',
      '  "UserName": "bob",',
      `  "SecretAccessKey": "${s}",`,
      `  "AccessKeyId": "${id}"`,
      '} }',
    ];
    expect(pairs(scanText([...entry(id1, s1), ...entry(id2, s2)].join('\n')))).toEqual([
      ['secret', 3, s1, id1],
      ['id', 4, id1, s1],
      ['secret', 8, s2, id2],
      ['id', 9, id2, s2],
    ]);
  });

  it('pairs two ids followed by two secrets in order', () => {
    const text = [`A=${id1}`, `B=${id2}`, `AWS_A=${s1}`, `AWS_B=${s2}`].join('\n');
    expect(pairs(scanText(text)).map(([, line, , other]) => [line, other])).toEqual([
      [1, s1],
      [2, s2],
      [3, id1],
      [4, id2],
    ]);
  });

  it('pairs a CSV credential export row by row', () => {
    const text = [
      'User name,Password,Access key ID,Secret access key,Console login link',
      `alice,,${id1},${s1},https://console.aws.amazon.com/`,
      `bob,,${id2},${s2},https://console.aws.amazon.com/`,
    ].join('\n');
    expect(pairs(scanText(text))).toEqual([
      ['id', 2, id1, s1],
      ['secret', 2, s1, id1],
      ['id', 3, id2, s2],
      ['secret', 3, s2, id2],
    ]);
  });

  it('pairs in order on a one-line JSON array of keys', () => {
    const json = JSON.stringify([
      { AccessKeyId: id1, SecretAccessKey: s1 },
      { AccessKeyId: id2, SecretAccessKey: s2 },
    ]);
    expect(pairs(scanText(json)).map(([kind, , value, other]) => [kind, value, other])).toEqual([
      ['id', id1, s1],
      ['secret', s1, id1],
      ['id', id2, s2],
      ['secret', s2, id2],
    ]);
  });

  it('prefers a secret on the id’s own line to a nearer-looking one on the next line', () => {
    const text = [
      `boto3.client('s3', aws_access_key_id='${id1}', aws_secret_access_key='${s1}')`,
      `aws=${s2}`,
    ].join('\n');
    expect(pairs(scanText(text))).toEqual([
      ['id', 1, id1, s1],
      ['secret', 1, s1, id1],
      ['secret', 2, s2, null],
    ]);
  });

  it('pairs Python boto3 keyword arguments over several lines', () => {
    const text = [
      'client = boto3.client(',
      "    's3',",
      `    aws_access_key_id='${id1}',`,
      `    aws_secret_access_key='${s1}',`,
      ')',
    ].join('\n');
    expect(pairs(scanText(text))).toEqual([
      ['id', 3, id1, s1],
      ['secret', 4, s1, id1],
    ]);
  });

  it('pairs a JS credentials object', () => {
    const text = [
      'new S3Client({',
      '  credentials: {',
      `    accessKeyId: '${id1}',`,
      `    secretAccessKey: '${s1}',`,
      '  },',
      '});',
    ].join('\n');
    expect(pairs(scanText(text))).toEqual([
      ['id', 3, id1, s1],
      ['secret', 4, s1, id1],
    ]);
  });

  it('uses each secret once: a second id nearby stays unpaired', () => {
    const found = pairs(scanText([`${id1}`, `aws = ${s1}`, `${id2}`].join('\n')));
    expect(found).toEqual([
      ['id', 1, id1, s1],
      ['secret', 2, s1, id1],
      ['id', 3, id2, null],
    ]);
  });

  it('leaves an id and a keyword secret more than 5 lines apart unpaired', () => {
    const text = [`${id1}`, '1', '2', '3', '4', '5', `aws_secret_access_key=${s1}`].join('\n');
    const found = scanText(text);
    expect(found.map((d) => [d.rule, d.pairFingerprint, d.keyId])).toEqual([
      ['aws-access-key-id', null, id1],
      ['aws-secret-access-key', null, null],
    ]);
    expect(found[1]!.account).toBeNull();
  });

  it('emits a file’s detections when the file ends, in line and column order', () => {
    const text = [`key = ${s1}`, `id = ${id1}`].join('\n');
    expect(scanText(text).map((d) => [d.line, d.rule])).toEqual([
      [1, 'aws-secret-access-key'],
      [2, 'aws-access-key-id'],
    ]);
  });
});
