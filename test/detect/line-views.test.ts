// The views of a line (joined literals, decoded base64) and the one pass that measures its runs.
import { describe, expect, it } from 'vitest';

import { decodedBase64, joinedLiterals, scanRuns } from '../../src/detect/line-views.js';

const b64 = (text: string): string => Buffer.from(text).toString('base64');

describe('scanRuns', () => {
  it('measures the longest run of the base64 alphabet', () => {
    expect(scanRuns('ab cd+/ef ghi').longest).toBe(6);
    expect(scanRuns('').longest).toBe(0);
    expect(scanRuns('é'.repeat(30)).longest).toBe(0);
  });

  it('counts a line with % or a backslash as holding any run (escapes can join runs)', () => {
    expect(scanRuns('short %2F bits').longest).toBe(Number.POSITIVE_INFINITY);
    expect(scanRuns('short \\/ bits').longest).toBe(Number.POSITIVE_INFINITY);
  });

  it('lists runs of 27 or more as tokens, with up to two = of padding', () => {
    const token = 'A'.repeat(27);
    expect(scanRuns(`x ${token} y`).tokens).toEqual([[2, 29]]);
    expect(scanRuns(`x ${token}== y`).tokens).toEqual([[2, 31]]);
    expect(scanRuns(token).tokens).toEqual([[0, 27]]);
    expect(scanRuns('A'.repeat(26)).tokens).toEqual([]);
  });

  it('lists no token glued to a third = or to more of the alphabet after its padding', () => {
    expect(scanRuns(`${'A'.repeat(30)}===`).tokens).toEqual([]);
    expect(scanRuns(`${'A'.repeat(30)}=B`).tokens).toEqual([]);
  });
});

describe('joinedLiterals', () => {
  it('joins a chain of literals and maps each character back to its piece', () => {
    const line = `k = 'abcdefgh' + "ijklmnop" 'qrstuvwx';`;
    const [view, ...rest] = joinedLiterals(line);
    expect(rest).toEqual([]);
    expect(view!.text).toBe('abcdefghijklmnopqrstuvwx');
    for (let i = 0; i < view!.text.length; i++) expect(line[view!.toOriginal(i)]).toBe(view!.text[i]);
  });

  it('skips an escaped quote when it looks for a literal’s ends', () => {
    const [view] = joinedLiterals(`k = "ab\\"cdefghij" + "klmnopqrstu"`);
    expect(view!.text).toBe('ab\\"cdefghijklmnopqrstu');
  });

  it('gives nothing for a line without a junction, or joins too short to hold a value', () => {
    expect(joinedLiterals(`k = 'abc', 'def'`)).toEqual([]);
    expect(joinedLiterals(`k = 'abc' + 'def'`)).toEqual([]);
  });
});

describe('decodedBase64', () => {
  it('decodes a token that holds an encoded key id prefix, one view per decoded line', () => {
    const text = `[default]\naws_access_key_id = AKIA${'Q'.repeat(16)}\nregion = eu-west-1`;
    const line = `creds: ${b64(text)}`;
    const views = decodedBase64(line, scanRuns(line).tokens);
    expect(views.map((v) => v.text)).toEqual([`aws_access_key_id = AKIA${'Q'.repeat(16)}`]);
    // The view's first character is byte 10 of the token: base64 character floor(10 * 4 / 3) = 13.
    expect(views[0]!.toOriginal(0)).toBe('creds: '.length + 13);
  });

  it('decodes a token the size of a lone secret, and no other token without a literal', () => {
    const lone = b64('x'.repeat(40));
    expect(decodedBase64(lone, scanRuns(lone).tokens).map((v) => v.text)).toEqual(['x'.repeat(40)]);
    const other = b64('just some text without anything in it at all, long enough not to be a lone key');
    expect(decodedBase64(other, scanRuns(other).tokens)).toEqual([]);
  });
});
