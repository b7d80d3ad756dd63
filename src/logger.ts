// The core never writes to the console itself: it is handed a Logger.

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  /** A transient status line (progress); may be ignored. */
  progress(message: string): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, progress() {} };

/** Keeps every message, for tests and for the CLI's `run()` which returns its output. */
export class RecordingLogger implements Logger {
  readonly messages: Array<{ level: 'info' | 'warn' | 'progress'; message: string }> = [];
  info(message: string): void {
    this.messages.push({ level: 'info', message });
  }
  warn(message: string): void {
    this.messages.push({ level: 'warn', message });
  }
  progress(message: string): void {
    this.messages.push({ level: 'progress', message });
  }
}
