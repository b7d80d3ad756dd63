#!/usr/bin/env node
// `npm run bench`: speed and memory of secret-guard's built CLI against git itself and the peers, side by side in
// one run (these machines are shared and noisy: compare ratios measured together, never absolute times).
//   (a) a commit of 10 files / 500 added lines: clean, clean with two PNGs beside it, and with a key; the installed
//       pre-commit hook (what `git commit` runs) and `scan --staged`, against `node -e 0` on the same Node,
//       `git diff --cached`, and git-secrets' own pre-commit hook
//   (b) `scan --all` on a 20,000-commit synthetic history (one commit in 20 adds a random PNG, which secret-guard
//       reads as text while git alone prints "Binary files differ") and on lodash, against `git log -p --all` alone
//   (c) peak memory of (b), for secret-guard's own process and for git's, at 1x and 2x the synthetic history
//   (d) verification of 1,000 key ids and time to deactivation (scripts/bench-verify.mjs)
//   (e) `secret-guard audit` of 2,000 IAM users: wall time and AWS calls (scripts/bench-audit.mjs)
// Environment:
//   BENCH_NODES=<node>,<node>   Node binaries to measure (a) and (b) on (default: the one running this script)
//   BENCH_CLI=<dist/cli.js>     another build to measure (e.g. the previous release's) on the same repositories
//   BENCH_ONLY=staged|history|memory|verify|audit (comma-separated)   run only those parts
//   BENCH_LODASH=<git dir>      a lodash clone or mirror to copy (default: /work/.mirror/lodash+lodash/repo)
//   BENCH_PEERS=0               skip git-secrets' history scans (minutes on the synthetic history)
//   BENCH_RUNS, BENCH_HISTORY_RUNS, BENCH_SCALE   rounds of (a), rounds of (b), size of the synthetic history
// The synthetic repositories are seeded and made with `git fast-import` under .bench/ (reused when present).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
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
/** A line of code-like text; one in twenty names an AWS region, so the detector's keyword check has work. */
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
/** CPU time of this process's waited-for children so far, in ms (Linux: /proc; 0 elsewhere). */
function childrenCpuMs() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    // cutime and cstime, in clock ticks of 10 ms.
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return 0;
  }
}

