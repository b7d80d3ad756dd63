#!/usr/bin/env node
// The bin: hand argv and the process's streams to run(), print what it returns, set the exit code.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { run } from './cli/run.js';

// The SDK's notice about its own future Node support says nothing about this scan; keep it out of reports.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const result = await run(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdin: () => process.stdin,
  stderrStream: process.stderr,
  stdoutIsTTY: process.stdout.isTTY === true,
  nodePath: process.execPath,
  cliPath: () => realpathSync(process.argv[1] ?? '.'),
  // Built beside this file by scripts/build.mjs.
  threadScript: fileURLToPath(new URL('./scan-thread.js', import.meta.url)),
});
if (result.stdout) process.stdout.write(result.stdout);
if (result.stderr) process.stderr.write(result.stderr);
process.exitCode = result.exitCode;
