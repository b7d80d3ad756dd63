// Secret access keys: 40 characters found by context (an AWS keyword on the line, or an id within 5 lines),
// above the entropy floor, never hashes, longer base64 runs or placeholders.
import { randomBytes } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { Detector } from '../../src/detect/detector.js';
import { SecretValue } from '../../src/secret-value.js';
import type { Detection } from '../../src/types.js';
import { keyId, secret } from './test-keys.js';
import { scanFiles, scanText, valueOf } from './scan.js';

const secrets = (text: string): string[] =>
  scanText(text)
    .filter((d) => d.rule === 'aws-secret-access-key')
    .map(valueOf);

describe('secret access keys by keyword', () => {
  const s = secret();

  it.each([
    ['a .env file', `AWS_SECRET_ACCESS_KEY=${s}`],
    ['an exported shell variable', `export AWS_SECRET_ACCESS_KEY="${s}"`],
    ['YAML', `  aws_secret_access_key: ${s}`],
    ['JSON', `  "SecretAccessKey": "${s}",`],
    ['~/.aws/credentials (INI)', `aws_secret_access_key = ${s}`],
    ['Python boto3 keyword arguments', `    aws_secret_access_key='${s}',`],
    ['a JS object', `  secretAccessKey: '${s}',`],
    ['a Java properties file', `aws.secretKey=${s}`],
    ['Terraform', `  secret_key = "${s}" # aws`],
    ['a Docker run flag', `docker run -e AWS_SECRET_ACCESS_KEY=${s} app`],
    ['prose with a full stop after the key', `The AWS secret is ${s}.`],
    ['a Markdown code span', `Amazon key: \`${s}\``],
  ])('finds a secret in %s', (_name, line) => {
    expect(secrets(line)).toEqual([s]);
  });

  it.each([
    ['secretAccessKey', `secretAccessKey = "${s}"`],
    ['SecretAccessKey', `SecretAccessKey = "${s}"`],
    ['SECRET_ACCESS_KEY', `SECRET_ACCESS_KEY="${s}"`],
    ['secret-access-key', `--secret-access-key ${s}`],
    ['secret.access.key', `secret.access.key=${s}`],
    ['Secret Access Key', `Secret Access Key: ${s}`],
    ['secretaccesskey', `secretaccesskey=${s}`],
    ['aws at the start of a camelCase name', `awsKey = '${s}'`],
    ['Aws inside a camelCase name', `const myAwsKey = '${s}'`],
    ['AWS after an underscore', `MY_AWS_TOKEN=${s}`],
    ['amazon', `amazon_key=${s}`],
    ['AMZN', `AMZN_KEY=${s}`],
  ])('takes the keyword %s', (_name, line) => {
    expect(secrets(line)).toEqual([s]);
  });

  it.each([
    ['no keyword and no id nearby', `token = "${s}"`],
    ['"aws" only as the end of a word (laws, draws)', `laws = "${s}" # draws`],
    ['"AWS" only as the end of an uppercase word', `WITHDRAWS = "${s}"`],
    ['"secret" without "access key"', `secret = "${s}"`],
  ])('ignores a secret with %s', (_name, line) => {
    expect(secrets(line)).toEqual([]);
  });

  it('does not read the letters of the value itself as a keyword (`…nS3…` is not `myS3`)', () => {
    // Once in about 130 random secrets, a lowercase letter then `S3` inside the value read as an S3 name.
    for (const value of [`${s.slice(0, 37)}nS3`, `s3${s.slice(2)}`, `${s.slice(0, 20)}xS3q${s.slice(24)}`]) {
      expect(secrets(`secret = "${value}"`)).toEqual([]);
      expect(secrets(`S3_SECRET_KEY = "${value}"`)).toEqual([value]);
    }
    expect(secrets(`mySecretS3Key = "${s}"`)).toEqual([s]);
  });

  it.each([
    ['a git SHA-1 (lowercase hex)', randomBytes(20).toString('hex')],
    ['uppercase hex', randomBytes(20).toString('hex').toUpperCase()],
    [
      'only lowercase letters and digits',
      'k3' +
        randomBytes(30)
          .toString('base64url')
          .toLowerCase()
          .replace(/[^a-z0-9]/g, 'q')
          .slice(0, 38),
    ],
    ['low entropy', 'Ab1/'.repeat(10)],
    ['a run of 6 identical characters', s.slice(0, 20) + 'XXXXXX' + s.slice(26)],
    ['a sequential run', 'abcdefghijklmnop' + s.slice(16)],
  ])('ignores %s next to a keyword', (_name, value) => {
    expect(value).toHaveLength(40);
    expect(secrets(`aws_secret_access_key = ${value}`)).toEqual([]);
  });

  it.each([
    ['41 characters', `aws_secret_access_key = ${s}a`],
    ['preceded by another character of the alphabet', `aws_secret_access_key = /${s}`],
    ['followed by = (padded base64)', `aws_secret_access_key = ${s}=`],
    ['inside a longer base64 blob', `aws_secret_access_key = ${s}${s}`],
    ['glued to a path by -', `https://docs.aws.amazon.com/x-${s}`],
    ['glued to a path by .', `https://docs.aws.amazon.com.${s}`],
    ['followed by _', `aws_secret_access_key = ${s}_old`],
  ])('ignores 40 characters that are part of a longer token: %s', (_name, line) => {
    expect(secrets(line)).toEqual([]);
  });

  it('ignores a base64 sha512 integrity string in an AWS package entry', () => {
    const integrity = `sha512-${randomBytes(64).toString('base64')}`;
    expect(scanText(`    "node_modules/@aws-sdk/client-s3": { "integrity": "${integrity}" },`)).toEqual([]);
  });

  it('ignores a secret split across two lines', () => {
    expect(scanText(`aws_secret_access_key = "${s.slice(0, 20)}" +\n  "${s.slice(20)}" // aws`)).toEqual([]);
  });

  it('finds the AWS documentation example secret (the filter stage, not the detector, allows it)', () => {
    expect(secrets('aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')).toHaveLength(1);
  });

  it('holds the secret in a SecretValue, which prints redacted', () => {
    const [found] = scanText(`AWS_SECRET_ACCESS_KEY=${s}`);
    expect(found!.secret).toBeInstanceOf(SecretValue);
    expect(String(found!.secret)).toBe(s.slice(0, 4) + '*'.repeat(36));
    expect(JSON.stringify({ ...found, lineText: undefined })).not.toContain(s);
    expect(found!.fingerprint).not.toContain(s);
  });

  it('gives the column in UTF-16 code units after non-ASCII text', () => {
    // é is one code unit, the emoji two: the key starts at index 14, column 15.
    const [found] = scanText(`é😀 aws key = ${s}`);
    expect(found).toMatchObject({ line: 1, column: 15 });
  });
});

