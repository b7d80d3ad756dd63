// `secret-guard audit`: every IAM access key of the account against the rotation policy. Translates flags and the
// environment (AWS's default chain, GITHUB_TOKEN and GITHUB_REPOSITORY for rotation issues) into the audit's
// options; the core (src/audit/audit.ts) does the rest.
import { resolve } from 'node:path';
import { isDays, type InventorySource } from '../config/audit-config.js';
import { UsageError } from '../errors.js';
import { parseOptions } from './args.js';
import type { Command } from './command.js';

const AUDIT_OPTIONS = {
  'max-age': { type: 'string' },
  'max-unused': { type: 'string' },
  format: { type: 'string' },
  respond: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  'deactivate-unused': { type: 'boolean' },
  source: { type: 'string' },
  config: { type: 'string' },
} as const;

function days(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !isDays(n)) {
    throw new UsageError(`--${flag} must be a whole number of days from 1 to 3650, got '${value}'`);
  }
  return n;
}

export const auditCommand: Command = {
  summary: "audit every IAM user's access keys: age, last use, two active keys, inactive keys",
  help: `Usage: secret-guard audit [--max-age <days>] [--max-unused <days>] [--format text|json]
                          [--respond [--deactivate-unused]] [--dry-run] [--source <source>] [--config <file>]

Reads every IAM user's access keys (the credential report, or user by user) with the AWS credentials of the
default chain, and lists the keys out of policy, most urgent first: active keys older than the maximum age,
active keys unused (or never used) for longer than the limit, users with two active keys beyond a grace period,
inactive keys left undeleted. Exceptions and defaults come from the audit: section of .secret-guard.yml.

Options:
  --max-age <days>      oldest an active key may be (default 90, audit.maxAgeDays)
  --max-unused <days>   longest an active key may go unused (default 45, audit.maxUnusedDays)
  --format <format>     text (default) or json
  --respond             open or update one rotation issue per key to rotate or retire (needs GITHUB_TOKEN and
                        GITHUB_REPOSITORY), and deactivate unused keys where asked
  --deactivate-unused   with --respond: deactivate active keys unused beyond --max-unused, after IAM confirms
                        they still are (audit.deactivateUnused); never a key used within the limit; never deletes
  --dry-run             with --respond: print the plan, change nothing
  --source <source>     auto (default: the credential report, the listing if it cannot be had),
                        credential-report or listing
  --config <file>       the configuration file (default: .secret-guard.yml in the current folder)
  -h, --help            show this help

Exit codes: 0 every key in policy, 1 a key out of policy, 2 usage or configuration error,
3 the audit could not complete (or some users could not be read) and found nothing.`,

  async run(args, { io, output }) {
    const { values } = parseOptions('audit', args, AUDIT_OPTIONS);
    const format = values.format ?? 'text';
    if (format !== 'text' && format !== 'json') {
      throw new UsageError(`--format must be text or json for audit, got '${format}'`);
    }
    if (values['dry-run'] && !values.respond) throw new UsageError('--dry-run goes with --respond');
    if (values['deactivate-unused'] && !values.respond) {
      throw new UsageError('--deactivate-unused goes with --respond');
    }
    const source = values.source;
    if (source !== undefined && !['auto', 'credential-report', 'listing'].includes(source)) {
      throw new UsageError(`--source must be auto, credential-report or listing, got '${source}'`);
    }
    const maxAgeDays = days('max-age', values['max-age']);
    const maxUnusedDays = days('max-unused', values['max-unused']);
    const token = io.env.GITHUB_TOKEN || io.env.GH_TOKEN || '';
    const repository = io.env.GITHUB_REPOSITORY || '';
    if (values.respond && (!token || !repository)) {
      output.err('secret-guard: no GITHUB_TOKEN and GITHUB_REPOSITORY: rotation issues will not be opened');
    }

    const { runAudit } = await import('../audit/audit.js');
    const { auditExitCode } = await import('../audit/audit-result.js');
    const result = await runAudit({
      cwd: io.cwd,
      ...(values.config !== undefined ? { configFile: resolve(io.cwd, values.config) } : {}),
      overrides: {
        ...(maxAgeDays !== undefined ? { maxAgeDays } : {}),
        ...(maxUnusedDays !== undefined ? { maxUnusedDays } : {}),
        ...(values['deactivate-unused'] ? { deactivateUnused: true } : {}),
        ...(source !== undefined ? { source: source as InventorySource } : {}),
      },
      aws: {},
      respond: values.respond ?? false,
      dryRun: values['dry-run'] ?? false,
      github:
        token && repository
          ? { token, repository, ...(io.env.GITHUB_API_URL ? { apiUrl: io.env.GITHUB_API_URL } : {}) }
          : null,
      logger: output.logger,
    });
    const render =
      format === 'json'
        ? (await import('../audit/audit-json.js')).auditJson
        : (await import('../audit/audit-text.js')).auditText;
    output.out(render(result));
    return auditExitCode(result);
  },
};
