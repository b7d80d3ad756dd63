#!/usr/bin/env node
// Benchmark of `secret-guard audit` against the local IAM server (test/servers/aws), the real SDK over loopback HTTP:
// an account of 2,000 users (keys of every age and state, about a third of the users out of policy), audited
//   - in process by the credential report (the default),
//   - in process by the listing (ListUsers, ListAccessKeys per user, GetAccessKeyLastUsed per active key),
//   - end to end: `node dist/cli.js audit --format json` in a child process, as a scheduled workflow runs it.
// Wall time and AWS calls of each. There is no TypeScript loader at run time, so esbuild bundles the server and the
// audit core into .bench/audit first (dependencies stay external and load from node_modules).
//   node scripts/bench-audit.mjs         prints the figures; `benchAudit()` returns them to scripts/bench.mjs.

import { build } from 'esbuild';
import console from 'node:console';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, '.bench', 'audit');
const ACCOUNT = '123456789012';
const USERS = Number(process.env.BENCH_AUDIT_USERS ?? 2_000);
const DAY = 86_400_000;

async function bundle() {
  mkdirSync(OUT, { recursive: true });
  await build({
    entryPoints: {
      server: join(ROOT, 'test/servers/aws/index.ts'),
      audit: join(ROOT, 'src/audit/audit.ts'),
    },
    outdir: OUT,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  const load = async (name) => import(pathToFileURL(join(OUT, `${name}.mjs`)).href);
  return { server: await load('server'), audit: await load('audit') };
}

/** A seeded random number generator, so every run audits the same account. */
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

/** 2,000 users: most with one recent, used key; the rest old, unused, never used, doubled or inactive keys. */
async function world(mod, now) {
  const server = await mod.server.startAwsServer();
  server.addAccount(ACCOUNT);
  const policy = JSON.parse(readFileSync(join(ROOT, 'policies/audit-policy.json'), 'utf8'));
  server.addUser(ACCOUNT, 'secret-guard-audit', { Audit: policy });
  const auditor = server.addKey(ACCOUNT, 'secret-guard-audit');
  const rand = rng(42);
  const at = (days) => new Date(now.getTime() - days * DAY);
  const used = (days) => ({ date: at(days), service: 's3', region: 'eu-west-1' });
  for (let u = 0; u < USERS; u++) {
    const user = `user-${String(u).padStart(4, '0')}`;
    server.addUser(ACCOUNT, user);
    const r = rand();
    if (r < 0.55) server.addKey(ACCOUNT, user, { created: at(rand() * 80), lastUsed: used(rand() * 10) });
    else if (r < 0.65)
      server.addKey(ACCOUNT, user, { created: at(100 + rand() * 900), lastUsed: used(rand() * 5) });
    else if (r < 0.72)
      server.addKey(ACCOUNT, user, { created: at(60 + rand() * 200), lastUsed: used(50 + rand() * 40) });
    else if (r < 0.77) server.addKey(ACCOUNT, user, { created: at(50 + rand() * 100) });
    else if (r < 0.85) {
      server.addKey(ACCOUNT, user, { created: at(70), lastUsed: used(1) });
      server.addKey(ACCOUNT, user, { created: at(20), lastUsed: used(0) });
    } else if (r < 0.92) {
      server.addKey(ACCOUNT, user, { created: at(30), lastUsed: used(2) });
      server.addKey(ACCOUNT, user, { created: at(200), status: 'Inactive', lastUsed: used(150) });
    }
    // else: a user without keys (console-only)
  }
  const aws = {
    region: 'us-east-1',
    endpoints: { iam: server.url, sts: server.url },
    credentials: { accessKeyId: auditor.accessKeyId, secretAccessKey: auditor.secretAccessKey },
  };
  return { server, aws, auditor };
}

const silent = { info() {}, warn() {}, progress() {} };

function count(calls) {
  const byAction = {};
  for (const c of calls) byAction[c.action] = (byAction[c.action] ?? 0) + 1;
  return { total: calls.length, byAction };
}

async function inProcess(mod, source) {
  const now = new Date();
  const { server, aws } = await world(mod, now);
  const cwd = mkdtempSync(join(tmpdir(), 'sg-bench-audit-'));
  try {
    const started = performance.now();
    const result = await mod.audit.runAudit({
      cwd,
      overrides: { source },
      aws,
      respond: false,
      dryRun: false,
      github: null,
      now,
      logger: silent,
    });
    const wallMs = performance.now() - started;
    if (result.inventory.source !== source)
      throw new Error(`bench: the audit used ${result.inventory.source}`);
    if (result.inventory.users !== USERS + 1)
      throw new Error(`bench: ${result.inventory.users} users audited`);
    return { wallMs, outOfPolicy: result.findings.length, keys: result.keys, calls: count(server.calls) };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
    await server.close();
  }
}

async function endToEnd(mod) {
  const cli = join(ROOT, 'dist/cli.js');
  if (!existsSync(cli)) return null;
  const now = new Date();
  const { server, aws } = await world(mod, now);
  const cwd = mkdtempSync(join(tmpdir(), 'sg-bench-audit-'));
  try {
    const env = {
      PATH: process.env.PATH,
      AWS_ENDPOINT_URL_IAM: server.url,
      AWS_ENDPOINT_URL_STS: server.url,
      AWS_ACCESS_KEY_ID: aws.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: aws.credentials.secretAccessKey,
      AWS_REGION: 'us-east-1',
      AWS_CONFIG_FILE: '/nonexistent',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
    };
    const started = performance.now();
    const child = spawn(process.execPath, [cli, 'audit', '--format', 'json'], { cwd, env, stdio: 'pipe' });
    const out = [];
    const err = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => err.push(c));
    const code = await new Promise((res) => child.on('exit', res));
    const wallMs = performance.now() - started;
    if (code !== 1) throw new Error(`bench: audit exited ${code}: ${Buffer.concat(err).toString()}`);
    const report = JSON.parse(Buffer.concat(out).toString());
    return { wallMs, outOfPolicy: report.audit.outOfPolicy, calls: count(server.calls) };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
    await server.close();
  }
}

export async function benchAudit() {
  const mod = await bundle();
  return {
    users: USERS,
    report: await inProcess(mod, 'credential-report'),
    listing: await inProcess(mod, 'listing'),
    cli: await endToEnd(mod),
  };
}

function calls(c) {
  return `${c.total} AWS calls (${Object.entries(c.byAction)
    .map(([a, n]) => `${n} ${a}`)
    .join(', ')})`;
}

export function describeAudit(r) {
  const lines = [
    `audit of ${r.users} users by the credential report: ${r.report.wallMs.toFixed(0)} ms, ${calls(r.report.calls)}; ` +
      `${r.report.outOfPolicy} of ${r.report.keys} keys out of policy`,
    `audit of ${r.users} users by the listing: ${r.listing.wallMs.toFixed(0)} ms, ${calls(r.listing.calls)}`,
  ];
  if (r.cli) {
    lines.push(
      `node dist/cli.js audit (start to exit, credential report): ${r.cli.wallMs.toFixed(0)} ms, ${calls(r.cli.calls)}`,
    );
  }
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const line of describeAudit(await benchAudit())) console.log(line);
}
