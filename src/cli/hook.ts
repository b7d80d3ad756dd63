// `secret-guard hook pre-commit [<file>...]|pre-push [<remote> <url>]`: what the installed hooks and the hook
// managers run. pre-commit scans the staged changes; pre-push the commits the push sends.
import { EXIT, UsageError } from '../errors.js';
import type { SourceSpec } from '../types.js';
import type { Command, CliIo } from './command.js';
import { scanAndReport, scanOptionsFrom } from './scan.js';

/** What the prefilter passes first: the staged diff it searched, so that the scan reads the same bytes. */
export const STAGED_DIFF_OPTION = '--staged-diff=';

// How to skip the hook, and what skipping does not skip.
const COMMIT_BLOCKED = {
  header: 'secret-guard: commit blocked: an AWS access key is in the staged changes.',
  footer:
    'To skip this check once: `git commit --no-verify`. The pre-push hook and CI still scan what you push\n' +
    'and will stop the key there, so for a key that is not real (a test fixture), allow it as above instead.',
};

/** `pre-commit run --all-files` (as CI runs it): nothing to skip. */
const FILES_BLOCKED = {
  header: 'secret-guard: an AWS access key is in the files checked.',
  footer: 'A key that was ever pushed has leaked: deactivate and rotate it.',
};

const PUSH_BLOCKED = {
  header: 'secret-guard: push blocked: an AWS access key is in the commits being pushed.',
  footer:
    'To skip this check once: `git push --no-verify`. CI still scans what you push and will stop the key\n' +
    'there, so for a key that is not real (a test fixture), allow it as above instead. A real key that is\n' +
    'pushed has leaked: deactivate and rotate it.',
};

export const hookCommand: Command = {
  summary: 'run as a Git hook (what installed hooks and hook managers call)',
  help: `Usage: secret-guard hook pre-commit [--] [<file>...]
       secret-guard hook pre-push [<remote> [<url>]]   (the pushed refs on standard input, as git gives them)

pre-commit scans the staged changes. Given file names (the pre-commit framework gives them) outside a commit
(no GIT_INDEX_FILE), as for \`pre-commit run --all-files\`, it scans those files whole. The hooks that
\`install\` writes and hooks/pre-commit first search the staged diff with git and grep, and start this only
when it may hold a key, handing over that diff: \`${STAGED_DIFF_OPTION}<file>\` (run in the work tree's top folder).
pre-push scans the commits the push sends that the remote does not have. Under the pre-commit framework, it
reads the range the framework exports (PRE_COMMIT_FROM_REF, PRE_COMMIT_TO_REF).

Options:
  -h, --help            show this help`,

  async run(args, context) {
    const [hook, ...rest] = args;
    // The prefilter's diff comes first; hooks/pre-commit passes the framework's file names after `--`, so that one
    // named like an option stays a name.
    const diffFile =
      hook === 'pre-commit' && rest[0]?.startsWith(STAGED_DIFF_OPTION)
        ? rest.shift()!.slice(STAGED_DIFF_OPTION.length)
        : undefined;
    const hookArgs = rest[0] === '--' ? rest.slice(1) : rest;
    const base = scanOptionsFrom({}, { kind: 'staged' }, context);
    if (hook === 'pre-commit') {
      if (diffFile !== undefined && (diffFile === '' || hookArgs.length > 0)) {
        throw new UsageError(`${STAGED_DIFF_OPTION}<file> goes alone (see secret-guard hook --help)`);
      }
      const source: SourceSpec =
        diffFile !== undefined ? { kind: 'staged', diffFile } : commitSource(hookArgs, context.io.env);
      return scanAndReport(
        {
          scan: { ...base, source },
          format: 'text',
          blocked: source.kind === 'staged' ? COMMIT_BLOCKED : FILES_BLOCKED,
          // `git commit -a` and `git commit <paths>` stage into a temporary index, `.git/index.lock` or
          // `.git/next-index-<pid>.lock`, that git drops when the commit stops.
          indexIsTemporary: context.io.env.GIT_INDEX_FILE?.endsWith('.lock') ?? false,
        },
        context,
      );
    }
    if (hook === 'pre-push') {
      if (hookArgs.length > 2) {
        throw new UsageError(`unexpected argument '${hookArgs[2]}' (see secret-guard hook --help)`);
      }
      const revs = await pushRevsFor(context.io, hookArgs[0]);
      if (revs === null) return EXIT.clean;
      return scanAndReport(
        { scan: { ...base, source: { kind: 'push', revs } }, format: 'text', blocked: PUSH_BLOCKED },
        context,
      );
    }
    throw new UsageError(`unknown hook '${hook ?? ''}' (pre-commit or pre-push)`);
  },
};

/**
 * git gives pre-commit no arguments: the staged changes. The pre-commit framework gives it file names: at a commit
 * (git sets GIT_INDEX_FILE for its hooks) the staged ones its filters keep, but git commits every staged change,
 * symlinks and excluded paths too, so the staged changes are scanned, as for git. Outside a commit (\`pre-commit
 * run\`, \`--all-files\`, \`--files\`) the files named are scanned whole, as they are.
 */
function commitSource(files: string[], env: NodeJS.ProcessEnv): SourceSpec {
  return files.length === 0 || env.GIT_INDEX_FILE ? { kind: 'staged' } : { kind: 'paths', paths: files };
}

/**
 * The commits a push sends: from git's ref lines on stdin, or, under the pre-commit framework, from the range it
 * exports. With neither (the framework keeps stdin to itself; a hook manager's earlier command may have read
 * it), fail closed: everything HEAD has that the remote does not.
 */
async function pushRevsFor(io: CliIo, remote: string | undefined): Promise<string[] | null> {
  const remoteName = remote ?? io.env.PRE_COMMIT_REMOTE_NAME ?? 'origin';
  const { PRE_COMMIT_FROM_REF: from, PRE_COMMIT_TO_REF: to } = io.env;
  if (to)
    return from ? [to, '--not', from, `--remotes=${remoteName}`] : [to, '--not', `--remotes=${remoteName}`];
  const { parsePushLines, pushRevs } = await import('./push-revs.js');
  const refLines = await readAll(io.stdin());
  if (parsePushLines(refLines).length === 0) return ['HEAD', '--not', `--remotes=${remoteName}`];
  return pushRevs(refLines, remoteName, io.cwd);
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}
