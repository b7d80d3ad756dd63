import { describe, expect, it } from 'vitest';
import { searchableText } from '../../src/diff/binary-text.js';
import { scanText } from '../detect/scan.js';
import { makeKeyId, makeSecret } from '../helpers/keys.js';

/** The lines git (or the file source) makes of `bytes`: split on 0x0A, decoded as UTF-8. */
function lines(bytes: Buffer): string[] {
  return bytes.toString('utf8').split('\n');
}
const le = (text: string): Buffer => Buffer.from(text, 'utf16le');
const be = (text: string): Buffer => Buffer.from(text, 'utf16le').swap16();

describe('searchableText', () => {
  it('joins UTF-16 text back up, little or big endian, with or without a byte-order mark, CR stripped', () => {
    const text = 'first line\r\nKEY=value here\r\nlast';
    for (const bytes of [
      le(text),
      be(text),
      Buffer.concat([Buffer.from([0xff, 0xfe]), le(text)]),
      Buffer.concat([Buffer.from([0xfe, 0xff]), be(text)]),
    ]) {
      const searchable = lines(bytes).map(searchableText);
      expect(searchable[0]!.startsWith('first line ')).toBe(true);
      expect(searchable[1]!.startsWith('KEY=value here ')).toBe(true);
      expect(searchable[2]!.startsWith('last')).toBe(true);
    }
  });

  it('searches binary data as it is: control characters are boundaries for every rule', () => {
    const keyId = makeKeyId();
    const secret = makeSecret();
    const line = `\x89PNG\0\x01\x02${keyId}\0\0\x7f\x1baws_secret=${secret}\x03\uFFFD`;
    expect(searchableText(line)).toBe(line);
    const found = scanText(line);
    expect(found.map((d) => `${d.rule}:${d.column}`)).toEqual([
      `aws-access-key-id:${line.indexOf(keyId) + 1}`,
      `aws-secret-access-key:${line.indexOf(secret) + 1}`,
    ]);
  });

  it('finds UTF-16 strings inside binary data at either alignment', () => {
    for (const pad of [0, 1]) {
      const bytes = Buffer.concat([
        Buffer.from([7, 0, 0, 0, 9, 9, 0].slice(0, 6 + pad)),
        le('AKIA and more'),
        Buffer.from([0, 0, 0, 5]),
      ]);
      expect(searchableText(bytes.toString('latin1'))).toContain('AKIA and more');
    }
  });

  it('does not mistake a short binary line with two NULs for UTF-16 at the cost of its ASCII text', () => {
    expect(searchableText('\0abcdefghijklmnopqrstuvwxyz\0')).toContain('abcdefghijklmnopqrstuvwxyz');
    expect(searchableText('\uFFFDPNG\0\x01\x02\x03\0')).toContain('PNG');
  });
});
