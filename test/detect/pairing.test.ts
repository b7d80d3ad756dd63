import { describe, expect, it } from 'vitest';

import { pairIdsWithSecrets, type Located } from '../../src/detect/pairing.js';

const at = (line: number, column = 1): Located => ({ line, column });

describe('pairIdsWithSecrets', () => {
  it.each<[string, Located[], Located[], Array<[number, number]>]>([
    ['nothing to pair', [], [at(1)], []],
    ['id then secret', [at(1)], [at(2)], [[0, 0]]],
    ['secret then id', [at(2)], [at(1)], [[0, 0]]],
    ['5 lines apart', [at(1)], [at(6)], [[0, 0]]],
    ['6 lines apart: no pair', [at(1)], [at(7)], []],
    ['nearest line wins', [at(5)], [at(1), at(4)], [[0, 1]]],
    ['same line beats the next line', [at(2, 30)], [at(2, 1), at(3, 30)], [[0, 0]]],
    ['same line, nearest column when counts differ', [at(1, 1), at(1, 100)], [at(1, 90)], [[1, 0]]],
    [
      'same line, in order when counts match',
      [at(1, 1), at(1, 100)],
      [at(1, 50), at(1, 150)],
      [
        [0, 0],
        [1, 1],
      ],
    ],
    [
      'alternating id, secret',
      [at(1), at(3)],
      [at(2), at(4)],
      [
        [0, 0],
        [1, 1],
      ],
    ],
    [
      'alternating secret, id',
      [at(2), at(4)],
      [at(1), at(3)],
      [
        [0, 0],
        [1, 1],
      ],
    ],
    [
      'a block of ids then a block of secrets',
      [at(1), at(2)],
      [at(3), at(4)],
      [
        [0, 0],
        [1, 1],
      ],
    ],
    [
      'a block of secrets then a block of ids',
      [at(3), at(4)],
      [at(1), at(2)],
      [
        [0, 0],
        [1, 1],
      ],
    ],
    ['each secret used once', [at(1), at(2)], [at(3)], [[1, 0]]],
    ['each id used once', [at(2)], [at(1), at(3)], [[0, 0]]],
  ])('%s', (_name, ids, secrets, expected) => {
    expect(pairIdsWithSecrets(ids, secrets)).toEqual(expected);
  });

  it('stays fast on a large credentials dump', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => at(2 * i + 1));
    const secrets = Array.from({ length: 5000 }, (_, i) => at(2 * i + 2));
    const pairs = pairIdsWithSecrets(ids, secrets);
    expect(pairs).toHaveLength(5000);
    expect(pairs.every(([id, secret]) => id === secret)).toBe(true);
  });
});
