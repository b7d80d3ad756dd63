#!/usr/bin/env node
// `npm run bench`: speed and memory of secret-guard's built CLI against git itself, side by side in one run
// (these machines are shared and noisy: compare ratios measured together, never absolute times).
//   (a) `scan --staged` of a 10-file, 500-line change with two PNGs vs `git diff --cached` alone, and `node -e 0`
//   (b) `scan --all` on a history of >= 200 MB of `git log -p` text (one commit in 20 adds a random PNG, which
//       secret-guard reads as text while git alone prints "Binary files differ") vs `git log -p --all` alone
//   (c) peak memory of (b), for secret-guard's own process and for git's, at 1x and 2x the history
//   (d) verification of 1,000 key ids and time to deactivation (scripts/bench-verify.mjs)
//   (e) `secret-guard audit` of 2,000 IAM users: wall time and AWS calls (scripts/bench-audit.mjs)
// The repositories are synthetic and seeded, made with `git fast-import` under .bench/ (reused when present).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
// BENCH_CLI: another build to measure (e.g. the previous release's dist/cli.js) on the same repositories.
const CLI = resolve(process.env.BENCH_CLI ?? join(ROOT, 'dist/cli.js'));
const WORK = join(ROOT, '.bench');
const MB = 1024 * 1024;
const env = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  HOME: WORK,
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
  NO_COLOR: '1',
};
delete env.CI;

// --- seeded content -------------------------------------------------------------------------------------
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const WORDS =
  'const let function return if else for while import export from class new this value result error data config user request response item index count name type string number await async true false null'.split(
    ' ',
  );
function codeLine(rand) {
  const indent = '  '.repeat(Math.floor(rand() * 4));
  const n = 3 + Math.floor(rand() * 9);
  let line = indent;
  for (let i = 0; i < n; i++) line += WORDS[Math.floor(rand() * WORDS.length)] + (rand() < 0.2 ? '(' : ' ');
  if (rand() < 0.05) line += `"${Math.floor(rand() * 1e9).toString(36)}aws-region-${Math.floor(rand() * 9)}"`;
  return line + ';';
}
/** A PNG-shaped file of random (incompressible) image data, 8 to 64 KB: NULs, newlines and all. */
function randomPng(rand) {
  const size = 8192 + Math.floor(rand() * 56 * 1024);
  const data = Buffer.alloc(size);
  for (let i = 0; i < size; i++) data[i] = Math.floor(rand() * 256);
  const chunk = (type, body) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(body.length, 0);
    head.write(type, 4, 'latin1');
    return Buffer.concat([head, body, data.subarray(0, 4)]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(256, 0);
  ihdr.writeUInt32BE(Math.ceil(size / 1024), 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', data),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
function keyId(rand) {
  let id = 'AKIA';
  for (let i = 0; i < 16; i++) id += BASE32[Math.floor(rand() * 32)];
  return id;
}

/** A history of `commits` commits, each adding `filesPerCommit` new files of `linesPerFile` lines, and a PNG every `pngEvery`. */
function makeHistory(dir, { commits, filesPerCommit, linesPerFile, pngEvery, seed }) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync('git', ['init', '-q', '--initial-branch=main', dir], { env });
  const rand = rng(seed);
  const child = spawn('git', ['fast-import', '--quiet', '--done'], {
    cwd: dir,
    env,
    stdio: ['pipe', 'inherit', 'inherit'],
  });
  const chunks = [];
  let pending = 0;
  const flush = () => {
    if (chunks.length)
      child.stdin.write(Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c))));
    chunks.length = 0;
    pending = 0;
  };
  let time = 1_700_000_000;
  for (let c = 0; c < commits; c++) {
    time += 60;
    const message = `change ${c}`;
    chunks.push(`commit refs/heads/main\ncommitter Bench <bench@example.com> ${time} +0000\n`);
    chunks.push(`data ${Buffer.byteLength(message)}\n${message}\n`);
    for (let f = 0; f < filesPerCommit; f++) {
      const lines = [];
      for (let l = 0; l < linesPerFile; l++) lines.push(codeLine(rand));
      // A few keys in the history, so the scan has something to report.
      if (c % 500 === 7 && f === 0) lines.push(`aws_access_key_id = ${keyId(rand)}`);
      const body = lines.join('\n') + '\n';
      chunks.push(`M 100644 inline src/m${c % 97}/f${c}_${f}.ts\ndata ${Buffer.byteLength(body)}\n${body}\n`);
      pending += body.length;
    }
    if (c % pngEvery === 3) {
      const png = randomPng(rand);
      chunks.push(`M 100644 inline assets/img${c}.png\ndata ${png.length}\n`, png, '\n');
      pending += png.length;
    }
    if (pending > 4 * MB) flush();
  }
  flush();
  child.stdin.end('done\n');
  return new Promise((res, rej) =>
    child.on('exit', (code) => (code === 0 ? res() : rej(new Error(`fast-import exit ${code}`)))),
  );
}

