import { beforeEach, describe, expect, it } from 'vitest';

import { createProgress, progressText, REDRAW_INTERVAL_MS } from '../../src/report/progress.js';

/** A terminal that records what is written to it. */
class FakeTty {
  readonly writes: string[] = [];
  readonly isTTY: boolean | undefined;
  readonly columns: number | undefined;
  constructor(options: { isTTY?: boolean; columns?: number } = { isTTY: true, columns: 120 }) {
    this.isTTY = options.isTTY;
    this.columns = options.columns;
  }
  write(s: string): boolean {
    this.writes.push(s);
    return true;
  }
  /** What the terminal shows on its one line, after carriage returns. */
  get screen(): string {
    let line = '';
    for (const chunk of this.writes) {
      for (const part of chunk.split('\r').map((p, i) => ({ p, reset: i > 0 }))) {
        line = part.reset ? part.p + line.slice(part.p.length) : line + part.p;
      }
    }
    return line;
  }
}

class FakeClock {
  t = 1_000_000;
  readonly now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

let clock: FakeClock;

beforeEach(() => {
  clock = new FakeClock();
});

describe('createProgress', () => {
  it.each([{ isTTY: false }, {}])('writes nothing when the stream is not a terminal (%o)', (options) => {
    const stream = new FakeTty(options);
    const progress = createProgress(stream, clock.now);
    progress.update(1, 10);
    clock.advance(1000);
    progress.update(5, 10);
    progress.done();
    expect(stream.writes).toEqual([]);
  });

  it('draws the line with a carriage return: commits done of total, with the share', () => {
    const stream = new FakeTty();
    createProgress(stream, clock.now).update(12, 100);
    expect(stream.writes).toEqual(['\rsecret-guard: scanned 12 of 100 commits (12%)']);
  });

  it('counts commits alone while the total is unknown', () => {
    const stream = new FakeTty();
    const progress = createProgress(stream, clock.now);
    progress.update(1, null);
    expect(stream.screen).toBe('secret-guard: scanned 1 commit');
    clock.advance(REDRAW_INTERVAL_MS);
    progress.update(1500, null);
    expect(stream.screen).toBe('secret-guard: scanned 1,500 commits');
  });

  it('shows the rate in commits per second, and the time left when the total is known', () => {
    const stream = new FakeTty();
    const progress = createProgress(stream, clock.now);
    clock.advance(2000);
    progress.update(200, 1000);
    expect(stream.screen).toBe(
      'secret-guard: scanned 200 of 1,000 commits (20%), 100 commits/s, about 8 s left',
    );
    clock.advance(2000);
    progress.update(210, null);
    expect(stream.screen.trimEnd()).toBe('secret-guard: scanned 210 commits, 52 commits/s');
  });

  it('redraws at most ten times a second', () => {
    const stream = new FakeTty();
    const progress = createProgress(stream, clock.now);
    for (let i = 1; i <= 100; i++) {
      progress.update(i, 100);
      clock.advance(10); // 100 updates over one second
    }
    expect(stream.writes.length).toBeGreaterThanOrEqual(9);
    expect(stream.writes.length).toBeLessThanOrEqual(11);
    progress.update(100, 100);
    const drawn = stream.writes.length;
    progress.update(100, 100); // the same instant as the last update: no redraw
    clock.advance(REDRAW_INTERVAL_MS - 1);
    progress.update(100, 100); // still within the interval
    expect(stream.writes).toHaveLength(drawn);
  });

  it('pads over a longer previous line', () => {
    const stream = new FakeTty();
    const progress = createProgress(stream, clock.now);
    clock.advance(5000);
    progress.update(50, 100); // long: rate and time left
    clock.advance(REDRAW_INTERVAL_MS);
    progress.update(51, null); // shorter
    expect(stream.screen).toMatch(/^secret-guard: scanned 51 commits, 10 commits\/s +$/);
  });

  it('cuts the line to the terminal width, one column short so it never wraps', () => {
    const stream = new FakeTty({ isTTY: true, columns: 30 });
    createProgress(stream, clock.now).update(12, 100);
    expect(stream.writes[0]).toBe('\r' + 'secret-guard: scanned 12 of 100 commits (12%)'.slice(0, 29));
  });

  it.each([0, -1, Number.NaN])('takes a terminal that reports %s columns for 80 wide', (columns) => {
    const stream = new FakeTty({ isTTY: true, columns });
    const progress = createProgress(stream, clock.now);
    clock.advance(2000);
    progress.update(200, 1000);
    expect(stream.screen).toBe(
      'secret-guard: scanned 200 of 1,000 commits (20%), 100 commits/s, about 8 s left',
    );
  });

  it('erases the line when done, and ignores updates after that', () => {
    const stream = new FakeTty();
    const progress = createProgress(stream, clock.now);
    progress.update(3, 10);
    progress.done();
    expect(stream.writes.at(-1)).toMatch(/^\r +\r$/);
    expect(stream.screen.trim()).toBe('');
    const count = stream.writes.length;
    clock.advance(1000);
    progress.update(4, 10);
    progress.done();
    expect(stream.writes).toHaveLength(count);
  });

  it('writes nothing when done before anything was drawn', () => {
    const stream = new FakeTty();
    createProgress(stream, clock.now).done();
    expect(stream.writes).toEqual([]);
  });
});

describe('progressText', () => {
  it.each<[number, number | null, number, string]>([
    [0, 0, 0, 'secret-guard: scanned 0 commits'],
    [5, 4, 0, 'secret-guard: scanned 5 of 4 commits (100%)'],
    [3, null, 2000, 'secret-guard: scanned 3 commits, 1.5 commits/s'],
    [
      100,
      100_000,
      10_000,
      'secret-guard: scanned 100 of 100,000 commits (0%), 10 commits/s, about 2 h 46 min left',
    ],
    [
      600,
      3000,
      60_000,
      'secret-guard: scanned 600 of 3,000 commits (20%), 10 commits/s, about 4 min 0 s left',
    ],
  ])('progressText(%d, %s, %d ms)', (done, total, elapsed, expected) => {
    expect(progressText(done, total, elapsed)).toBe(expected);
  });
});
