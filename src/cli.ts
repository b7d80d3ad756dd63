#!/usr/bin/env node
// The bin: hand argv and the process's streams to run(), print what it returns, set the exit code.
import { realpathSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

// Node 22.1+ keeps compiled code between runs (the hook runs on every commit); the rest of the CLI is loaded
// after this call so that it benefits. On older Node this is a no-op.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
const { run } = await import('./cli/run.js');
const { EXIT } = await import('./errors.js');

// The SDK's notice about its own future Node support says nothing about this scan; keep it out of reports.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** The folder the command runs in; null when it was deleted under the shell (process.cwd() then throws). */
function currentFolder(): string | null {
  try {
    return process.cwd();
  } catch {
    return null;
  }
}

// A reader that stops early (`secret-guard scan --all | head`) closes the pipe: the rest has nowhere to go, and the
// exit code still says what was found. Any other write failure (a full disk under `> report.txt`) loses the
// report: one line says so, and the run is an operational failure unless it found keys. Without these listeners
// Node prints a stack trace.
let writeFailed = false;
const exitCodeAfterWrites = (code: number): number =>
  writeFailed && code !== EXIT.findings ? EXIT.operational : code;
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') return;
    writeFailed = true;
    if (stream === process.stdout)
      process.stderr.write(`secret-guard: cannot write the report: ${error.message}\n`);
    if (process.exitCode !== undefined) process.exitCode = exitCodeAfterWrites(Number(process.exitCode));
  });
}

const cwd = currentFolder();
const result =
  cwd === null
    ? {
        exitCode: 3,
        stdout: '',
        stderr:
          'secret-guard: the current folder no longer exists (deleted or moved): cd into an existing folder and run again\n',
      }
    : await run(process.argv.slice(2), {
        cwd,
        env: process.env,
        stdin: () => process.stdin,
        stderrStream: process.stderr,
        stdoutIsTTY: process.stdout.isTTY === true,
        nodePath: process.execPath,
        cliPath: () => realpathSync(process.argv[1] ?? '.'),
        // Built beside this file by scripts/build.mjs.
        threadScript: fileURLToPath(new URL('./history-worker.js', import.meta.url)),
      });
if (result.stdout) process.stdout.write(result.stdout);
if (result.stderr) process.stderr.write(result.stderr);
process.exitCode = exitCodeAfterWrites(result.exitCode);
