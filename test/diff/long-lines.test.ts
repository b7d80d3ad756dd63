// A line too long to hold is scanned whole, in overlapping windows: a key at its end, or across a window's
// edge, is found once, at its true column. (Lines of tens of MiB: these tests take a moment.)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Detector } from '../../src/detect/detector.js';
import { DiffParser } from '../../src/diff/diff-parser.js';
import { OVERLAP_CHARS, WINDOW_CHARS } from '../../src/diff/line-windows.js';
import { emptyCoverage, type Detection } from '../../src/types.js';
import { makeKeyId } from '../helpers/keys.js';
import { runSource } from '../source/run-source.js';
import { parseDiff } from './collecting-sink.js';

const folders: string[] = [];
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A line of about 2.5 windows with ids at its start, inside the overlap of the first two windows (seen by both),
 * across the first window's edge (whole in neither but the second), and at its end.
 */
function longLine(): { line: string; ids: Array<{ id: string; column: number }> } {
  const ids = [makeKeyId(), makeKeyId(), makeKeyId(), makeKeyId()];
  let line = `key ${ids[0]} `;
  line += 'w'.repeat(WINDOW_CHARS - OVERLAP_CHARS / 2 - line.length) + ` ${ids[1]} `;
  line += 'x'.repeat(WINDOW_CHARS - 10 - line.length) + ` ${ids[2]} `;
  line += 'y'.repeat(WINDOW_CHARS + WINDOW_CHARS / 2) + ` ${ids[3]}`;
  return { line, ids: ids.map((id) => ({ id, column: line.indexOf(id) + 1 })) };
}

function detect(input: Buffer, chunk: number): Detection[] {
  const found: Detection[] = [];
  const parser = new DiffParser(new Detector((d) => found.push(d)), emptyCoverage());
  for (let at = 0; at < input.length; at += chunk) parser.write(input.subarray(at, at + chunk));
  parser.end();
  return found;
}

describe('long lines', () => {
  it('a diff line: every key found once at its column, the line counted once, the next line numbered on', () => {
    const { line, ids } = longLine();
    const after = makeKeyId();
    const input = Buffer.from(
      `diff --git a/min.js b/min.js\n--- a/min.js\n+++ b/min.js\n@@ -0,0 +1,2 @@\n+${line}\n+${after}\n`,
    );
    const found = detect(input, 64 * 1024);
    expect(found.map((d) => `${d.line}:${d.column}:${d.keyId}`)).toEqual([
      ...ids.map(({ id, column }) => `1:${column}:${id}`),
      `2:1:${after}`,
    ]);
    const { sink, coverage } = parseDiff(input, [1 << 20]);
    expect(coverage.addedLines).toBe(2);
    // Windows overlap and together cover the line.
    const windows = sink.lines.filter((l) => l.lineNo === 1);
    expect(windows.length).toBe(3);
    // Offsets count from the line's text, after the `+` of the diff line.
    const step = WINDOW_CHARS - OVERLAP_CHARS;
    expect(windows.map((w) => w.offset ?? 0)).toEqual([0, step - 1, 2 * step - 1]);
    const last = windows[windows.length - 1]!;
    expect((last.offset ?? 0) + last.text.length).toBe(line.length);
    expect(Math.max(...windows.map((w) => w.text.length))).toBe(WINDOW_CHARS);
  });

  it('a file on disk: the same, through the paths source', async () => {
    const { line, ids } = longLine();
    const dir = mkdtempSync(join(tmpdir(), 'sg-long-'));
    folders.push(dir);
    writeFileSync(join(dir, 'min.js'), `first\n${line}\nlast\n`);
    const { lines, coverage } = await runSource({ kind: 'paths', paths: ['min.js'] }, dir);
    expect(coverage.addedLines).toBe(3);
    expect(lines.map((l) => `${l.lineNo}@${l.offset ?? 0}`)).toEqual([
      '1@0',
      '2@0',
      `2@${WINDOW_CHARS - OVERLAP_CHARS}`,
      `2@${2 * (WINDOW_CHARS - OVERLAP_CHARS)}`,
      '3@0',
    ]);
    for (const { id, column } of ids) {
      const holding = lines.filter((l) => l.text.includes(id));
      expect(holding.some((l) => (l.offset ?? 0) + l.text.indexOf(id) + 1 === column)).toBe(true);
    }
  });
});
