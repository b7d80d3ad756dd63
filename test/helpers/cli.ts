// Run the bundled CLI in a child process, as a user or a git hook does.
import { spawn } from 'node:child_process';
import { inject } from 'vitest';
import { gitEnv } from './git-repo.js';

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export function cliBundle(): string {
  const bundle = inject('cliBundle');
  if (bundle.startsWith('build failed')) throw new Error(bundle);
  return bundle;
}

export async function runCli(
  args: string[],
  options: { cwd: string; input?: string | Buffer; env?: NodeJS.ProcessEnv } = { cwd: process.cwd() },
): Promise<CliRun> {
  const child = spawn(process.execPath, [cliBundle(), ...args], {
    cwd: options.cwd,
    env: { ...gitEnv, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => out.push(c));
  child.stderr.on('data', (c: Buffer) => err.push(c));
  child.stdin.end(options.input ?? '');
  const exitCode = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  return {
    exitCode,
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
  };
}