// --- measuring ------------------------------------------------------------------------------------------
function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
function timeOnce(cmd, args, cwd, options = {}) {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, {
    cwd,
    env,
    stdio: ['ignore', options.stdout ?? 'ignore', 'pipe'],
    maxBuffer: 1 << 30,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0 && !(options.okStatus ?? [0]).includes(r.status)) {
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  }
  return ms;
}
/** Runs the commands interleaved, `runs` rounds, so that machine noise hits them alike. */
function race(commands, runs) {
  const times = commands.map(() => []);
  for (let i = 0; i < runs; i++) {
    commands.forEach((c, j) => times[j].push(timeOnce(c.cmd, c.args, c.cwd, c)));
  }
  return times.map(median);
}

function readHwm(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
function childrenOf(pid) {
  const out = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (text) out.push(...text.split(/\s+/).map(Number));
    }
  } catch {
    /* gone */
  }
  return out;
}
/** Peak RSS of the node process itself and of its largest git child, sampled from /proc while it runs. */
async function peakMemory(args, cwd) {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env, stdio: ['ignore', 'ignore', 'ignore'] });
  let own = 0;
  let git = 0;
  const timer = setInterval(() => {
    own = Math.max(own, readHwm(child.pid));
    for (const pid of childrenOf(child.pid)) git = Math.max(git, readHwm(pid));
  }, 20);
  const code = await new Promise((res) => child.on('exit', res));
  clearInterval(timer);
  if (code !== 0 && code !== 1) throw new Error(`scan exited ${code}`);
  return { own, git };
}

function logPBytes(cwd) {
  const r = spawnSync('sh', ['-c', 'git log -p --all | wc -c'], { cwd, env, encoding: 'utf8' });
  return Number(r.stdout.trim());
}

const fmt = (ms) => `${ms.toFixed(0)} ms`;
const fmtMb = (bytes) => `${(bytes / MB).toFixed(0)} MB`;

