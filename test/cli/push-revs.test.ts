import { describe, expect, it } from 'vitest';
import { parsePushLines, pushRevs } from '../../src/cli/push-revs.js';
import { tempRepos } from '../helpers/git-repo.js';

const ZERO = '0'.repeat(40);
const repo = tempRepos();

describe('pushRevs', () => {
  it('parses the ref lines git gives pre-push', () => {
    const a = 'a'.repeat(40);
    expect(parsePushLines(`refs/heads/main ${a} refs/heads/main ${ZERO}\n\n`)).toEqual([
      { localSha: a, remoteSha: ZERO },
    ]);
    expect(parsePushLines('garbage\n')).toEqual([]);
  });

  it('excludes what the remote has: its tracking refs and each known remote sha', async () => {
    const r = repo();
    const first = r.commit({ 'a.txt': 'a\n' });
    const second = r.commit({ 'a.txt': 'b\n' });
    const lines = `refs/heads/main ${second} refs/heads/main ${first}\n`;
    expect(await pushRevs(lines, 'origin', r.dir)).toEqual([second, '--not', first, '--remotes=origin']);
    // A remote sha we do not have (someone else pushed) cannot be excluded; the tracking refs still are.
    const unknown = 'b'.repeat(40);
    expect(await pushRevs(`refs/heads/main ${second} refs/heads/main ${unknown}\n`, 'up', r.dir)).toEqual([
      second,
      '--not',
      '--remotes=up',
    ]);
  });

  it('gives null when the push only deletes', async () => {
    const lines = `(delete) ${ZERO} refs/heads/old ${'c'.repeat(40)}\n`;
    expect(await pushRevs(lines, 'origin', process.cwd())).toBeNull();
  });
});
