// One reporter per output format (each a `Reporter`, see reporter-type.ts), and the choice between them.
import { assertNever } from '../errors.js';
import type { ScanResult } from '../types.js';
import { jsonReporter } from './json.js';
import type { ReportOptions } from './reporter-type.js';
import { sarifReporter } from './sarif.js';
import { textReporter } from './text.js';

export const REPORT_FORMATS = ['text', 'json', 'sarif'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

export function render(format: ReportFormat, result: ScanResult, options: ReportOptions): string {
  switch (format) {
    case 'text':
      return textReporter(result, options);
    case 'json':
      return jsonReporter(result, options);
    case 'sarif':
      return sarifReporter(result, options);
    default:
      return assertNever(format);
  }
}
