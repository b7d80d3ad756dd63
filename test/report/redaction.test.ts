// No format ever shows a whole secret: each input is built from raw secrets run through `redact`, and the
// raw values (or any long piece of them past the four visible characters) must appear in no output.
import { describe, expect, it } from 'vitest';

import { render, REPORT_FORMATS } from '../../src/report/reporter.js';
import type { ScanResult } from '../../src/types.js';
import { COMMIT, coverage, makePair, scan, type Pair } from './scan-results.js';

interface Case {
  name: string;
  result: ScanResult;
  raws: string[];
}

function cases(): Case[] {
  const plain = makePair();
  const committed = makePair({ commit: COMMIT, file: 'a/b c.env' });
  const verified = makePair();
  verified.id.verification = {
    status: 'active',
    user: 'deploy-bot',
    pairValid: true,
    activity: { available: true, events: 1, calls: [{ name: 'sts:GetCallerIdentity', count: 1 }] },
  };
  verified.id.response = {
    action: 'failed',
    reason: 'AccessDenied',
    calls: [
      {
        api: 'iam:UpdateAccessKey',
        params: { AccessKeyId: verified.keyId },
        ok: false,
        error: 'AccessDenied',
      },
    ],
  };
  const all = (pairs: Pair[]): ScanResult['findings'] => pairs.flatMap((p) => [p.id, p.secret]);
  return [
    { name: 'a pair in the index', result: scan({ findings: all([plain]) }), raws: [plain.rawSecret] },
    {
      name: 'pairs in history, one verified with a failed response, in a partial scan',
      result: scan({
        source: 'all',
        findings: all([committed, verified]),
        coverage: coverage({ commits: 2, errors: ['git show failed'] }),
      }),
      raws: [committed.rawSecret, verified.rawSecret],
    },
  ];
}

/** Every 8-character window of the raw secret past its first four (visible) characters. */
function pieces(raw: string): string[] {
  const out: string[] = [];
  for (let i = 1; i + 8 <= raw.length; i++) out.push(raw.slice(i, i + 8));
  return out;
}

describe('redaction in every format', () => {
  for (const format of REPORT_FORMATS) {
    it.each(cases().map((c) => [c.name, c] as const))(`${format}: %s`, (_name, c) => {
      const output = render(format, c.result, { color: true, toolVersion: '1.2.3' });
      for (const raw of c.raws) {
        expect(output).not.toContain(raw);
        for (const piece of pieces(raw)) expect(output).not.toContain(piece);
        expect(output).toContain(raw.slice(0, 4) + '*'.repeat(36));
      }
    });
  }
});

describe('defence in depth: a slip upstream is still masked', () => {
  function leaky(): { result: ScanResult; raw: string } {
    const pair = makePair();
    const raw = pair.rawSecret;
    // As if a stage forgot to redact, and an AWS error message echoed the secret back.
    pair.secret.secret = raw;
    pair.secret.verification = { status: 'unverified', reason: `signature mismatch for ${raw}` };
    pair.secret.response = {
      action: 'failed',
      reason: `could not use ${raw}`,
      calls: [{ api: 'sts:GetCallerIdentity', params: { secret: raw }, ok: false, error: `bad ${raw}` }],
    };
    const result = scan({
      findings: [pair.id, pair.secret],
      coverage: coverage({ errors: [`oops: ${raw}`] }),
    });
    return { result, raw };
  }

  it.each(REPORT_FORMATS)('%s', (format) => {
    const { result, raw } = leaky();
    const output = render(format, result, { color: false, toolVersion: '1.2.3' });
    expect(output).not.toContain(raw);
    for (const piece of pieces(raw)) expect(output).not.toContain(piece);
  });
});
