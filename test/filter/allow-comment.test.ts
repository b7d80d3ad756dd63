import { describe, expect, it } from 'vitest';

import { allowCommentFilter, hasAllowComment } from '../../src/filter/allow-comment.js';
import { secret } from '../detect/test-keys.js';
import { lone } from './detections.js';

describe('allow comments', () => {
  const s = secret();

  it.each([
    ['secret-guard:allow', `AWS_SECRET_ACCESS_KEY=${s} # secret-guard:allow`],
    ['secret-guard:allow in any case', `key: ${s} // Secret-Guard:Allow test fixture`],
    ['gitleaks:allow', `aws_secret_access_key = "${s}" # gitleaks:allow`],
    ['trufflehog:ignore', `secretAccessKey: '${s}', // trufflehog:ignore`],
    ['pragma: allowlist secret', `aws_secret_access_key = '${s}'  # pragma: allowlist secret`],
    ['pragma:allowlist secret', `aws_secret_access_key = '${s}'  # pragma:allowlist secret`],
    ['pragma: whitelist secret', `aws_secret_access_key = '${s}'  # pragma: whitelist secret`],
    ['secretlint-disable-line', `const key = "${s}"; // secretlint-disable-line`],
    [
      'secretlint-disable-line for the AWS rule',
      `const key = "${s}"; // secretlint-disable-line @secretlint/secretlint-rule-aws`,
    ],
    ['secretlint-disable-line in an HTML comment', `<code>${s}</code> <!-- secretlint-disable-line -->`],
    ['secretlint-disable-line with a description', `key = "${s}" // secretlint-disable-line -- test key`],
  ])('honours %s', (_name, line) => {
    expect(hasAllowComment(line)).toBe(true);
  });

  it.each([
    ['no comment', `AWS_SECRET_ACCESS_KEY=${s}`],
    [
      'the next-line pragma (it speaks about the next line)',
      `key = '${s}' # pragma: allowlist nextline secret`,
    ],
    [
      'secretlint-disable-next-line (it speaks about the next line)',
      `key = '${s}' // secretlint-disable-next-line`,
    ],
    [
      'secretlint-disable-line for another rule',
      `key = "${s}" // secretlint-disable-line @secretlint/secretlint-rule-npm`,
    ],
    ['a misspelt marker', `key = "${s}" # secret-guard: allow-list`],
    ['gitleaks:allow in another case (gitleaks matches it exactly)', `key = "${s}" # GITLEAKS:ALLOW`],
  ])('does not honour %s', (_name, line) => {
    expect(hasAllowComment(line)).toBe(false);
  });

  it('suppresses only detections whose own line has the comment', () => {
    const allowed = lone('aws-secret-access-key', s, { lineText: `k=${s} # secret-guard:allow` });
    const other = lone('aws-access-key-id', 'AKIAIOSFODNN7EXAMPLE', { line: 2 });
    expect(allowCommentFilter(true)([allowed, other])).toEqual({ kept: [other], suppressed: [allowed] });
  });

  it('ignores every comment when allow.comments is off (for CI)', () => {
    const allowed = lone('aws-secret-access-key', s, { lineText: `k=${s} # secret-guard:allow` });
    expect(allowCommentFilter(false)([allowed]).kept).toEqual([allowed]);
  });
});
