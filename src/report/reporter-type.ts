// What every output format implements: a pure function from a finished scan to the text to write. Its own file,
// so that the formats (text.ts, json.ts, sarif.ts) and the dispatcher (reporter.ts) need not import each other.
import type { ScanResult } from '../types.js';

export interface ReportOptions {
  /** ANSI colours; only the text format uses them. */
  color: boolean;
  /** secret-guard's own version, for SARIF `tool.driver`. */
  toolVersion: string;
  /**
   * The staged changes were git's temporary index (`git commit -a`, `git commit <paths>`), which git drops
   * when the hook stops the commit: there is nothing to unstage.
   */
  indexIsTemporary?: boolean;
}

/** Never does I/O, never sees a raw secret (findings carry it redacted) and never prints a line's contents. */
export type Reporter = (result: ScanResult, options: ReportOptions) => string;