describe('secret access keys by a nearby access key id', () => {
  const id = keyId();
  const s = secret();
  const filler = (n: number): string[] => Array.from({ length: n }, (_, i) => `line ${i}`);

  it('finds a secret 3 lines below an id, with no keyword', () => {
    const found = scanText([`id = ${id}`, ...filler(2), `key = ${s}`].join('\n'));
    expect(found.map((d) => [d.rule, d.line])).toEqual([
      ['aws-access-key-id', 1],
      ['aws-secret-access-key', 4],
    ]);
  });

  it.each([1, 5])('finds a secret %i lines above an id, with no keyword', (gap) => {
    const found = scanText([`key = ${s}`, ...filler(gap - 1), `id = ${id}`].join('\n'));
    expect(found.map((d) => d.line)).toEqual([1, gap + 1]);
    expect(found[0]!.keyId).toBe(id);
  });

  it('finds a secret 5 lines below an id but not 6', () => {
    expect(secrets([`${id}`, ...filler(4), `${s}`].join('\n'))).toEqual([s]);
    expect(secrets([`${id}`, ...filler(5), `${s}`].join('\n'))).toEqual([]);
  });

  it('finds no secret 6 lines above an id', () => {
    expect(secrets([`${s}`, ...filler(5), `${id}`].join('\n'))).toEqual([]);
  });

  it('finds a secret on a line that mentions "secret" but no AWS keyword, once an id follows', () => {
    expect(secrets([`my secret: ${s}`, `my id: ${id}`].join('\n'))).toEqual([s]);
  });

  it('measures the distance in line numbers of the file, not in added lines', () => {
    const found: Detection[] = [];
    const detector = new Detector((d) => found.push(d));
    detector.startFile({ path: 'a.env', commit: null });
    // Two hunks of a diff: the id at line 10 and the next added line at line 40.
    detector.line(`id = ${id}`, 10);
    detector.line(`key = ${s}`, 40);
    detector.end();
    expect(found.map((d) => d.rule)).toEqual(['aws-access-key-id']);
  });

  it('does not take context from an id in another file', () => {
    const found = scanFiles([
      { path: 'a.txt', text: `id = ${id}` },
      { path: 'b.txt', text: `key = ${s}` },
    ]);
    expect(found.map((d) => [d.file, d.rule])).toEqual([['a.txt', 'aws-access-key-id']]);
  });

  it('does not take context from a placeholder id', () => {
    expect(secrets(['AKIAXXXXXXXXXXXXXXXX', `${s}`].join('\n'))).toEqual([]);
  });
});
