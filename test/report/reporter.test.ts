import { describe, expect, it } from 'vitest';

import { jsonReporter } from '../../src/report/json.js';
import { isReportFormat, render, REPORT_FORMATS } from '../../src/report/reporter.js';
import { sarifReporter } from '../../src/report/sarif.js';
import { textReporter } from '../../src/report/text.js';
import { makePair, scan } from './scan-results.js';

describe('render', () => {
  const pair = makePair();
  const result = scan({ findings: [pair.id, pair.secret] });
  const options = { color: false, toolVersion: '1.2.3' };

  it.each([
    ['text', textReporter],
    ['json', jsonReporter],
    ['sarif', sarifReporter],
  ] as const)('renders %s with its reporter', (format, reporter) => {
    expect(render(format, result, options)).toBe(reporter(result, options));
  });

  it('is pure: the same input gives the same output, and the input is not changed', () => {
    const before = JSON.stringify(result);
    for (const format of REPORT_FORMATS)
      expect(render(format, result, options)).toBe(render(format, result, options));
    expect(JSON.stringify(result)).toBe(before);
  });

  it('knows its formats', () => {
    expect(REPORT_FORMATS).toEqual(['text', 'json', 'sarif']);
    expect(isReportFormat('sarif')).toBe(true);
    expect(isReportFormat('xml')).toBe(false);
  });
});
