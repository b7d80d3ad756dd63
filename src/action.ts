// The GitHub Action's entry (action.yml runs the bundle of this file): read the inputs and the runner's
// environment into one options object, hand it to the Action's logic over the one scan core, and write what comes
// back through @actions/core. Nothing below this file reads process.env or @actions/core.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as core from '@actions/core';
import pkg from '../package.json' with { type: 'json' };
import { errorMessage, exitCodeFor } from './errors.js';
import { awsCredentialsPresent, readInputs } from './github/action-inputs.js';
import type { EventContext } from './github/event-plan.js';
import { runAction, type ActionIo, type ActionOptions } from './github/run-action.js';

// The SDK's notice about its own future Node support says nothing about this scan; keep it out of the log.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const env = process.env;

/** The event payload, or why it could not be read. */
function readEvent(repository: string): EventContext {
  const own = env.GITHUB_REPOSITORY ?? '';
  const foreign = repository !== '' && repository.toLowerCase() !== own.toLowerCase();
  let payload: Record<string, unknown> | null = null;
  let payloadError: string | null = null;
  const path = env.GITHUB_EVENT_PATH;
  if (!path) {
    payloadError = 'GITHUB_EVENT_PATH is not set';
  } else {
    try {
      const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
        payload = parsed as Record<string, unknown>;
      } else {
        payloadError = `${path} does not hold a JSON object`;
      }
    } catch (error) {
      payloadError = `${path}: ${errorMessage(error)}`;
    }
  }
  // @actions/github parses the payload itself when it loads and would throw on a broken one: it is only needed
  // for the GitHub client, which works without it.
  if (payloadError !== null) delete env.GITHUB_EVENT_PATH;
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    payload,
    payloadError,
    repository: foreign ? repository : own,
    sha: env.GITHUB_SHA ?? '',
    actor: env.GITHUB_ACTOR ?? '',
    foreign,
  };
}

const io: ActionIo = {
  info: (message) => core.info(message),
  notice: (message) => core.notice(message),
  warning: (message) => core.warning(message),
  error: (message, where) => core.error(message, where),
  setSecret: (value) => core.setSecret(value),
  setOutput: (name, value) => core.setOutput(name, value),
  appendSummary: async (markdown) => {
    await core.summary.addRaw(markdown, true).write();
  },
};

/** The inputs and the runner's environment as one options object; throws UsageError for a bad input. */
function actionOptions(): ActionOptions {
  const inputs = readInputs((name) => core.getInput(name));
  // The runner masks the workflow token already; mask it again in case it came from elsewhere.
  if (inputs.githubToken) core.setSecret(inputs.githubToken);
  const serverUrl = env.GITHUB_SERVER_URL ?? 'https://github.com';
  return {
    inputs,
    event: readEvent(inputs.repository),
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
    runnerTemp: env.RUNNER_TEMP ?? process.cwd(),
    serverUrl,
    apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    runUrl:
      env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
        ? `${serverUrl}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
        : null,
    awsCredentialsPresent: awsCredentialsPresent(env),
    toolVersion: pkg.version,
    userAgent: `secret-guard/${pkg.version}`,
    // Built beside this file by scripts/build.mjs.
    threadScript: fileURLToPath(new URL('./history-worker.js', import.meta.url)),
    now: () => new Date(),
  };
}

let options: ActionOptions | null = null;
try {
  options = actionOptions();
} catch (error) {
  core.error(`secret-guard: ${errorMessage(error)}`);
  process.exitCode = exitCodeFor(error);
}
if (options) process.exitCode = await runAction(options, io);