/** Wall time of one run in ms; `cpu` collects its CPU time (the process and its children). */
function timeOnce({ cmd, args, cwd, okStatus = [0], extraEnv = {} }, cpu = []) {
  const cpuBefore = childrenCpuMs();
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, {
    cwd,
    env: { ...env, ...extraEnv },
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 1 << 30,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (!okStatus.includes(r.status)) {
    throw new Error(`${cmd} ${args.join(' ')} in ${cwd} exited ${r.status}: ${r.stderr}`);
  }
  cpu.push(childrenCpuMs() - cpuBefore);
  return ms;
}
/**
 * Runs the commands interleaved, `runs` rounds, so that machine noise hits them alike: median wall times by name,
 * and mean CPU times (`cpuMs`, less sensitive to the other load on a shared machine).
 */
function race(commands, runs) {
  const times = new Map(commands.map((c) => [c.name, []]));
  const cpu = new Map(commands.map((c) => [c.name, []]));
  for (let i = 0; i < runs; i++)
    for (const c of commands) times.get(c.name).push(timeOnce(c, cpu.get(c.name)));
  const medians = Object.fromEntries([...times].map(([name, t]) => [name, median(t)]));
  const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;
  Object.defineProperty(medians, 'cpuMs', {
    value: Object.fromEntries([...cpu].map(([name, c]) => [name, mean(c)])),
    enumerable: false,
  });
  return medians;
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
function commitCount(cwd) {
  return Number(execFileSync('git', ['rev-list', '--all', '--count'], { cwd, env, encoding: 'utf8' }).trim());
}

const fmt = (ms) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`);
const fmtMb = (bytes) => `${(bytes / MB).toFixed(0)} MB`;
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;

/** The Node binaries to measure on, each with a short label (its version). */
function nodeBinaries() {
  const list = (process.env.BENCH_NODES ?? process.execPath).split(',').filter(Boolean);
  return list.map((path) => ({
    path,
    label: `node${execFileSync(path, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim()}`,
  }));
}

/** git-secrets, when installed (Debian: apt-get install git-secrets), set up with its AWS patterns in `dir`. */
function gitSecretsIn(dir) {
  return spawnSync('git', ['secrets', '--register-aws'], { cwd: dir, env }).status === 0;
}

// --- (a) a commit -----------------------------------------------------------------------------------------
/**
 * A repository whose index adds 10 files of 50 lines; with `key`, one of the lines is an access key id; with `pngs`,
 * two random PNGs beside them (binary content: the hooks hand it to Node, which reads it as text).
 */
function stagedRepo(dir, node, { key = false, pngs = false } = {}) {
  rmSync(dir, { recursive: true, force: true });
  execFileSync('git', ['init', '-q', dir], { env });
  execFileSync('git', ['commit', '-q', '--allow-empty', '-m', 'init'], { cwd: dir, env });
  const rand = rng(1);
  for (let f = 0; f < 10; f++) {
    const lines = Array.from({ length: 50 }, () => codeLine(rand));
    if (key && f === 4) lines[20] = `aws_access_key_id = ${keyId(rng(99))}`;
    writeFileSync(join(dir, `file${f}.ts`), lines.join('\n') + '\n');
  }
  if (pngs) for (let p = 0; p < 2; p++) writeFileSync(join(dir, `image${p}.png`), randomPng(rand));
  execFileSync('git', ['add', '-A'], { cwd: dir, env });
  execFileSync(node, [CLI, 'install', '--hook', 'pre-commit'], { cwd: dir, env, stdio: 'ignore' });
  return { dir, hook: join(dir, '.git', 'hooks', 'pre-commit') };
}
/** What `git commit` sets for its pre-commit hook (the index it is committing), besides the cwd. */
const HOOK_ENV = { GIT_INDEX_FILE: '.git/index' };

function benchStaged(nodes, results) {
  const runs = Number(process.env.BENCH_RUNS ?? 21);
  const commands = [];
  let peer = false;
  for (const { path, label } of nodes) {
    const clean = stagedRepo(join(WORK, `staged-${label}`), path);
    const png = stagedRepo(join(WORK, `staged-png-${label}`), path, { pngs: true });
    const found = stagedRepo(join(WORK, `staged-key-${label}`), path, { key: true });
    const scan = [CLI, 'scan', '--staged'];
    // hooks/pre-commit as the husky and lefthook lines run it (no names) and as the pre-commit framework does (the
    // staged names), with this Node first on PATH (it runs this checkout's hooks/ and dist/, whatever BENCH_CLI says).
    const managerHook = join(ROOT, 'hooks', 'pre-commit');
    const onPath = { PATH: `${dirname(path)}:${env.PATH}` };
    const staged = readdirSync(clean.dir).filter((name) => name.endsWith('.ts'));
    const hook = (name, repo, okStatus = [0]) => ({
      name,
      cmd: repo.hook,
      args: [],
      cwd: repo.dir,
      okStatus,
      extraEnv: HOOK_ENV,
    });
    commands.push(
      { name: `${label} -e 0`, cmd: path, args: ['-e', '0'], cwd: clean.dir },
      hook(`${label} hook clean`, clean),
      hook(`${label} hook png`, png),
      hook(`${label} hook key`, found, [1]),
      {
        name: `${label} manager clean`,
        cmd: 'sh',
        args: [managerHook],
        cwd: clean.dir,
        // As a commit runs it (also the pre-commit framework's path at a commit, names aside).
        extraEnv: { ...HOOK_ENV, ...onPath },
      },
      {
        name: `${label} framework clean`,
        cmd: 'sh',
        args: [managerHook, ...staged],
        cwd: clean.dir,
        // The pre-commit framework at a commit: the staged names, and git's GIT_INDEX_FILE (the names are not needed).
        extraEnv: { ...HOOK_ENV, ...onPath },
      },
      { name: `${label} scan clean`, cmd: path, args: scan, cwd: clean.dir },
      { name: `${label} scan png`, cmd: path, args: scan, cwd: png.dir },
      { name: `${label} scan key`, cmd: path, args: scan, cwd: found.dir, okStatus: [1] },
    );
    if (commands.length === 9) {
      commands.push({ name: 'git diff --cached', cmd: 'git', args: ['diff', '--cached'], cwd: clean.dir });
      peer = gitSecretsIn(clean.dir) && gitSecretsIn(found.dir);
      if (peer) {
        const hook = ['secrets', '--pre_commit_hook'];
        commands.push(
          { name: 'git-secrets clean', cmd: 'git', args: hook, cwd: clean.dir },
          { name: 'git-secrets key', cmd: 'git', args: hook, cwd: found.dir, okStatus: [1] },
        );
      }
    }
  }
  const t = race(commands, runs);
  results.staged = { runs, medianMs: t, cpuMs: t.cpuMs };
  console.log(`(a) a commit of 10 files / 500 added lines, median of ${runs} interleaved runs:`);
  for (const { label } of nodes) {
    const floor = t[`${label} -e 0`];
    const row = (what) => `${fmt(t[`${label} ${what}`])} = ${ratio(t[`${label} ${what}`], floor)}`;
    console.log(
      `    ${label}: node -e 0 ${fmt(floor)}; clean: hook ${row('hook clean')}, scan --staged ${row('scan clean')}; ` +
        `clean with 2 PNGs: hook ${row('hook png')}, scan --staged ${row('scan png')}; ` +
        `with a key: hook ${row('hook key')}, scan --staged ${row('scan key')}  (targets: clean <= 1.0×, key <= 1.4×); ` +
        `clean through hooks/pre-commit: as husky/lefthook run it ${row('manager clean')}, ` +
        `as the pre-commit framework runs it at a commit (the staged names) ${row('framework clean')}`,
    );
  }
  console.log(
    `    git diff --cached ${fmt(t['git diff --cached'])}` +
      (peer
        ? `; git-secrets' hook: clean ${fmt(t['git-secrets clean'])}, with a key ${fmt(t['git-secrets key'])}`
        : ''),
  );
}

