#!/usr/bin/env node
// Benchmark of the verify and respond stages against the local IAM/STS/CloudTrail server (test/servers/aws), with
// the real SDK clients over loopback HTTP:
//   (b) first, in a process that has not loaded the AWS SDK yet: one live key, from the start of its verification to
//       the end of its response (UpdateAccessKey, the session-revocation policy, the tag): an upper bound of the time
//       to deactivation, SDK loading included. Aim: under 2 s.
//   (a) 1,000 distinct key ids of one account (two keys for each of 500 users: IAM allows two keys per user), all
//       verified in one run: wall time and AWS calls per key. Aim: at most 2 calls per key.
// There is no TypeScript loader at run time, so esbuild bundles the server and the stage entries into .bench/ first
// (dependencies stay external and load from node_modules).
//   node scripts/bench-verify.mjs         prints the figures; `benchVerify()` returns them to scripts/bench.mjs.

import { build } from 'esbuild';
import console from 'node:console';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

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
      respond: join(ROOT, 'src/respond/respond.ts'),
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
    respond: await load('respond'),
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

/** (b) one live key: start of verification to the end of its response. */
async function deactivation(mod) {
  const { server, aws } = await world(mod);
  try {
    server.addUser(ACCOUNT, 'leaky');
    const key = server.addKey(ACCOUNT, 'leaky');
    const found = [detection(key.accessKeyId, 1)];
    const cfg = config(mod);
    const started = performance.now();
    const verifications = await mod.verify.verifyDetections(found, {
      config: cfg,
      aws,
      inCi: true,
      logger: silent,
    });
    const outcomes = await mod.respond.respondToLeaks(found, verifications, {
      config: cfg,
      aws,
      dryRun: false,
      logger: silent,
    });
    const ms = performance.now() - started;
    const action = outcomes.get(key.accessKeyId)?.action;
    if (action !== 'deactivated' || server.keyStatus(key.accessKeyId) !== 'Inactive') {
      throw new Error(`bench: the live key was not deactivated (${action})`);
    }
    return ms;
  } finally {
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
    const result = await mod.verify.verifyDetections(found, {
      config: config(mod),
      aws,
      inCi: false,
      logger: silent,
    });
    const wallMs = performance.now() - started;
    const active = [...result.values()].filter((v) => v.status === 'active').length;
    if (active !== KEYS) throw new Error(`bench: ${active} of ${KEYS} keys verified active`);
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
    `start of verification to deactivation of a live key: ${r.deactivationMs.toFixed(0)} ms (aim < 2000 ms)`,
  );
}
