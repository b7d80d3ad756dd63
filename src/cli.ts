#!/usr/bin/env node
// The bin: hand argv and the process's streams to run(), print what it returns, set the exit code.
import { realpathSync } from 'node:fs';
import { run } from './cli/run.js';

const result = await run(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdin: () => process.stdin,
  stderrStream: process.stderr,
  stdoutIsTTY: process.stdout.isTTY === true,
  nodePath: process.execPath,
  cliPath: () => realpathSync(process.argv[1] ?? '.'),
});
if (result.stdout) process.stdout.write(result.stdout);
if (result.stderr) process.stderr.write(result.stderr);
process.exitCode = result.exitCode;
