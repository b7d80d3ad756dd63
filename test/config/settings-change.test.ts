// What the scanned commits change in secret-guard's own settings, on real repositories.
import { describe, expect, it } from 'vitest';
import { settingsChanges } from '../../src/config/settings-change.js';
import { createBaseline, serializeBaseline } from '../../src/filter/baseline.js';
import { tempRepos, type TempRepo } from '../helpers/git-repo.js';
import { makeKeyId, makeSecret } from '../helpers/keys.js';
import { scanText } from '../detect/scan.js';

const repo = tempRepos();

/** `main` with `base`, then a `pr` branch with `change` committed on top. */
function branch(base: Record<string, string>, change: Record<string, string>): TempRepo {
  const r = repo();
  r.commit({ 'README.md': 'app\n', ...base });
  r.git('checkout', '-q', '-b', 'pr');
  r.commit(change);
  return r;
}

async function rangeChanges(r: TempRepo, range = 'main..pr') {
  return settingsChanges(r.dir, { kind: 'range', range });
}

describe('settingsChanges', () => {
  it('says what a changed .secret-guard.yml allows now that it did not before', async () => {
    const kept = makeKeyId();
    const added = makeKeyId();
    const r = branch(
      {
        '.secret-guard.yml': `allow:\n  paths: ["test/**"]\n  keyIds: ["${kept}"]\n  comments: false\n`,
      },
      {
        '.secret-guard.yml': [
          'accounts: ["111122223333"]',
          'allow:',
          '  paths: ["test/**", "**"]',
          `  keyIds: ["${kept}", "${added}"]`,
          'baseline: security/accepted.json',
          'verify:',
          '  pairCheck: false',
          '  callTimeoutSeconds: 1',
          'response:',
          '  revokeSessions: false',
          '  quarantine: deny-all',
          '',
        ].join('\n'),
      },
    );
    expect(await rangeChanges(r)).toEqual([
      {
        file: '.secret-guard.yml',
        kind: 'config',
        summary: [
          'allow.paths adds "**"',
          `allow.keyIds adds ${added}`,
          'allow.comments turned on: same-line allow comments count',
          'baseline is now security/accepted.json (was .secret-guard-baseline.json)',
          'accounts is now ["111122223333"] (was [])',
          'verify.pairCheck is now false (was "auto")',
          'aws.callTimeoutSeconds is now 1 (was 5)',
          'response.revokeSessions is now false (was true)',
          'response.quarantine is now "deny-all" (was "none")',
        ],
      },
    ]);
  });

  it('lists a changed file that allows nothing new with an empty summary', async () => {
    const r = branch(
      { '.secret-guard.yml': 'allow:\n  paths: ["a/**", "b/**"]\n' },
      {
        '.secret-guard.yml': 'allow:\n  paths: ["a/**"]\n',
      },
    );
    expect(await rangeChanges(r)).toEqual([{ file: '.secret-guard.yml', kind: 'config', summary: [] }]);
  });

  it('counts a deleted .secret-guard.yml: the defaults it falls back to may allow more', async () => {
    const r = repo();
    r.commit({ '.secret-guard.yml': 'allow:\n  comments: false\n' });
    r.git('checkout', '-q', '-b', 'pr');
    r.git('rm', '-q', '.secret-guard.yml');
    r.git('commit', '-q', '-m', 'drop the settings');
    expect(await rangeChanges(r)).toEqual([
      {
        file: '.secret-guard.yml',
        kind: 'config',
        summary: ['allow.comments turned on: same-line allow comments count'],
      },
    ]);
  });

  it('says when the new .secret-guard.yml is broken', async () => {
    const r = branch({}, { '.secret-guard.yml': 'allow:\n  paths: "**"\n' });
    expect(await rangeChanges(r)).toEqual([
      {
        file: '.secret-guard.yml',
        kind: 'config',
        summary: [
          'not valid, so every scan that reads it stops (exit 2): .secret-guard.yml: allow.paths: must be a list',
        ],
      },
    ]);
  });

  it('never reads a settings file over its size limit, and says so', async () => {
    const huge = `# ${'x'.repeat(1024 * 1024)}\n`;
    const r = branch({}, { '.secret-guard.yml': huge, '.gitattributes': huge });
    expect(await rangeChanges(r)).toEqual([
      {
        file: '.gitattributes',
        kind: 'gitattributes',
        summary: [`too large to read (${huge.length} bytes): check it by hand`],
      },
      {
        file: '.secret-guard.yml',
        kind: 'config',
        summary: [
          'not valid, so every scan that reads it stops (exit 2): config .secret-guard.yml is 1.0 MB, over the 1 MB limit: is it the right file?',
        ],
      },
    ]);
  });

  it('names the key ids a baseline now accepts, and counts its secrets by fingerprint only', async () => {
    const old = makeKeyId();
    const fresh = makeKeyId();
    const freshSecret = makeSecret();
    const baseline = (text: string): string => serializeBaseline(createBaseline(scanText(text, 'app.env')));
    const r = branch(
      { '.secret-guard-baseline.json': baseline(`AWS_ACCESS_KEY_ID=${old}\n`) },
      {
        '.secret-guard-baseline.json': baseline(
          `AWS_ACCESS_KEY_ID=${old}\nAWS_ACCESS_KEY_ID=${fresh}\nAWS_SECRET_ACCESS_KEY=${freshSecret}\n`,
        ),
      },
    );
    const [change, ...rest] = await rangeChanges(r);
    expect(rest).toEqual([]);
    expect(change?.file).toBe('.secret-guard-baseline.json');
    expect(change?.kind).toBe('baseline');
    expect(change?.summary).toHaveLength(2);
    // Sorted as the baseline file is: ids first.
    expect(change?.summary[0]).toMatch(
      new RegExp(`^accepts access key id ${fresh} \\(fingerprint [0-9a-f]{32}\\)$`),
    );
    expect(change?.summary[1]).toMatch(/^accepts a secret access key \(fingerprint [0-9a-f]{32}\)$/);
    expect(JSON.stringify(change)).not.toContain(freshSecret);
  });

  it('follows the baseline the configuration names', async () => {
    const id = makeKeyId();
    const r = branch(
      { '.secret-guard.yml': 'baseline: security/accepted.json\n' },
      { 'security/accepted.json': serializeBaseline(createBaseline(scanText(`key ${id}\n`))) },
    );
    const changes = await rangeChanges(r);
    expect(changes.map((c) => [c.file, c.summary.length])).toEqual([['security/accepted.json', 1]]);
  });

  it('reports .gitattributes lines, at any depth, that keep content out of a diff, and no others', async () => {
    const r = branch(
      { '.gitattributes': '*.png binary\n' },
      {
        '.gitattributes': '*.png binary\n*.sh text eol=lf\n*.env -diff\n',
        'config/.gitattributes': '# generated\nsecrets.* binary\n*.json diff=hidden\n*.key filter=crypt\n',
        'docs/.gitattributes': '*.md text\n',
      },
    );
    expect(await rangeChanges(r)).toEqual([
      {
        file: '.gitattributes',
        kind: 'gitattributes',
        summary: ['"*.env -diff" marks *.env as without a diff (-diff)'],
      },
      {
        file: 'config/.gitattributes',
        kind: 'gitattributes',
        summary: [
          '"secrets.* binary" marks secrets.* as binary (no diff is shown)',
          '"*.json diff=hidden" marks *.json as diffed through the driver "hidden"',
          '"*.key filter=crypt" marks *.key as stored through the filter "crypt" (Git holds what the filter makes)',
        ],
      },
    ]);
  });

  it('is empty when the scanned commits leave the settings alone', async () => {
    const r = branch({ '.secret-guard.yml': 'allow:\n  paths: ["x/**"]\n' }, { 'src/app.ts': 'x\n' });
    expect(await rangeChanges(r)).toEqual([]);
  });

  it('does not count as new what a merged base branch already allowed', async () => {
    const r = repo();
    r.commit({ 'README.md': 'app\n' });
    r.git('checkout', '-q', '-b', 'pr');
    r.commit({ 'src/app.ts': 'x\n' });
    r.git('checkout', '-q', 'main');
    r.commit({ '.secret-guard.yml': 'allow:\n  paths: ["vendor/**"]\n' }, 'main allows vendor/');
    r.git('checkout', '-q', 'pr');
    r.git('merge', '-q', '--no-edit', 'main');
    r.commit({ '.secret-guard.yml': 'allow:\n  paths: ["vendor/**", "**"]\n' }, 'pr allows everything');
    expect(await rangeChanges(r)).toEqual([
      { file: '.secret-guard.yml', kind: 'config', summary: ['allow.paths adds "**"'] },
    ]);
  });

  it('compares both sides of A...B', async () => {
    const r = branch({}, { 'src/app.ts': 'x\n' });
    r.git('checkout', '-q', 'main');
    r.commit({ '.secret-guard.yml': 'allow:\n  paths: ["m/**"]\n' });
    expect(await rangeChanges(r, 'main...pr')).toEqual([
      { file: '.secret-guard.yml', kind: 'config', summary: ['allow.paths adds "m/**"'] },
    ]);
  });

  it('reads a push: the pushed tips against what the remote already has', async () => {
    const r = branch({}, { '.secret-guard.yml': 'allow:\n  paths: ["p/**"]\n' });
    const tip = r.git('rev-parse', 'pr');
    const base = r.git('rev-parse', 'main');
    expect(
      await settingsChanges(r.dir, { kind: 'push', revs: [tip, '--not', base, '--remotes=origin'] }),
    ).toEqual([{ file: '.secret-guard.yml', kind: 'config', summary: ['allow.paths adds "p/**"'] }]);
  });

  it('has nothing to say for a whole-history scan, which reviews no change', async () => {
    const r = repo();
    r.commit({ '.secret-guard.yml': 'allow:\n  paths: ["a/**"]\n' });
    r.commit({ '.gitattributes': '*.bin binary\n' });
    expect(await settingsChanges(r.dir, { kind: 'all' })).toEqual([]);
  });

  it('has nothing to say for a repository without commits, or for sources that are not history', async () => {
    const r = repo();
    expect(await settingsChanges(r.dir, { kind: 'all' })).toEqual([]);
    r.commit({ '.secret-guard.yml': 'allow:\n  paths: ["a/**"]\n' });
    expect(await settingsChanges(r.dir, { kind: 'staged' })).toEqual([]);
    expect(await settingsChanges(r.dir, { kind: 'paths', paths: ['.'] })).toEqual([]);
  });
});
