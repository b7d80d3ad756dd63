// A local throughput check of the diff parser (not a test: timings are never asserted). Run it with
//   npx esbuild test/diff/throughput-check.ts --bundle --platform=node --format=esm --outfile=.bench/diff.mjs \
//     && node .bench/diff.mjs [megabytes]
// It builds a synthetic `git log -p -U0` stream (commit lines, file headers, hunks of added and removed lines)
// and feeds it in 64 KiB chunks, as a child process's stdout would arrive.
import { DiffParser } from '../../src/diff/diff-parser.js';
import { emptyCoverage, type LineSink } from '../../src/types.js';

const megabytes = Number(process.argv[2] ?? 200);

function synthesise(targetBytes: number): Buffer[] {
  const parts: string[] = [];
  let size = 0;
  let seed = 1;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const words = [
    'const',
    'value',
    'return',
    'function',
    'import',
    'export',
    '=',
    '{',
    '}',
    'await',
    'config',
  ];
  const text = (): string => {
    let s = '  ';
    const n = 3 + rand(10);
    for (let i = 0; i < n; i++) s += words[rand(words.length)] + ' ';
    return s;
  };
  for (let c = 0; size < targetBytes; c++) {
    let commit =
      `\0${c.toString(16).padStart(40, '0')}\0Some Author\0author@example.com\0` +
      '2026-01-02T03:04:05+00:00\n\n';
    for (let f = 0, files = 1 + rand(4); f < files; f++) {
      const path = `src/dir${rand(50)}/file${rand(1000)}.ts`;
      commit += `diff --git a/${path} b/${path}\nindex 1234567..89abcde 100644\n--- a/${path}\n+++ b/${path}\n`;
      let line = 1 + rand(50);
      for (let h = 0, hunks = 1 + rand(6); h < hunks; h++) {
        const removed = rand(3);
        const added = 1 + rand(8);
        commit += `@@ -${line},${removed} +${line},${added} @@ function context()\n`;
        for (let i = 0; i < removed; i++) commit += '-' + text() + '\n';
        for (let i = 0; i < added; i++) commit += '+' + text() + '\n';
        line += added + rand(40);
      }
    }
    parts.push(commit);
    size += commit.length;
  }
  const all = Buffer.from(parts.join(''), 'utf8');
  const chunks: Buffer[] = [];
  for (let at = 0; at < all.length; at += 65536) chunks.push(all.subarray(at, at + 65536));
  return chunks;
}

const chunks = synthesise(megabytes * 1024 * 1024);
const total = chunks.reduce((n, c) => n + c.length, 0);
let sum = 0;
const sink: LineSink = {
  startFile() {},
  line(text, lineNo) {
    sum += text.length + lineNo; // touch the line so that the work is not optimised away
  },
  end() {},
};
const gc = (globalThis as { gc?: () => void }).gc;
for (let run = 0; run < 5; run++) {
  gc?.();
  const coverage = emptyCoverage();
  const parser = new DiffParser(sink, coverage);
  // CPU time rather than wall time, so that other processes on a shared machine do not skew the figure.
  const started = process.cpuUsage();
  for (const chunk of chunks) parser.write(chunk);
  parser.end();
  const used = process.cpuUsage(started);
  const seconds = (used.user + used.system) / 1e6;
  console.log(
    `run ${run}: ${(total / 1048576).toFixed(0)} MiB in ${seconds.toFixed(3)} s of CPU = ` +
      `${(total / 1048576 / seconds).toFixed(0)} MiB/s (${coverage.commits} commits, ${coverage.addedLines} added lines)`,
  );
}
if (sum === 0) console.log('nothing parsed');
