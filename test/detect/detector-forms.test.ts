// The key forms that slipped through on real-world material (issue 8): escapes before a value, secrets named in
// S3/Hadoop/Terraform terms or by the file's path, base64-encoded values, and keys split across string literals.
import { randomBytes } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { Detector } from '../../src/detect/detector.js';
import type { Detection } from '../../src/types.js';
import { keyId, secret } from './test-keys.js';
import { scanText, valueOf } from './scan.js';

/** [rule, line, column, value, paired value] for each detection. */
function found(text: string, path = 'file.txt'): Array<[string, number, number, string, string | null]> {
  const detections = scanText(text, path);
  const byPrint = new Map(detections.map((d) => [d.fingerprint, d]));
  return detections.map((d: Detection) => {
    const other = d.pairFingerprint === null ? undefined : byPrint.get(d.pairFingerprint);
    return [
      d.rule === 'aws-access-key-id' ? 'id' : 'secret',
      d.line,
      d.column,
      valueOf(d),
      other ? valueOf(other) : null,
    ];
  });
}

const values = (text: string, path?: string): string[] => found(text, path).map(([, , , value]) => value);
const b64 = (text: string): string => Buffer.from(text).toString('base64');

describe('an escape sequence before a value is a boundary', () => {
  const id = keyId();
  const s = secret();

  it('finds an id and a secret after \\t in a JSON string, paired, at their columns', () => {
    const line = `{"cmd": "deploy\\t${id}\\t${s}"}`;
    expect(found(line)).toEqual([
      ['id', 1, line.indexOf(id) + 1, id, s],
      ['secret', 1, line.indexOf(s) + 1, s, id],
    ]);
  });

  it('finds an id after \\n in an env file held in one string', () => {
    const line = `"env:\\nAWS_ACCESS_KEY_ID=\\n${id}\\nAWS_SECRET_ACCESS_KEY=\\n${s}\\n"`;
    expect(found(line)).toEqual([
      ['id', 1, line.indexOf(id) + 1, id, s],
      ['secret', 1, line.indexOf(s) + 1, s, id],
    ]);
  });

  it.each([
    ['\\r', '\\r'],
    ['\\\\ (an escaped backslash)', '\\\\'],
    ['%20 in a URL', '%20'],
    ['%3D in a URL', '%3D'],
    ['\\x20', '\\x20'],
    ['\\u0020', '\\u0020'],
    ['\\u00a0 in lowercase hex', '\\u00a0'],
  ])('finds an id and a secret after %s', (_name, escape) => {
    expect(values(`key${escape}${id}${escape}aws${escape}${s}`)).toEqual([id, s]);
  });

  it('takes no escape letter as the first character of a secret', () => {
    // `\n` followed by 39 characters: the `n` must not complete a 40-character value.
    expect(values(`aws_secret_access_key="\\n${s.slice(1)}"`)).toEqual([]);
    expect(values(`aws_secret_access_key="\\${s}"`)).toEqual([]);
  });

  it('still refuses an id or a secret glued to a letter that ends no escape', () => {
    expect(values(`deployt${id} aws x${s}`)).toEqual([]);
    expect(values(`n${id}`)).toEqual([]);
  });

  it('counts `aws` after an escape as a keyword', () => {
    expect(values(`"\\naws_key=${s}"`)).toEqual([s]);
  });
});

