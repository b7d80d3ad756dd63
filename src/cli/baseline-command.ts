// `secret-guard baseline`: scan without applying any baseline, then write the fingerprints of everything
// found. The file holds fingerprints and key ids only, never a secret.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { baselinePath } from '../config/load-settings.js';
import { createBaseline, serializeBaseline } from '../filter/baseline.js';
import { runScan, type ScanOptions } from '../scan.js';

export async function runBaseline(options: ScanOptions, output: string | undefined): Promise<string> {
  const { detections, root, config, result } = await runScan({ ...options, baselineFile: false });
  const file = output !== undefined ? resolve(options.cwd, output) : baselinePath(root, config.baseline);
  const baseline = createBaseline(detections);
  await writeFile(file, serializeBaseline(baseline));
  const { commits, files } = result.coverage;
  return `secret-guard: baseline of ${baseline.entries.length} fingerprint(s) written to ${file} (scanned ${commits} commit(s), ${files} file(s)); commit it so every scan skips them.`;
}