// --- (b) + (c) history --------------------------------------------------------------------------------------
function syntheticSpecs() {
  const scale = Number(process.env.BENCH_SCALE ?? 1);
  const oneX = {
    commits: Math.round(20_000 * scale),
    filesPerCommit: 2,
    linesPerFile: 175,
    pngEvery: 20,
    seed: 7,
  };
  return [
    { name: 'history-1x', spec: oneX },
    { name: 'history-2x', spec: { ...oneX, commits: oneX.commits * 2 } },
  ];
}

async function ensureSynthetic() {
  const dirs = [];
  for (const { name, spec } of syntheticSpecs()) {
    const dir = join(WORK, name);
    const marker = join(dir, '.git', 'bench-spec.json');
    if (!existsSync(marker) || readFileSync(marker, 'utf8') !== JSON.stringify(spec)) {
      console.log(`making ${name} (${spec.commits} commits)...`);
      await makeHistory(dir, spec);
      writeFileSync(marker, JSON.stringify(spec));
    }
    dirs.push(dir);
  }
  return dirs;
}

/** A plain clone of lodash (branches and tags, as a developer has it), or null without a source to copy. */
function ensureLodash() {
  const source = process.env.BENCH_LODASH ?? '/work/.mirror/lodash+lodash/repo';
  const dir = join(WORK, 'lodash');
  if (existsSync(join(dir, '.git'))) return dir;
  if (!existsSync(source)) {
    console.log(
      `(b) lodash: no copy at ${source} (set BENCH_LODASH to a lodash clone); measuring synthetic only`,
    );
    return null;
  }
  console.log(`cloning lodash from ${source}...`);
  execFileSync('git', ['clone', '-q', '--no-checkout', source, dir], { env, stdio: 'inherit' });
  return dir;
}

