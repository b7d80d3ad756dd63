import { describe, expect, it } from 'vitest';

import { fingerprint } from '../../src/detect/fingerprint.js';
import { ConfigError } from '../../src/errors.js';
import {
  type Baseline,
  baselineFilter,
  createBaseline,
  parseBaseline,
  serializeBaseline,
  unusedBaselineEntries,
} from '../../src/filter/baseline.js';
import { keyId, secret } from '../detect/test-keys.js';
import { pair, places } from './detections.js';

describe('createBaseline and serializeBaseline', () => {
  const [id, s] = [keyId(), secret()];
  const detections = pair(id, s, { file: 'config/prod.env', line: 12 });

  it('records a fingerprint, the rule, the id for ids only, and where it was first seen', () => {
    expect(createBaseline(detections)).toEqual({
      version: 1,
      entries: [
        {
          fingerprint: fingerprint('aws-access-key-id', id),
          rule: 'aws-access-key-id',
          keyId: id,
          note: 'config/prod.env:12',
        },
        {
          fingerprint: fingerprint('aws-secret-access-key', s),
          rule: 'aws-secret-access-key',
          keyId: null,
          note: 'config/prod.env:13',
        },
      ],
    });
  });

  it('never holds the secret, whole or redacted', () => {
    const text = serializeBaseline(createBaseline(detections));
    expect(text).not.toContain(s);
    expect(text).not.toContain(s.slice(0, 4) + '*');
  });

  it('keeps one entry per value, noting the first place it was seen', () => {
    const again = pair(id, s, { file: 'other/place.env', line: 99 });
    const baseline = createBaseline([...detections, ...again]);
    expect(baseline.entries.map((entry) => entry.note)).toEqual(['config/prod.env:12', 'config/prod.env:13']);
  });

  it('is the same text whatever order the detections come in (stable diffs)', () => {
    const many = [
      ...detections,
      ...pair(keyId('111111111111'), secret()),
      ...pair(keyId('222222222222'), secret()),
    ];
    const reversed = [...many].reverse().map((d) => ({ ...d, file: 'config/prod.env', line: 1 }));
    const normalise = (b: Baseline) => ({ ...b, entries: b.entries.map((e) => ({ ...e, note: '' })) });
    expect(serializeBaseline(normalise(createBaseline(reversed)))).toBe(
      serializeBaseline(normalise(createBaseline(many))),
    );
  });

  it('writes version 1 JSON with a final newline that parses back to the same baseline', () => {
    const baseline = createBaseline(detections);
    const text = serializeBaseline(baseline);
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toMatchObject({ version: 1 });
    expect(parseBaseline(text, '.secret-guard-baseline.json')).toEqual(baseline);
  });
});

describe('parseBaseline', () => {
  const id = keyId();
  const idEntry = {
    fingerprint: fingerprint('aws-access-key-id', id),
    rule: 'aws-access-key-id',
    keyId: id,
    note: 'a:1',
  };
  const secretEntry = {
    fingerprint: 'ab'.repeat(16),
    rule: 'aws-secret-access-key',
    keyId: null,
    note: 'a:2',
  };
  const file = (value: unknown): string => JSON.stringify(value);

  it('accepts an entry without a note', () => {
    const bare: Partial<typeof secretEntry> = { ...secretEntry };
    delete bare.note;
    expect(parseBaseline(file({ version: 1, entries: [bare] }), 'b.json').entries[0]!.note).toBe('');
  });

  it.each([
    ['not JSON', '{ "version": 1, ', /^baseline b\.json: not valid JSON/],
    ['not JSON, with the position', '{ "version": 1,\n  oops }', /not valid JSON \(at line 2, column 3\)/],
    ['an array', file([]), /expected a JSON object/],
    ['a missing version', file({ entries: [] }), /"version" must be 1/],
    ['version 2', file({ version: 2, entries: [] }), /"version" must be 1/],
    ['a misspelt key', file({ version: 1, entires: [] }), /unknown key "entires"/],
    ['entries not an array', file({ version: 1, entries: {} }), /"entries" must be an array/],
    [
      'an entry that is not an object',
      file({ version: 1, entries: ['x'] }),
      /entries\[0\] must be an object/,
    ],
    [
      'an unknown entry key',
      file({ version: 1, entries: [{ ...secretEntry, line: 3 }] }),
      /entries\[0\] has an unknown key "line"/,
    ],
    [
      'a short fingerprint',
      file({ version: 1, entries: [{ ...secretEntry, fingerprint: 'abc' }] }),
      /entries\[0\]\.fingerprint must be 32/,
    ],
    [
      'an unknown rule',
      file({ version: 1, entries: [{ ...secretEntry, rule: 'generic' }] }),
      /entries\[0\]\.rule must be one of/,
    ],
    [
      'a note that is not a string',
      file({ version: 1, entries: [{ ...secretEntry, note: 3 }] }),
      /entries\[0\]\.note must be a string/,
    ],
    [
      'a secret entry naming a key id',
      file({ version: 1, entries: [{ ...secretEntry, keyId: id }] }),
      /entries\[0\]\.keyId must be null/,
    ],
    [
      'an id entry without its id',
      file({ version: 1, entries: [{ ...idEntry, keyId: null }] }),
      /entries\[0\]\.keyId must be the access key id/,
    ],
    [
      'an id entry whose id is not the fingerprinted one',
      file({ version: 1, entries: [{ ...idEntry, keyId: keyId('999999999999') }] }),
      /entries\[0\]\.keyId must be the access key id/,
    ],
  ])('rejects %s with a ConfigError naming the file', (_name, text, message) => {
    expect(() => parseBaseline(text, 'b.json')).toThrow(ConfigError);
    expect(() => parseBaseline(text, 'b.json')).toThrow(message);
    expect(() => parseBaseline(text, 'b.json')).toThrow(
      /^baseline b\.json: .*regenerate it with `secret-guard baseline`$/,
    );
  });

  it('never quotes the file’s text in an error, which could hold a pasted secret', () => {
    const s = secret();
    for (const text of [
      `{ "version": 1, "entries": [ ${s} ] }`,
      file({ version: 1, entries: [{ ...secretEntry, fingerprint: s }] }),
      file({ version: 1, [s]: 1 }),
    ]) {
      expect(() => parseBaseline(text, 'b.json')).toThrow(ConfigError);
      try {
        parseBaseline(text, 'b.json');
      } catch (error) {
        expect((error as Error).message).not.toContain(s.slice(0, 30));
      }
    }
  });
});

describe('baselineFilter and unusedBaselineEntries', () => {
  const [id, s] = [keyId(), secret()];
  const accepted = pair(id, s, { file: 'old/place.env', line: 3 });
  const baseline = createBaseline(accepted);

  it('suppresses the same values after they move to another file and line', () => {
    const moved = pair(id, s, { file: 'new/place.yml', line: 40 });
    expect(baselineFilter(baseline)(moved)).toEqual({ kept: [], suppressed: moved });
  });

  it('does not hide a different secret on the same line', () => {
    const swapped = pair(id, secret(), { file: 'old/place.env', line: 3 });
    expect(places(baselineFilter(baseline)(swapped).kept)).toEqual(['aws-secret-access-key@old/place.env:4']);
  });

  it('lists the fingerprints that matched nothing, sorted', () => {
    expect(unusedBaselineEntries(baseline, [accepted[0]])).toEqual([accepted[1].fingerprint]);
    expect(unusedBaselineEntries(baseline, accepted)).toEqual([]);
    expect(unusedBaselineEntries(baseline, [])).toEqual(
      [...baseline.entries.map((e) => e.fingerprint)].sort(),
    );
  });
});
