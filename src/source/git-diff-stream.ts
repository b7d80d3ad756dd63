// One git process whose stdout is parsed as it streams: for `git diff --cached` and other single diffs.
import type { DiffParser } from '../diff/diff-parser.js';
import { spawnGit } from './git-process.js';

/** Run git and feed its stdout to `parser`, ending it when git succeeds; rejects with git's error. */
export async function parseGitOutput(
  cwd: string,
  args: readonly string[],
  parser: DiffParser,
): Promise<void> {
  const sink: { failed: boolean; error: unknown } = { failed: false, error: null };
  const proc = spawnGit({
    cwd,
    args,
    onStdout: (chunk) => {
      if (sink.failed) return;
      // A sink that throws must fail the scan, not escape as an uncaught stream event.
      try {
        parser.write(chunk);
      } catch (error) {
        sink.failed = true;
        sink.error = error;
        proc.kill();
      }
    },
  });
  try {
    await proc.done;
  } catch (error) {
    throw sink.failed ? sink.error : error;
  }
  if (sink.failed) throw sink.error;
  parser.end();
}
