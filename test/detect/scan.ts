// Runs the Detector over text the way the diff stage feeds it: one file, lines split on LF, a trailing CR dropped.
import { Detector } from '../../src/detect/detector.js';
import type { Detection, FileContext } from '../../src/types.js';

export function scanText(text: string, path = 'file.txt'): Detection[] {
  return scanFiles([{ path, text }]);
}

export function scanFiles(
  files: Array<{ path: string; text: string; commit?: FileContext['commit'] }>,
): Detection[] {
  const found: Detection[] = [];
  const detector = new Detector((detection) => found.push(detection));
  for (const file of files) {
    detector.startFile({ path: file.path, commit: file.commit ?? null });
    file.text.split('\n').forEach((line, i) => detector.line(line.replace(/\r$/, ''), i + 1));
  }
  detector.end();
  return found;
}

/** The detected value of a detection: the id, or the secret revealed (tests only compare it, never print it). */
export function valueOf(detection: Detection): string {
  return detection.rule === 'aws-access-key-id'
    ? (detection.keyId ?? '')
    : (detection.secret?.reveal() ?? '');
}
