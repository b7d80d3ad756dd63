// `--output <file>`: where a report or baseline goes, checked before the scan so that a long history scan
// never ends in "no such folder"; and the format its extension names.
// Synchronous file calls: node:fs/promises would load Node's stream modules on the pre-commit hook's path.
import { statSync, writeFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { OperationalError, UsageError, errorMessage } from '../errors.js';
import type { ReportFormat } from '../report/reporter.js';

const FORMAT_BY_EXTENSION: Record<string, ReportFormat> = {
  '.json': 'json',
  '.sarif': 'sarif',
  '.txt': 'text',
};

/** The format a file name asks for (`report.json` → json), if its extension names one. */
export function formatForFile(file: string): ReportFormat | undefined {
  return FORMAT_BY_EXTENSION[extname(file).toLowerCase()];
}

/** The absolute path to write; throws a UsageError when its folder does not exist. */
export function outputFile(cwd: string, path: string): string {
  const file = resolve(cwd, path);
  const folder = dirname(file);
  const found = statSync(folder, { throwIfNoEntry: false });
  if (!found?.isDirectory()) {
    throw new UsageError(`--output ${path}: the folder ${folder} does not exist (create it first)`);
  }
  return file;
}

/** Write `text` to `file`; a failure (no permission, disk full) is an operational error naming the file. */
export function writeOutput(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (error) {
    throw new OperationalError(`cannot write ${file}: ${errorMessage(error)}`);
  }
}
