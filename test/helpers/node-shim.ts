// A `node` first on PATH that records each start, then runs the real one: the proof that a hook did, or did not,
// start Node.
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gitEnv } from './git-repo.js';

export interface NodeShim {
  /** PATH with the shim first; pass it to `git commit` (or the hook manager). */
  env: NodeJS.ProcessEnv;
  /** How many times Node started so far. */
  runs: () => number;
}

export function nodeShim(): NodeShim {
  const dir = mkdtempSync(join(tmpdir(), 'sg-node-shim-'));
  const marker = join(dir, 'runs');
  writeFileSync(join(dir, 'node'), `#!/bin/sh\necho run >>'${marker}'\nexec '${process.execPath}' "$@"\n`);
  chmodSync(join(dir, 'node'), 0o755);
  return {
    env: { PATH: `${dir}:${gitEnv.PATH ?? ''}` },
    runs: () => (existsSync(marker) ? readFileSync(marker, 'utf8').split('\n').length - 1 : 0),
  };
}