function benchHistory(nodes, repos, results) {
  const runs = Number(process.env.BENCH_HISTORY_RUNS ?? 3);
  results.history = {};
  for (const { name, dir } of repos) {
    const bytes = logPBytes(dir);
    const commands = [
      { name: 'git log -p --all', cmd: 'git', args: ['log', '-p', '--all'], cwd: dir },
      ...nodes.map(({ path, label }) => ({
        name: label,
        cmd: path,
        args: [CLI, 'scan', '--all'],
        cwd: dir,
        okStatus: [0, 1],
      })),
    ];
    const t = race(commands, runs);
    const gitLog = t['git log -p --all'];
    const entry = { commits: commitCount(dir), logPBytes: bytes, runs, medianMs: t, cpuMs: t.cpuMs };
    let peer = '';
    if (process.env.BENCH_PEERS !== '0' && gitSecretsIn(dir)) {
      const ms = timeOnce({ cmd: 'git', args: ['secrets', '--scan-history'], cwd: dir, okStatus: [0, 1] });
      entry.gitSecretsMs = ms;
      peer = `; git-secrets --scan-history (once) ${fmt(ms)} = ${ratio(ms, gitLog)}`;
    }
    results.history[name] = entry;
    console.log(
      `(b) scan --all on ${name} (${entry.commits} commits, ${fmtMb(bytes)} of git log -p), median of ${runs}: ` +
        `git log -p --all ${fmt(gitLog)}; ` +
        nodes.map(({ label }) => `${label} ${fmt(t[label])} = ${ratio(t[label], gitLog)}`).join(', ') +
        ` (CPU: git ${fmt(t.cpuMs['git log -p --all'])}, ` +
        nodes.map(({ label }) => `${label} ${fmt(t.cpuMs[label])}`).join(', ') +
        ')' +
        ` (target <= 0.6×)${peer}`,
    );
  }
}

async function benchMemory(repos, results) {
  results.memory = {};
  for (const { name, dir } of repos) {
    const mem = await peakMemory(['scan', '--all'], dir);
    results.memory[name] = mem;
    console.log(
      `(c) peak RSS of scan --all on ${name}: secret-guard ${fmtMb(mem.own)}, largest git child ${fmtMb(mem.git)} ` +
        '(target < 200 MB, flat as history doubles)',
    );
  }
}

// --- main -----------------------------------------------------------------------------------------------
async function main() {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run npm run build');
  mkdirSync(WORK, { recursive: true });
  const only = new Set((process.env.BENCH_ONLY ?? 'staged,history,memory,verify,audit').split(','));
  const nodes = nodeBinaries();
  const resultsFile = join(WORK, 'results.json');
  const results = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : {};
  results.machine = { cores: availableParallelism(), nodes: nodes.map((n) => n.label) };
  console.log(`secret-guard bench: ${nodes.map((n) => n.label).join(', ')}; ${availableParallelism()} cores`);

  if (only.has('staged')) benchStaged(nodes, results);
  if (only.has('history') || only.has('memory')) {
    const [oneX, twoX] = await ensureSynthetic();
    const lodash = ensureLodash();
    const repos = [{ name: basename(oneX), dir: oneX }];
    if (lodash) repos.push({ name: 'lodash', dir: lodash });
    if (only.has('history')) benchHistory(nodes, repos, results);
    if (only.has('memory')) await benchMemory([...repos, { name: basename(twoX), dir: twoX }], results);
  }
  const verifyBench = join(ROOT, 'scripts/bench-verify.mjs');
  if (only.has('verify') && existsSync(verifyBench)) {
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
  if (only.has('audit') && existsSync(auditBench)) {
    const { benchAudit, describeAudit } = await import(auditBench);
    results.audit = await benchAudit();
    for (const line of describeAudit(results.audit)) console.log(`(e) ${line}`);
  }
  writeFileSync(resultsFile, JSON.stringify(results, null, 2) + '\n');
}

await main();
