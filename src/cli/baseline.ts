// `secret-guard baseline`: scan without applying any baseline, then write the fingerprints of everything
// found, so later scans skip them. The file holds fingerprints and key ids only, never a secret.
import { EXIT } from '../errors.js';
import { baselinePath } from '../config/load-settings.js';
import { createBaseline, serializeBaseline } from '../filter/baseline.js';
import { runScan } from '../scan.js';
import { parseOptions } from './args.js';
import type { Command } from './command.js';
import { outputFile, writeOutput } from './output-file.js';
import { hasSource, SOURCE_HELP, SOURCE_OPTIONS, scanOptionsFrom, sourceFrom } from './scan.js';

const BASELINE_OPTIONS = {
  ...SOURCE_OPTIONS,
  output: { type: 'string' },
  config: { type: 'string' },
  'no-allow-comments': { type: 'boolean' },
  workers: { type: 'string' },
} as const;

export const baselineCommand: Command = {
  summary: 'record the keys found now, so that later scans skip them',
  help: `Usage: secret-guard baseline [--staged | --range <A..B> | --all | --stdin | <path>...] [options]

Scans (by default the whole history, --all) without applying any baseline, and writes the fingerprints of
everything found. Commit the file: every scan skips what it lists. It holds fingerprints and key ids, never a
secret.

${SOURCE_HELP.replace('without one, in a Git repository: --staged', 'default: --all')}

Options:
  --output <file>       where to write it (default: the configuration's baseline, else .secret-guard-baseline.json)
  --config <file>       the configuration file (default: .secret-guard.yml at the repository root)
  --no-allow-comments   record keys on lines with \`secret-guard:allow\` comments too
  --workers <n>         git processes for history scans (1 to 64)
  -h, --help            show this help`,

  async run(args, context) {
    const { values, positionals } = parseOptions('baseline', args, BASELINE_OPTIONS, true);
    // A baseline covers what is there now: by default the whole history.
    const source = hasSource(values, positionals)
      ? sourceFrom(values, positionals)
      : { kind: 'all' as const };
    const options = scanOptionsFrom(values, source, context);
    const named = values.output === undefined ? undefined : outputFile(options.cwd, values.output);
    const { detections, root, config, result } = await runScan({ ...options, baselineFile: false });
    const file = named ?? baselinePath(root, config.baseline);
    const baseline = createBaseline(detections);
    writeOutput(file, serializeBaseline(baseline));
    const { commits, files } = result.coverage;
    context.output.err(
      `secret-guard: baseline of ${baseline.entries.length} fingerprint(s) written to ${file} (scanned ${commits} commit(s), ${files} file(s)); commit it so every scan skips them.`,
    );
    return EXIT.clean;
  },
};
