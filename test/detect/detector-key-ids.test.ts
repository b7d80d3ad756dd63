// Access key ids: found by their exact format, never IAM unique ids, placeholders or near misses.
import { describe, expect, it } from 'vitest';

import { keyId } from './test-keys.js';
import { scanText } from './scan.js';

const ids = (text: string): string[] => scanText(text).map((d) => d.keyId ?? '');

describe('access key ids', () => {
  const akia = keyId('123456789012', 'AKIA');

  it.each(['AKIA', 'ASIA', 'ABIA', 'ACCA'])('finds a %s id', (prefix) => {
    const id = keyId('210987654321', prefix);
    const found = scanText(`key = ${id}`);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      rule: 'aws-access-key-id',
      keyId: id,
      line: 1,
      column: 7,
      secret: null,
    });
    expect(found[0]!.account).toBe('210987654321');
  });

  it.each([
    ['at the start of a line', (id: string) => id],
    ['at the end of a line', (id: string) => `id: ${id}`],
    ['in double quotes', (id: string) => `"${id}"`],
    ['in single quotes', (id: string) => `'${id}'`],
    ['after =', (id: string) => `AWS_ACCESS_KEY_ID=${id}`],
    ['in a CSV field', (id: string) => `bob,,${id},x`],
    ['in an XML element', (id: string) => `<AccessKeyId>${id}</AccessKeyId>`],
    ['after an underscore', (id: string) => `KEY_${id}`],
    ['in a URL query', (id: string) => `https://host/?X-Amz-Credential=${id}%2F20260101%2Fus-east-1`],
    ['after non-ASCII text', (id: string) => `clé€ ${id}`],
  ])('finds an id %s', (_name, line) => {
    expect(ids(line(akia))).toEqual([akia]);
  });

  it.each([
    ['preceded by a letter', `X${akia}`],
    ['preceded by a digit', `7${akia}`],
    ['followed by a letter', `${akia}Q`],
    ['followed by a digit', `${akia}2`],
    ['in lowercase', akia.toLowerCase()],
    ['with a lowercase prefix', 'akia' + akia.slice(4)],
    ['one character short', akia.slice(0, 19)],
    ['inside a longer base32 run', `${akia}ABCDEFG`],
    ['with a 0 in the body', akia.slice(0, 10) + '0' + akia.slice(11)],
    ['with a 1 in the body', akia.slice(0, 10) + '1' + akia.slice(11)],
    ['with an 8 in the body', akia.slice(0, 10) + '8' + akia.slice(11)],
    ['with a 9 in the body', akia.slice(0, 10) + '9' + akia.slice(11)],
    ['with a lowercase letter in the body', akia.slice(0, 10) + 'q' + akia.slice(11)],
  ])('ignores an id %s', (_name, line) => {
    expect(ids(line)).toEqual([]);
  });

  it.each(['AIDA', 'AROA', 'AGPA', 'AIPA', 'ANPA', 'ANVA', 'APKA', 'ASCA'])(
    'ignores the IAM unique id prefix %s (a principal, not a key)',
    (prefix) => {
      expect(ids(`"UserId": "${prefix}${akia.slice(4)}"`)).toEqual([]);
    },
  );

  it.each([
    ['a run of 6 identical characters', 'AKIAXXXXXXXXXXXXXXXX'],
    ['a run of 6 identical characters inside', 'AKIAQ7K2' + 'AAAAAA' + 'R4TZMN'],
    ['a sequential body', 'AKIAABCDEFGHIJKLMNOP'],
    ['a repeating two-letter body (entropy 1.0)', 'AKIA' + 'XY'.repeat(8)],
    ['a repeating four-letter body (entropy 2.0)', 'AKIA' + 'QRSZ'.repeat(4)],
  ])('ignores a placeholder: %s', (_name, id) => {
    expect(ids(`aws_access_key_id = ${id}`)).toEqual([]);
  });

  it('finds the AWS documentation example id (the filter stage, not the detector, allows it)', () => {
    expect(ids('aws_access_key_id = AKIAIOSFODNN7EXAMPLE')).toEqual(['AKIAIOSFODNN7EXAMPLE']);
  });

  it('cannot match AWS documentation ids that use digits outside base32', () => {
    expect(ids('AKIAI44QH8DHBEXAMPLE AKIA111111111EXAMPLE')).toEqual([]);
  });

  it('decodes no account from an old-generation id', () => {
    expect(scanText('AKIAIOSFODNN7EXAMPLE')[0]!.account).toBeNull();
  });

  it('finds every id on a line, each at its own column', () => {
    const other = keyId('111122223333', 'ASIA');
    const found = scanText(`${akia} ${other}`);
    expect(found.map((d) => [d.keyId, d.column])).toEqual([
      [akia, 1],
      [other, 22],
    ]);
  });

  it('reports the same id twice when it appears twice, with the same fingerprint', () => {
    const found = scanText(`a=${akia}\nb=${akia}`);
    expect(found.map((d) => d.line)).toEqual([1, 2]);
    expect(found[0]!.fingerprint).toBe(found[1]!.fingerprint);
  });
});
