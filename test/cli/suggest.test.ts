import { describe, expect, it } from 'vitest';
import { editDistance, nearest } from '../../src/cli/suggest.js';

describe('editDistance', () => {
  it.each([
    ['scan', 'scan', 0],
    ['scna', 'scan', 1], // two neighbours swapped
    ['sca', 'scan', 1],
    ['--fromat', '--format', 1],
    ['--ouptut', '--output', 1],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
  ])('%s -> %s: %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe('nearest', () => {
  const commands = ['scan', 'baseline', 'install', 'uninstall', 'hook'];
  it.each([
    ['scna', 'scan'],
    ['instal', 'install'],
    ['baseilne', 'baseline'],
    ['hooks', 'hook'],
    ['unin', 'uninstall'], // cut short, and only one command starts so
    ['deploy', undefined],
    ['s', undefined],
    ['in', undefined],
  ])('%s -> %s', (word, match) => {
    expect(nearest(word, commands)).toBe(match);
  });
});
