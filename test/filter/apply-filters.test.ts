import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { type Config, DEFAULT_CONFIG } from '../../src/config/config.js';
import { applyFilters } from '../../src/filter/apply-filters.js';
import { createBaseline } from '../../src/filter/baseline.js';
import type { Detection } from '../../src/types.js';
import { scanText } from '../detect/scan.js';
import { keyId, secret, seededBytes } from '../detect/test-keys.js';
import { lone, onOneLine, pair } from './detections.js';

function config(allow: Partial<Config['allow']> = {}): Config {
  return { ...DEFAULT_CONFIG, allow: { ...DEFAULT_CONFIG.allow, ...allow } };
}

describe('applyFilters', () => {
  it('keeps everything and counts nothing when nothing applies', async () => {
    const detections = pair(keyId(), secret());
    expect(await applyFilters(detections, { config: config(), baseline: null })).toEqual({
      kept: detections,
      suppressed: {},
      unusedBaseline: [],
    });
  });

  it('counts each suppressed detection under one reason', async () => {
    const example = pair('AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
    const canaryId = keyId('210987654321');
    const canary = onOneLine(pair(canaryId, secret()));
    const fixture = pair(keyId(), secret(), { file: 'test/fixtures/creds.env' });
    const commented = lone('aws-secret-access-key', secret(), { lineText: 'k=… # gitleaks:allow' });
    const accepted = pair(keyId('333333333333'), secret());
    const reported = pair(keyId('444444444444'), secret());
    const result = await applyFilters(
      [...example, ...canary, ...fixture, commented, ...accepted, ...reported],
      {
        config: config({ keyIds: [canaryId], paths: ['test/fixtures/**'] }),
        baseline: createBaseline(accepted),
      },
    );
    expect(result.kept).toEqual(reported);
    expect(result.suppressed).toEqual({
      'example-key': 2,
      'allowed-key-id': 2,
      'allowed-path': 2,
      'allow-comment': 1,
      baseline: 2,
    });
    expect(result.unusedBaseline).toEqual([]);
  });

  it('counts a detection that several reasons allow under the first, in the documented order', async () => {
    const reasonsFor = async (id: string, allow: Partial<Config['allow']>): Promise<string[]> => {
      const detection = lone('aws-access-key-id', id, {
        file: 'test/x.env',
        lineText: `${id} # secret-guard:allow`,
      });
      const result = await applyFilters([detection], {
        config: config(allow),
        baseline: createBaseline([detection]),
      });
      return Object.keys(result.suppressed);
    };
    const real = keyId();
    expect(
      await reasonsFor('AKIAIOSFODNN7EXAMPLE', { keyIds: ['AKIAIOSFODNN7EXAMPLE'], paths: ['test/**'] }),
    ).toEqual(['example-key']);
    expect(await reasonsFor(real, { keyIds: [real], paths: ['test/**'] })).toEqual(['allowed-key-id']);
    expect(await reasonsFor(real, { paths: ['test/**'] })).toEqual(['allowed-path']);
    expect(await reasonsFor(real, {})).toEqual(['allow-comment']);
    expect(await reasonsFor(real, { comments: false })).toEqual(['baseline']);
  });

  it('ignores allow comments when allow.comments is off', async () => {
    const commented = lone('aws-secret-access-key', secret(), { lineText: 'k=… # secret-guard:allow' });
    const result = await applyFilters([commented], { config: config({ comments: false }), baseline: null });
    expect(result.kept).toEqual([commented]);
  });

  it('reports baseline entries that match no detection, but not those another reason also allows', async () => {
    const gone = pair(keyId('555555555555'), secret());
    const alsoAllowedByPath = pair(keyId('666666666666'), secret(), { file: 'test/fixtures/a.env' });
    const baseline = createBaseline([...gone, ...alsoAllowedByPath]);
    const result = await applyFilters(alsoAllowedByPath, {
      config: config({ paths: ['test/fixtures/**'] }),
      baseline,
    });
    expect(result.unusedBaseline).toEqual(gone.map((d) => d.fingerprint).sort());
    expect(result.suppressed).toEqual({ 'allowed-path': 2 });
  });

  it('leaves nothing of the AWS documentation examples fixture with the default configuration', async () => {
    const text = readFileSync(
      join(import.meta.dirname, '../fixtures/detect/ng-aws-docs-examples/README.md'),
      'utf8',
    );
    const detections = scanText(text, 'README.md');
    expect(detections.length).toBeGreaterThan(0);
    const result = await applyFilters(detections, { config: DEFAULT_CONFIG, baseline: null });
    expect(result.kept).toEqual([]);
    expect(result.suppressed).toEqual({ 'example-key': detections.length });
  });

  it('suppresses exactly the baselined detections wherever they move, and nothing else (property)', async () => {
    const where = fc.record({
      file: fc.constantFrom('a.env', 'src/b.ts', '.github/c.yml', 'd/e/f.json'),
      line: fc.integer({ min: 1, max: 10_000 }),
    });
    /** A pair or a lone secret per seed; distinct seeds give distinct keys. */
    const make = (seed: number, asPair: boolean, at: { file: string; line: number }): Detection[] => {
      const random = seededBytes(seed);
      return asPair
        ? pair(keyId('123456789012', 'AKIA', random), secret(random), at)
        : [lone('aws-secret-access-key', secret(random), at)];
    };
    const groups = fc
      .uniqueArray(fc.integer(), { maxLength: 12 })
      .chain((seeds) =>
        fc.tuple(
          fc.constant(seeds),
          fc.array(fc.boolean(), { minLength: seeds.length, maxLength: seeds.length }),
          fc.array(where, { minLength: 2 * seeds.length, maxLength: 2 * seeds.length }),
          fc.nat({ max: seeds.length }),
        ),
      );
    await fc.assert(
      fc.asyncProperty(groups, async ([seeds, kinds, spots, split]) => {
        const all = seeds.map((seed, i) => make(seed, kinds[i]!, spots[2 * i]!));
        const accepted = all.slice(0, split).flat();
        const fresh = all.slice(split).flat();
        // Each accepted detection moves to another place of its own.
        const moved = accepted.map((d, i): Detection => ({ ...d, ...spots[(2 * i + 1) % spots.length] }));
        const result = await applyFilters([...moved, ...fresh], {
          config: config(),
          baseline: createBaseline(accepted),
        });
        expect(result.kept).toEqual(fresh);
        expect(result.suppressed).toEqual(moved.length > 0 ? { baseline: moved.length } : {});
        expect(result.unusedBaseline).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
