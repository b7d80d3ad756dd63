// A one-line progress indicator for long history scans, drawn on a terminal's stderr with `\r` and erased
// when the scan ends. Off a terminal (CI logs, pipes, files) it writes nothing at all.
import { groupDigits } from './text.js';

export interface ProgressStream {
  isTTY?: boolean;
  write(s: string): boolean;
  /** Width of the terminal; the line is cut to fit. */
  columns?: number;
}

export interface Progress {
  /** Commits finished so far, of how many (null while the total is unknown). */
  update(commitsDone: number, commitsTotal: number | null): void;
  /** Erase the line. Later updates are ignored. */
  done(): void;
}

/** At most ten redraws a second. */
export const REDRAW_INTERVAL_MS = 100;
const DEFAULT_COLUMNS = 80;

const noop: Progress = { update() {}, done() {} };

function count(n: number): string {
  return groupDigits(Math.max(0, Math.floor(n)));
}

function eta(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** The progress text, without control characters: exported for tests. */
export function progressText(commitsDone: number, commitsTotal: number | null, elapsedMs: number): string {
  let text = `secret-guard: scanned ${count(commitsDone)}`;
  if (commitsTotal !== null && commitsTotal > 0) {
    const percent = Math.min(100, Math.floor((commitsDone / commitsTotal) * 100));
    text += ` of ${count(commitsTotal)} commits (${percent}%)`;
  } else {
    text += commitsDone === 1 ? ' commit' : ' commits';
  }
  if (elapsedMs >= 1000 && commitsDone > 0) {
    const rate = commitsDone / (elapsedMs / 1000);
    text += `, ${rate >= 10 ? count(rate) : rate.toFixed(1)} commits/s`;
    if (commitsTotal !== null && commitsTotal > commitsDone)
      text += `, about ${eta((commitsTotal - commitsDone) / rate)} left`;
  }
  return text;
}

export function createProgress(stream: ProgressStream, now: () => number): Progress {
  if (stream.isTTY !== true) return noop;
  const started = now();
  let lastDraw: number | null = null;
  let drawnWidth = 0;
  let finished = false;

  const write = (text: string): void => {
    const pad = ' '.repeat(Math.max(0, drawnWidth - text.length));
    stream.write(`\r${text}${pad}`);
    drawnWidth = text.length;
  };

  return {
    update(commitsDone, commitsTotal) {
      if (finished) return;
      const t = now();
      if (lastDraw !== null && t - lastDraw < REDRAW_INTERVAL_MS) return;
      lastDraw = t;
      // One column short of the width, so the terminal never wraps the line. Some terminals (a serial
      // console, some CI pseudo-terminals) report 0 columns: that means "unknown", not "none".
      const columns = stream.columns !== undefined && stream.columns > 0 ? stream.columns : DEFAULT_COLUMNS;
      const width = Math.max(10, columns - 1);
      write(progressText(commitsDone, commitsTotal, t - started).slice(0, width));
    },
    done() {
      if (finished) return;
      finished = true;
      if (drawnWidth > 0) stream.write(`\r${' '.repeat(drawnWidth)}\r`);
      drawnWidth = 0;
    },
  };
}
