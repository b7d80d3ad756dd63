// `secret-guard hook pre-commit|pre-push [<remote> <url>]`: what the installed hooks and the hook managers
// run. pre-commit scans the staged changes; pre-push the commits the push sends.
import { EXIT, UsageError } from '../errors.js';
import type { Command, CliIo } from './command.js';
import { pushRevs } from './push-revs.js';
import { scanAndReport, scanOptionsFrom } from './scan.js';

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
          blockedHeader: 'secret-guard: commit blocked: an AWS access key is in the staged changes.\n\n',
        },
        context,
      );
    }
    if (hook === 'pre-push') {
      const revs = await pushRevsFor(context.io, remote);
      if (revs === null) return EXIT.clean;
      return scanAndReport(
        {
          scan: { ...base, source: { kind: 'push', revs } },
          format: 'text',
          blockedHeader: 'secret-guard: push blocked: an AWS access key is in the commits being pushed.\n\n',
        },
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
