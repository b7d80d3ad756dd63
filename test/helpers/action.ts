// Run the bundled Action as the GitHub runner does: `node <bundle>/action.js` in a child process, with every input
// as an INPUT_* variable (action.yml's defaults for those not given), the runner's GITHUB_* variables, an event
// payload file, and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files; then read back what the runner would.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { parse } from 'yaml';
import { gitEnv, type TempRepo } from './git-repo.js';

interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
}

export interface ActionRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** Workflow commands on stdout (`::error file=…::message`), unescaped. */
  commands: WorkflowCommand[];
  /** Error annotations (`::error`), with their properties. */
  annotations: WorkflowCommand[];
  /** Values masked with `::add-mask::`. */
  masked: string[];
  outputs: Record<string, string>;
  summary: string;
  /** The SARIF file the `sarif-file` output names, read before the runner's temporary folder goes. */
  sarif: string | null;
}

export interface ActionRunOptions {
  /** The checkout: GITHUB_WORKSPACE and the working folder. */
  workspace: string;
  /** Inputs by their action.yml names; action.yml's defaults fill the rest. */
  inputs?: Record<string, string>;
  eventName: string;
  /** The payload, written to GITHUB_EVENT_PATH; a string is written as it is (a malformed payload). */
  payload: unknown;
  repository?: string;
  /** GITHUB_API_URL (the local GitHub server). */
  apiUrl?: string;
  env?: NodeJS.ProcessEnv;
}

function actionBundle(): string {
  const bundle = inject('actionBundle');
  if (bundle.startsWith('build failed')) throw new Error(bundle);
  return bundle;
}

interface ActionYml {
  inputs: Record<string, { default?: string }>;
}

/** action.yml's inputs and their defaults, as the runner would pass them. */
function actionDefaults(): Record<string, string> {
  const yml = parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as ActionYml;
  return Object.fromEntries(Object.entries(yml.inputs).map(([name, input]) => [name, input.default ?? '']));
}

function unescapeData(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

function unescapeProperty(text: string): string {
  return unescapeData(text).replace(/%3A/g, ':').replace(/%2C/g, ',');
}

function parseCommands(stdout: string): WorkflowCommand[] {
  const commands: WorkflowCommand[] = [];
  for (const line of stdout.split('\n')) {
    const match = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line.replace(/\r$/, ''));
    if (!match) continue;
    const properties: Record<string, string> = {};
    for (const pair of (match[2] ?? '').split(',').filter(Boolean)) {
      const at = pair.indexOf('=');
      properties[pair.slice(0, at)] = unescapeProperty(pair.slice(at + 1));
    }
    commands.push({ command: match[1]!, properties, message: unescapeData(match[3] ?? '') });
  }
  return commands;
}

/** GITHUB_OUTPUT's `name<<delimiter` blocks. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (!match) continue;
    const value: string[] = [];
    for (i += 1; i < lines.length && lines[i] !== match[2]; i++) value.push(lines[i]!);
    outputs[match[1]!] = value.join('\n');
  }
  return outputs;
}

export async function runAction(options: ActionRunOptions): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'sg-runner-'));
  try {
    const eventPath = join(dir, 'event.json');
    writeFileSync(
      eventPath,
      typeof options.payload === 'string' ? options.payload : JSON.stringify(options.payload),
    );
    const outputFile = join(dir, 'output');
    const summaryFile = join(dir, 'summary.md');
    writeFileSync(outputFile, '');
    writeFileSync(summaryFile, '');
    const repository = options.repository ?? 'acme/app';
    // The runner evaluates the defaults' expressions: `${{ github.repository }}`, `${{ github.token }}`.
    const defaults = Object.fromEntries(
      Object.entries(actionDefaults()).map(([name, value]) => [
        name,
        value.replace('${{ github.repository }}', repository).replace('${{ github.token }}', 'test-token'),
      ]),
    );
    const inputs = { ...defaults, ...options.inputs };
    const env: NodeJS.ProcessEnv = {
      ...gitEnv,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: options.eventName,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_WORKSPACE: options.workspace,
      GITHUB_REPOSITORY: repository,
      GITHUB_REPOSITORY_OWNER: repository.split('/')[0],
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_API_URL: options.apiUrl ?? 'http://127.0.0.1:9',
      GITHUB_RUN_ID: '4242',
      GITHUB_ACTOR: 'octocat',
      GITHUB_SHA: '',
      RUNNER_TEMP: dir,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: '/nonexistent',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
      ...options.env,
    };
    for (const key of Object.keys(env)) if (key.startsWith('INPUT_')) delete env[key];
    for (const [name, value] of Object.entries(inputs)) {
      // The runner's naming: upper case, spaces to underscores (dashes stay).
      env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
    }
    const child = spawn(process.execPath, [actionBundle()], {
      cwd: options.workspace,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    const exitCode = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
    const stdout = Buffer.concat(out).toString('utf8');
    const commands = parseCommands(stdout);
    const outputs = parseOutputs(readFileSync(outputFile, 'utf8'));
    let sarif: string | null = null;
    try {
      if (outputs['sarif-file']) sarif = readFileSync(outputs['sarif-file'], 'utf8');
    } catch {
      sarif = null;
    }
    return {
      exitCode,
      stdout,
      stderr: Buffer.concat(err).toString('utf8'),
      commands,
      annotations: commands.filter((c) => c.command === 'error'),
      masked: commands.filter((c) => c.command === 'add-mask').map((c) => c.message),
      outputs,
      summary: readFileSync(summaryFile, 'utf8'),
      sarif,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The repository the Action's tests run in, as the local GitHub server and the event payloads name it. */
export const ACTION_REPO = 'acme/app';

/** A push event's payload, the fields the Action reads; a ref the push makes (`before` all zeros) is `created`. */
export function pushPayload(
  ref: string,
  before: string,
  after: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    ref,
    before,
    after,
    created: /^0+$/.test(before),
    deleted: false,
    forced: false,
    repository: { full_name: ACTION_REPO, default_branch: 'main' },
    ...extra,
  };
}

/** A pull_request event's payload: #12 from `feature` (of `headRepo`: another one is a fork) into main. */
export function prPayload(base: string, head: string, headRepo = ACTION_REPO) {
  return {
    number: 12,
    pull_request: {
      number: 12,
      title: 'Add deploy settings',
      html_url: `https://github.com/${ACTION_REPO}/pull/12`,
      user: { login: 'dev' },
      base: { sha: base, ref: 'main', repo: { full_name: ACTION_REPO } },
      head: { sha: head, ref: 'feature', repo: { full_name: headRepo } },
    },
    repository: { full_name: ACTION_REPO, default_branch: 'main' },
  };
}

/**
 * Makes the empty repository `dir` a checkout of `ref` as actions/checkout makes it: shallow (one commit,
 * detached) by default, or every branch and tag with depth 0.
 */
export function checkoutInto(
  dir: TempRepo,
  origin: TempRepo,
  ref: string,
  options: { shallow?: boolean } = {},
): TempRepo {
  const shallow = options.shallow ?? true;
  dir.git('remote', 'add', 'origin', `file://${origin.dir}`);
  if (shallow) dir.git('fetch', '-q', '--no-tags', '--depth=1', 'origin', ref);
  else dir.git('fetch', '-q', 'origin', '+refs/heads/*:refs/remotes/origin/*', '+refs/tags/*:refs/tags/*');
  dir.git('checkout', '-q', '--detach', shallow ? 'FETCH_HEAD' : ref);
  return dir;
}
