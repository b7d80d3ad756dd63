// `secret-guard hook pre-commit|pre-push [<remote> <url>]`: what the installed hooks and the hook managers
// run. pre-commit scans the staged changes; pre-push the commits the push sends.
import { EXIT, UsageError } from '../errors.js';
import type { Command, CliIo } from './command.js';
import { pushRevs } from './push-revs.js';
import { scanAndReport, scanOptionsFrom } from './scan.js';

// How to skip the hook, and what skipping does not skip.
const COMMIT_BLOCKED = {
  header: 'secret-guard: commit blocked: an AWS access key is in the staged changes.',
  footer:
    'To skip this check once: `git commit --no-verify`. The pre-push hook and CI still scan what you push\n' +
    'and will stop the key there, so for a key that is not real (a test fixture), allow it as above instead.',
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
  help: `Usage: secret-guard hook pre-commit
       secret-guard hook pre-push [<remote> [<url>]]   (the pushed refs on standard input, as git gives them)

pre-commit scans the staged changes; pre-push scans the commits the push sends that the remote does not have.
Under the pre-commit framework, pre-push reads the range it exports (PRE_COMMIT_FROM_REF, PRE_COMMIT_TO_REF).

Options:
  -h, --help            show this help`,

  async run(args, context) {
    const [hook, remote, ...rest] = args;
    if (rest.length > 1)
      throw new UsageError(`unexpected argument '${rest[1]}' (see secret-guard hook --help)`);
    const base = scanOptionsFrom({}, { kind: 'staged' }, context);
    if (hook === 'pre-commit') {
      return scanAndReport(
        {
          scan: base,
          format: 'text',
          blocked: COMMIT_BLOCKED,
          // `git commit -a` and `git commit <paths>` stage into a temporary index, `.git/index.lock` or
          // `.git/next-index-<pid>.lock`, that git drops when the commit stops.
          indexIsTemporary: context.io.env.GIT_INDEX_FILE?.endsWith('.lock') ?? false,
        },
        context,
      );
    }
    if (hook === 'pre-push') {
      const revs = await pushRevsFor(context.io, remote);
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
 * The commits a push sends: from git's ref lines on stdin, or, under the pre-commit framework (which keeps
 * stdin to itself), from the range it exports. With neither, fail closed: everything not on the remote.
 */
async function pushRevsFor(io: CliIo, remote: string | undefined): Promise<string[] | null> {
  const remoteName = remote ?? io.env.PRE_COMMIT_REMOTE_NAME ?? 'origin';
  const { PRE_COMMIT_FROM_REF: from, PRE_COMMIT_TO_REF: to } = io.env;
  if (to)
    return from ? [to, '--not', from, `--remotes=${remoteName}`] : [to, '--not', `--remotes=${remoteName}`];
  const revs = await pushRevs(io.stdin(), remoteName, io.cwd);
  if (revs === null && io.env.PRE_COMMIT) return ['HEAD', '--not', `--remotes=${remoteName}`];
  return revs;
}
