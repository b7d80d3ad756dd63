// The prefilter and the one list of literals it is made from (the contract for any faster prefilter outside the
// detector): every literal passes, nothing without one does, and the derived pieces match what they are made from.
import { randomBytes } from 'node:crypto';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { KEY_ID_PREFIXES } from '../../src/detect/patterns.js';
import {
  base64Literals,
  LITERAL_JOIN,
  LITERAL_JUNCTIONS,
  LITERAL_QUOTES,
  prefilterLiterals,
  prefilter,
} from '../../src/detect/prefilter.js';

function holdsLiteral(text: string): boolean {
  return prefilterLiterals().some(({ text: literal, ignoreCase }) =>
    ignoreCase ? text.toLowerCase().includes(literal.toLowerCase()) : text.includes(literal),
  );
}

describe('prefilter', () => {
  it.each([...KEY_ID_PREFIXES, 'aws', 'AWS', 'Amazon', 'AMZN', 'secret', 'SecretAccessKey', 'akia'])(
    'admits %s and searches the line',
    (word) => {
      expect(prefilter(`x = ${word} y`)).toBe('line');
    },
  );

  it.each([
    'const x = 1;',
    'import { readFile } from "node:fs";',
    'ASI',
    'amzon',
    'secre',
    `'Q' + 'Z'`,
    `"X" "Y"`,
  ])('rejects %j', (line) => {
    expect(prefilter(line)).toBe('none');
  });

  it('admits every word and base64 literal of the list, words in any case', () => {
    for (const { text, ignoreCase } of prefilterLiterals().filter((literal) => !/["'`]/.test(literal.text))) {
      expect(prefilter(`-- ${text} --`), text).not.toBe('none');
      if (ignoreCase) expect(prefilter(`-- ${text.toUpperCase()} --`), text).not.toBe('none');
    }
  });

  it('admits a key id prefix split at any point, by any junction, between any quotes', () => {
    let cases = 0;
    for (const prefix of KEY_ID_PREFIXES)
      for (let at = 1; at < prefix.length; at++)
        for (const close of LITERAL_QUOTES)
          for (const junction of LITERAL_JUNCTIONS)
            for (const open of LITERAL_QUOTES) {
              const line = `k = ${close}${prefix.slice(0, at)}${close}${junction}${open}${prefix.slice(at)}${open}`;
              expect(prefilter(line), line).toBe('joined');
              cases++;
            }
    expect(cases).toBe(4 * 3 * 3 * LITERAL_JUNCTIONS.length * 3);
  });

  it('searches only the joined literals of a line that passed by a split prefix alone', () => {
    expect(prefilter(`k = 'AK' + 'IA'`)).toBe('joined');
    expect(prefilter(`k = "A""SIA"`)).toBe('joined');
    expect(prefilter(`k = 'AK' + 'IA' # aws`)).toBe('line');
    expect(prefilter(`aws: k = 'AK' + 'IA'`)).toBe('line');
  });

  it('admits only lines that hold a literal of the list (the list is a superset of the prefilter)', () => {
    const pieces = fc.oneof(
      fc.constantFrom(...prefilterLiterals().map((literal) => literal.text)),
      fc.string({ unit: 'grapheme-ascii', maxLength: 6 }),
      fc.constantFrom('A', 'K', 'I', 'S', 'C', 'B', "'", '"', ' + ', '.'),
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 10 }), (parts) => {
        const line = parts.join('');
        if (prefilter(line) !== 'none') expect(holdsLiteral(line)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('lists as junctions exactly the strings the junction pattern matches', () => {
    const candidates = new Set<string>(['']);
    for (let length = 0; length < 4; length++)
      for (const text of [...candidates]) for (const c of [' ', '+', '.', '-']) candidates.add(text + c);
    const pattern = new RegExp(
      `^${LITERAL_JOIN.slice(LITERAL_JOIN.indexOf(']') + 1, LITERAL_JOIN.lastIndexOf('['))}$`,
    );
    const matching = [...candidates].filter((text) => pattern.test(text)).sort();
    expect([...LITERAL_JUNCTIONS].sort()).toEqual(matching);
  });
});

describe('base64Literals', () => {
  it.each(['AKIA', 'ASIA', 'ecret', 'ECRET'])(
    'gives for %s literals that one of occurs in every encoding of it, at any alignment',
    (word) => {
      const literals = base64Literals(word);
      expect(literals).toHaveLength(3);
      for (const literal of literals) expect(literal.length).toBeGreaterThanOrEqual(4);
      for (let i = 0; i < 300; i++) {
        const before = randomBytes(i % 7);
        const after = randomBytes((i * 5) % 11);
        const encoded = Buffer.concat([before, Buffer.from(word), after]).toString('base64');
        expect(literals.some((literal) => encoded.includes(literal))).toBe(true);
      }
    },
  );

  it('is the known encoding of AKIA when aligned', () => {
    expect(Buffer.from('AKIA').toString('base64').startsWith(base64Literals('AKIA')[0]!)).toBe(true);
  });
});