describe('a secret named in S3, Hadoop or Terraform terms, or by the file’s path', () => {
  const s = secret();

  it.each([
    ['S3_SECRET_KEY', `S3_SECRET_KEY=${s}`],
    ['s3_secret_key in YAML', `  s3_secret_key: "${s}"`],
    ['s3SecretKey in JS', `const s3SecretKey = '${s}';`],
    ['MY_S3_SECRET', `export MY_S3_SECRET=${s}`],
    ['fs.s3a.secret.key', `fs.s3a.secret.key=${s}`],
    ['Spark’s spark.hadoop.fs.s3a.secret.key', `spark.hadoop.fs.s3a.secret.key  ${s}`],
    ['a per-bucket Hadoop key', `fs.s3a.bucket.logs.secret.key=${s}`],
    ['fs.s3n.awsSecretAccessKey', `fs.s3n.awsSecretAccessKey=${s}`],
  ])('finds %s with no id near it', (_name, line) => {
    expect(values(line)).toEqual([s]);
  });

  it('finds the value of a Hadoop XML property on the line below its name', () => {
    const xml = ['<property>', '  <name>fs.s3a.secret.key</name>', `  <value>${s}</value>`, '</property>'];
    expect(found(xml.join('\n'), 'core-site.xml')).toEqual([['secret', 3, 10, s, null]]);
  });

  it('takes a name only for the line right below it', () => {
    const xml = [
      '  <name>fs.s3a.secret.key</name>',
      '  <description>x</description>',
      `  <value>${s}</value>`,
    ];
    expect(values(xml.join('\n'))).toEqual([]);
  });

  it.each([
    ['s3 glued to a word', `class3 secret = "${s}"`],
    ['s3 as part of a number', `s32 secret = "${s}"`],
    ['s3 without "secret"', `S3_TOKEN=${s}`],
    ['"secret" without s3', `MY_SECRET=${s}`],
  ])('ignores %s', (_name, line) => {
    expect(values(line)).toEqual([]);
  });

  it.each([
    ['.s3cfg', 'secret_key = '],
    ['home/me/.s3cfg', 'secret_key='],
    ['.passwd-s3fs', 'secret: '],
    ['aws.env', 'SECRET='],
    ['deploy/aws-prod.env', 'SECRET='],
    ['config/awsConfig.json', '"secret": "'],
    ['config/s3.properties', 'secret='],
    ['config/aws/prod.env', 'SECRET='],
    ['home/me/.aws/config', 'secret = '],
    ['infra/main.tf', '  secret_key = "'],
    ['infra/prod.tfvars', 'secret_key = "'],
    ['terragrunt.hcl', '  secret_key = "'],
    ['infra/main.tf.json', '"secret_key": "'],
  ])('finds a secret named only by a short name in %s', (path, name) => {
    expect(values(`${name}${s}`, path)).toEqual([s]);
  });

  it.each([
    ['app.env', 'SECRET='],
    ['laws.env', 'SECRET='],
    ['node_modules/@aws-sdk/client-s3/README.md', 'secret: '],
    ['awsome/config.env', 'SECRET='],
    ['infra/main.tf', '  password = "'],
    ['src/s3cfg.py', 'token = '],
    ['notes.txt', 'secret_key = '],
  ])('does not take the path %s as AWS context', (path, name) => {
    expect(values(`${name}${s}`, path)).toEqual([]);
  });
});

describe('base64-encoded values', () => {
  const id = keyId('210987654321');
  const s = secret();

  it('decodes a Kubernetes Secret’s data values and pairs them, at the encoded values’ lines and columns', () => {
    const manifest = [
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: aws-creds',
      'data:',
      `  AWS_ACCESS_KEY_ID: ${b64(id)}`,
      `  AWS_SECRET_ACCESS_KEY: ${b64(s)}`,
    ];
    const found6 = found(manifest.join('\n'), 'k8s/secret.yaml');
    expect(found6).toEqual([
      ['id', 6, 22, id, s],
      ['secret', 7, 26, s, id],
    ]);
    expect(scanText(manifest.join('\n'))[0]!.account).toBe('210987654321');
  });

  it('decodes values under names that say nothing (the encoded id is the context)', () => {
    const text = ['data:', `  username: ${b64(id)}`, `  password: ${b64(s + '\n')}`].join('\n');
    expect(values(text)).toEqual([id, s]);
  });

  it('decodes a whole base64-encoded credentials file on one line, each value at its own column', () => {
    const file = `[default]\naws_access_key_id = ${id}\naws_secret_access_key = ${s}\n`;
    const encoded = b64(file);
    const line = `  credentials: ${encoded}`;
    const result = found(line);
    expect(result.map(([kind, , , value, other]) => [kind, value, other])).toEqual([
      ['id', id, s],
      ['secret', s, id],
    ]);
    // Each column points into the token, at the base64 character that holds the value's first bits.
    const start = line.indexOf(encoded);
    expect(result[0]![2]).toBe(start + 1 + Math.floor((file.indexOf(id) * 4) / 3));
    expect(result[1]![2]).toBe(start + 1 + Math.floor((file.indexOf(s) * 4) / 3));
  });

  it('decodes a long encoded text file whole, the key at its end', () => {
    const file = `${'# a long comment line of the configuration file\n'.repeat(200)}aws_access_key_id=${id}\n`;
    expect(file.length).toBeGreaterThan(8000);
    expect(values(`config: ${b64(file)}`)).toEqual([id]);
  });

  it('skips a long token that does not start as text, even with an encoded id further on', () => {
    const binary = Buffer.concat([randomBytes(6000), Buffer.from(` id=${id} `)]).toString('base64');
    expect(values(`archive: ${binary}`)).toEqual([]);
  });

  it('reports a value found in overlapping windows of a long line once, at its column in the whole line', () => {
    const line = `${'x'.repeat(50)} AWS_ACCESS_KEY_ID: ${b64(id)} ${'y'.repeat(50)}`;
    const found: Detection[] = [];
    const detector = new Detector((d) => found.push(d));
    detector.startFile({ path: 'k8s/secret.yaml', commit: null });
    // Two windows that both hold the token, as the diff stage cuts a line too long to hold.
    detector.line(line.slice(0, 120), 1, 0);
    detector.line(line.slice(40), 1, 40);
    detector.end();
    expect(found.map((d) => [d.keyId, d.column])).toEqual([[id, line.indexOf(b64(id)) + 1]]);
  });

  it.each([0, 1, 2])('finds an encoded id at byte alignment %i of the token', (pad) => {
    expect(values(`blob ${b64('x'.repeat(pad) + `id=${id};`)}`)).toEqual([id]);
  });

  it('decodes a secret assignment with no id and no keyword outside the token', () => {
    expect(values(`config: ${b64(`AWS_SECRET_ACCESS_KEY=${s}\n`)}`)).toEqual([s]);
    expect(values(`config: ${b64(`secretAccessKey: ${s}`)}`)).toEqual([s]);
  });

  it.each([
    ['random bytes', randomBytes(60).toString('base64')],
    ['text without a key', b64('hello world, this is just some text that is long enough')],
    ['a sha512 integrity string', `sha512-${randomBytes(64).toString('base64')}`],
    ['an encoded placeholder id', b64('AWS_ACCESS_KEY_ID=AKIAXXXXXXXXXXXXXXXX')],
    ['an encoded secret with no name and no id', b64(s)],
  ])('finds nothing in %s', (_name, token) => {
    expect(values(`data: ${token}`)).toEqual([]);
  });
});