// --- main -----------------------------------------------------------------------------------------------
async function main() {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run npm run build');
  mkdirSync(WORK, { recursive: true });
  const results = {};
  console.log(`secret-guard bench: node ${process.version}, ${availableParallelism()} cores`);

  // (a) staged scan of a 10-file, 500-line change
  const staged = join(WORK, 'staged');
  rmSync(staged, { recursive: true, force: true });
  execFileSync('git', ['init', '-q', staged], { env });
  execFileSync('git', ['commit', '-q', '--allow-empty', '-m', 'init'], { cwd: staged, env });
  const rand = rng(1);
  for (let f = 0; f < 10; f++) {
    const lines = Array.from({ length: 50 }, () => codeLine(rand));
    writeFileSync(join(staged, `file${f}.ts`), lines.join('\n') + '\n');
  }
  for (let p = 0; p < 2; p++) writeFileSync(join(staged, `image${p}.png`), randomPng(rand));
  execFileSync('git', ['add', '-A'], { cwd: staged, env });
  const runs = Number(process.env.BENCH_RUNS ?? 21);
  const commands = [
    { cmd: process.execPath, args: ['-e', '0'], cwd: staged },
    { cmd: 'git', args: ['diff', '--cached'], cwd: staged },
    { cmd: process.execPath, args: [CLI, 'scan', '--staged'], cwd: staged },
  ];
  // The shell-script peer, when installed (Debian: apt-get install git-secrets): its own pre-commit hook.
  const gitSecrets = spawnSync('git', ['secrets', '--register-aws'], { cwd: staged, env }).status === 0;
  if (gitSecrets) commands.push({ cmd: 'git', args: ['secrets', '--pre_commit_hook'], cwd: staged });
  const [nodeFloor, gitDiff, scanStaged, peer] = race(commands, runs);
  results.staged = {
    nodeFloorMs: nodeFloor,
    gitDiffMs: gitDiff,
    scanMs: scanStaged,
    ratioToNode: scanStaged / nodeFloor,
  };
  if (peer !== undefined) results.staged.gitSecretsMs = peer;
  console.log(
    `(a) scan --staged (10 files, 500 lines, 2 PNGs), median of ${runs}: ${fmt(scanStaged)}; node -e 0: ${fmt(nodeFloor)}; ` +
      `git diff --cached: ${fmt(gitDiff)}; ratio to node -e 0: ${(scanStaged / nodeFloor).toFixed(2)} (target <= 1.4)` +
      (peer !== undefined ? `; git-secrets pre-commit hook: ${fmt(peer)}` : ''),
  );

  // (b) + (c) history scans
  const scale = Number(process.env.BENCH_SCALE ?? 1);
  const oneX = {
    commits: Math.round(2000 * scale),
    filesPerCommit: 2,
    linesPerFile: 1100,
    pngEvery: 20,
    seed: 7,
  };
  const repos = [
    { name: 'history-1x', spec: oneX },
    { name: 'history-2x', spec: { ...oneX, commits: oneX.commits * 2 } },
  ];
  for (const { name, spec } of repos) {
    const dir = join(WORK, name);
    const marker = join(dir, '.git', 'bench-spec.json');
    if (!existsSync(marker) || readFileSync(marker, 'utf8') !== JSON.stringify(spec)) {
      console.log(`making ${name} (${spec.commits} commits)...`);
      await makeHistory(dir, spec);
      writeFileSync(marker, JSON.stringify(spec));
    }
  }
  const [one, two] = repos.map((r) => join(WORK, r.name));
  const bytes = logPBytes(one);
  const histRuns = Number(process.env.BENCH_HISTORY_RUNS ?? 3);
  const [gitLog, scanAll] = race(
    [
      { cmd: 'git', args: ['log', '-p', '--all'], cwd: one },
      { cmd: process.execPath, args: [CLI, 'scan', '--all'], cwd: one, okStatus: [0, 1] },
    ],
    histRuns,
  );
  results.history = { logPBytes: bytes, gitLogMs: gitLog, scanMs: scanAll, ratio: scanAll / gitLog };
  console.log(
    `(b) scan --all over ${fmtMb(bytes)} of git log -p text, median of ${histRuns}: ${fmt(scanAll)} ` +
      `(${(bytes / MB / (scanAll / 1000)).toFixed(0)} MB/s); git log -p --all > /dev/null: ${fmt(gitLog)}; ` +
      `ratio ${(scanAll / gitLog).toFixed(2)} (target <= 1.3, aim < 1.0)`,
  );
  const mem1 = await peakMemory(['scan', '--all'], one);
  const mem2 = await peakMemory(['scan', '--all'], two);
  results.memory = { oneX: mem1, twoX: mem2 };
  console.log(
    `(c) peak RSS of scan --all: secret-guard ${fmtMb(mem1.own)} at 1x, ${fmtMb(mem2.own)} at 2x (target < 200 MB, flat); ` +
      `largest git child ${fmtMb(mem1.git)} at 1x, ${fmtMb(mem2.git)} at 2x`,
  );

  // (d) verification and response
  const verifyBench = join(ROOT, 'scripts/bench-verify.mjs');
  if (existsSync(verifyBench)) {
    const { benchVerify } = await import(verifyBench);
    const v = await benchVerify();
    results.verify = v;
    console.log(
      `(d) verified ${v.keys} key ids in ${fmt(v.wallMs)} (${v.callsPerKey.toFixed(2)} AWS calls per key, aim <= 2); ` +
        `scan start to deactivation of a live key: ${fmt(v.deactivationMs)} (aim < 2000 ms)`,
    );
  }

  // (e) the key audit of 2,000 users (scripts/bench-audit.mjs)
  const auditBench = join(ROOT, 'scripts/bench-audit.mjs');
  if (existsSync(auditBench)) {
    const { benchAudit, describeAudit } = await import(auditBench);
    results.audit = await benchAudit();
    for (const line of describeAudit(results.audit)) console.log(`(e) ${line}`);
  }
  writeFileSync(join(WORK, 'results.json'), JSON.stringify(results, null, 2) + '\n');
}

await main();
