// One reporter per output format: a pure function from a finished scan to the text to write. Reporters never
// do I/O, never see a raw secret (findings carry it redacted) and never print a line's contents.
import { assertNever } from '../errors.js';
import type { ScanResult } from '../types.js';
import { jsonReporter } from './json.js';
import { sarifReporter } from './sarif.js';
import { textReporter } from './text.js';

export interface ReportOptions {
  /** ANSI colours; only the text format uses them. */
  color: boolean;
  /** secret-guard's own version, for SARIF `tool.driver`. */
  toolVersion: string;
  /** More detail in the text format: fingerprints, e-mail addresses, every CloudTrail call and parameter. */
  verbose?: boolean;
  /**
   * The staged changes were git's temporary index (`git commit -a`, `git commit <paths>`), which git drops
   * when the hook stops the commit: there is nothing to unstage.
   */
  indexIsTemporary?: boolean;
}

export type Reporter = (result: ScanResult, options: ReportOptions) => string;

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