describe('a key split across string literals on one line', () => {
  const id = keyId();
  const s = secret();

  it.each([
    ['JS concatenation after the prefix', (v: string) => `const k = '${v.slice(0, 4)}' + '${v.slice(4)}';`],
    ['Python adjacent literals', (v: string) => `key = ("${v.slice(0, 4)}" "${v.slice(4)}")`],
    ['no space between adjacent literals', (v: string) => `key = "${v.slice(0, 9)}""${v.slice(9)}"`],
    ['a split inside the prefix', (v: string) => `k = 'A' + 'K' + '${v.slice(2)}'`],
    ['PHP concatenation', (v: string) => `$k = 'AK' . '${v.slice(2)}';`],
    ['mixed quotes', (v: string) => `k = "AKI" + '${v.slice(3)}'`],
    ['template literals', (v: string) => `k = \`${v.slice(0, 10)}\` + \`${v.slice(10)}\``],
    [
      'after an apostrophe and a stray quote',
      (v: string) => `it's "odd: k = "${v.slice(0, 3)}"+"${v.slice(3)}"`,
    ],
  ])('finds an id: %s', (_name, write) => {
    const line = write(id);
    // Reported where its first piece starts: right after the first quote that precedes its first character.
    const first = line.search(/["'`]A/) + 2;
    expect(found(line)).toEqual([['id', 1, first, id, null]]);
  });

  it('finds a secret split in two, at the first piece', () => {
    const line = `aws_secret_access_key = "${s.slice(0, 20)}" + "${s.slice(20)}"`;
    expect(found(line)).toEqual([['secret', 1, 26, s, null]]);
  });

  it('pairs a split id with a split secret', () => {
    const text = [`id = "${id.slice(0, 4)}" + "${id.slice(4)}"`, `key = "${s.slice(0, 8)}" "${s.slice(8)}"`];
    expect(values(text.join('\n'))).toEqual([id, s]);
    expect(found(text.join('\n'))[0]![4]).toBe(s);
  });

  it.each([
    ['a literal and a variable', (v: string) => `k = '${v.slice(0, 4)}' + body`],
    ['literals in a list', (v: string) => `k = ['${v.slice(0, 4)}', '${v.slice(4)}']`],
    ['two spaces around the +', (v: string) => `k = '${v.slice(0, 4)}'  +  '${v.slice(4)}'`],
  ])('does not join %s', (_name, write) => {
    expect(values(write(id))).toEqual([]);
  });

  it('reports a whole id once, not again from the joined text', () => {
    expect(found(`k = "${id}" "x"`)).toEqual([['id', 1, 6, id, null]]);
  });
});
