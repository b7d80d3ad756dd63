import { describe, expect, it } from 'vitest';
import { namedRevisions, rangeRevisions } from '../../src/source/revision-names.js';

describe('revisions named by rev-list arguments', () => {
  it.each([
    ['A..B', ['A', 'B']],
    ['A...B', ['A', 'B']],
    ['..B', ['HEAD', 'B']],
    ['A..', ['A', 'HEAD']],
    ['main', ['main']],
    ['^main', ['main']],
    ['origin/main...HEAD', ['origin/main', 'HEAD']],
  ])('%s names %j', (range, expected) => {
    expect(rangeRevisions(range)).toEqual(expected);
  });

  it('skips options in push revs', () => {
    expect(namedRevisions(['abc', '--not', 'def', '--remotes=origin'])).toEqual(['abc', 'def']);
  });
});
