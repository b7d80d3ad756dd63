#!/usr/bin/env node
// Benchmark of the verify and respond stages against the local IAM/STS/CloudTrail server (test/servers/aws), with
// the real SDK clients over loopback HTTP:
//   (b) one live key, end to end: from starting `node dist/cli.js scan --staged --respond` in a repository whose
//       index holds the key pair, to the moment the server has it Inactive (Node start, git, SDK loading and
//       verification included). Aim: under 2 s.
//   (a) 1,000 distinct key ids of one account (two keys for each of 500 users: IAM allows two keys per user), all
//       verified in one run: wall time and AWS calls per key. Aim: at most 2 calls per key.
// There is no TypeScript loader at run time, so esbuild bundles the server and the stage entries into .bench/ first
// (dependencies stay external and load from node_modules).
//   node scripts/bench-verify.mjs         prints the figures; `benchVerify()` returns them to scripts/bench.mjs.

import { build } from 'esbuild';
import console from 'node:console';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const gitEnv = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
};
delete gitEnv.CI;

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, '.bench', 'verify');
const ACCOUNT = '123456789012';
const KEYS = 1_000;
const KEYS_PER_USER = 2;

async function bundle() {
  mkdirSync(OUT, { recursive: true });
  await build({
    entryPoints: {
      server: join(ROOT, 'test/servers/aws/index.ts'),
      verify: join(ROOT, 'src/verify/verify.ts'),
      session: join(ROOT, 'src/aws/session.ts'),
      config: join(ROOT, 'src/config/config.ts'),
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
  return {
    server: await load('server'),
    verify: await load('verify'),
    session: await load('session'),
    config: await load('config'),
  };
}

const silent = { info() {}, warn() {}, progress() {} };

function detection(keyId, line) {
  return {
    rule: 'aws-access-key-id',
    file: 'config/prod.env',
    line,
    column: 1,
    commit: {
      sha: '0'.repeat(40),
      author: 'Bench',
      email: 'bench@example.com',
      date: new Date().toISOString(),
    },
    keyId,
    secret: null,
    sessionToken: null,
    fingerprint: `fp-${keyId}`,
    pairFingerprint: null,
    account: null,
    lineText: '',
  };
}

async function world(mod) {
  const server = await mod.server.startAwsServer();
  server.addAccount(ACCOUNT);
  const policy = JSON.parse(readFileSync(join(ROOT, 'policies/respond-policy.json'), 'utf8'));
  server.addUser(ACCOUNT, 'secret-guard', { SecretGuard: policy });
  const responder = server.addKey(ACCOUNT, 'secret-guard');
  const aws = {
    region: 'us-east-1',
    endpoints: { iam: server.url, sts: server.url, cloudtrail: server.url },
    credentials: { accessKeyId: responder.accessKeyId, secretAccessKey: responder.secretAccessKey },
  };
  return { server, aws };
}

function config(mod) {
  const base = mod.config.DEFAULT_CONFIG;
  return { ...base, accounts: [ACCOUNT], verify: { ...base.verify, pairCheck: false } };
}

/**
 * (b) one live key, end to end as a user meets it: from starting `node dist/cli.js scan --staged --respond` in a
 * repository whose index holds a live key pair, to the moment the server has deactivated the key.
 */
async function deactivation(mod) {
  const { server, aws } = await world(mod);
  const repo = mkdtempSync(join(tmpdir(), 'sg-bench-respond-'));
  try {
    server.addUser(ACCOUNT, 'leaky');
    const key = server.addKey(ACCOUNT, 'leaky');
    const git = (...args) => execFileSync('git', args, { cwd: repo, env: gitEnv });
    git('init', '-q');
    writeFileSync(join(repo, '.secret-guard.yml'), `accounts: ["${ACCOUNT}"]\n`);
    writeFileSync(
      join(repo, '.env'),
      `AWS_ACCESS_KEY_ID=${key.accessKeyId}\nAWS_SECRET_ACCESS_KEY=${key.secretAccessKey}\n`,
    );
    git('add', '-A');
    const env = {
      ...gitEnv,
      AWS_ENDPOINT_URL_IAM: server.url,
      AWS_ENDPOINT_URL_STS: server.url,
      AWS_ENDPOINT_URL_CLOUDTRAIL: server.url,
      AWS_ACCESS_KEY_ID: aws.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: aws.credentials.secretAccessKey,
      AWS_REGION: 'us-east-1',
    };
    const started = performance.now();
    const child = spawn(process.execPath, [join(ROOT, 'dist/cli.js'), 'scan', '--staged', '--respond'], {
      cwd: repo,
      env,
      stdio: 'ignore',
    });
    let deactivatedAt = null;
    const poll = setInterval(() => {
      if (deactivatedAt === null && server.keyStatus(key.accessKeyId) === 'Inactive')
        deactivatedAt = performance.now();
    }, 1);
    const code = await new Promise((res) => child.on('exit', res));
    clearInterval(poll);
    if (code !== 1 || deactivatedAt === null)
      throw new Error(`bench: the live key was not deactivated (exit ${code})`);
    return deactivatedAt - started;
  } finally {
    rmSync(repo, { recursive: true, force: true });
    await server.close();
  }
}

/** (a) 1,000 distinct key ids in one verification run. */
async function thousand(mod) {
  const { server, aws } = await world(mod);
  try {
    const ids = [];
    for (let u = 0; ids.length < KEYS; u++) {
      const user = `user-${u}`;
      server.addUser(ACCOUNT, user);
      for (let k = 0; k < KEYS_PER_USER && ids.length < KEYS; k++)
        ids.push(server.addKey(ACCOUNT, user).accessKeyId);
    }
    const found = ids.map((id, i) => detection(id, i + 1));
    const before = server.calls.length;
    const started = performance.now();
    const settings = config(mod);
    const session = await mod.session.AwsSession.open(aws, settings.aws);
    let result;
    try {
      result = await mod.verify.verifyDetections(found, {
        config: settings,
        session,
        inCi: false,
        logger: silent,
      });
    } finally {
      session.close();
    }
    const wallMs = performance.now() - started;
    // Ids without their secrets: IAM has them Active, so each is an exposed id (the IAM path taken in full).
    const exposed = [...result.values()].filter((v) => v.status === 'exposed-id').length;
    if (exposed !== KEYS) throw new Error(`bench: ${exposed} of ${KEYS} keys verified as exposed ids`);
    const calls = server.calls.slice(before);
    const byAction = {};
    for (const c of calls) byAction[c.action] = (byAction[c.action] ?? 0) + 1;
    return { wallMs, callsPerKey: calls.length / KEYS, byAction };
  } finally {
    await server.close();
  }
}

export async function benchVerify() {
  const mod = await bundle();
  const deactivationMs = await deactivation(mod);
  const { wallMs, callsPerKey, byAction } = await thousand(mod);
  return { keys: KEYS, wallMs, callsPerKey, deactivationMs, callsByAction: byAction };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await benchVerify();
  console.log(
    `verified ${r.keys} key ids in ${r.wallMs.toFixed(0)} ms (${r.callsPerKey.toFixed(2)} AWS calls per key, aim <= 2: ` +
      `${Object.entries(r.callsByAction)
        .map(([a, n]) => `${n} ${a}`)
        .join(', ')})`,
  );
  console.log(
    `start of "scan --staged --respond" to deactivation of a live key: ${r.deactivationMs.toFixed(0)} ms (aim < 2000 ms)`,
  );
}
