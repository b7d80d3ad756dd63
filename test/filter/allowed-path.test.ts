import { describe, expect, it } from 'vitest';

import { allowedPathFilter } from '../../src/filter/allowed-path.js';
import { secret } from '../detect/test-keys.js';
import { lone } from './detections.js';

const at = (file: string) => lone('aws-secret-access-key', secret(), { file });

describe('allowed paths', () => {
  it.each([
    ['a folder glob', ['test/fixtures/**'], 'test/fixtures/aws/credentials', true],
    ['a folder glob, other folder', ['test/fixtures/**'], 'src/config.ts', false],
    ['a dot folder with dot: true', ['**/fixtures/**'], '.github/fixtures/x.env', true],
    ['a dot file with dot: true', ['**/*.env'], 'app/.env', true],
    ['an extension at the root only', ['*.md'], 'docs/guide.md', false],
    ['an extension at any depth', ['**/*.md'], 'docs/guide.md', true],
    ['a brace list', ['{docs,examples}/**'], 'examples/s3.py', true],
    ['a negated glob does not allow', ['!src/**'], 'src/a.ts', false],
    ['an exact path', ['config/test.env'], 'config/test.env', true],
    ['a leading ./ in the path', ['config/test.env'], './config/test.env', true],
  ])('%s', (_name, globs, file, allowed) => {
    const detection = at(file);
    expect(allowedPathFilter(globs)([detection]).suppressed).toEqual(allowed ? [detection] : []);
  });

  it('suppresses nothing without globs', () => {
    const detection = at('anything/at/all');
    expect(allowedPathFilter([])([detection]).kept).toEqual([detection]);
  });
});
