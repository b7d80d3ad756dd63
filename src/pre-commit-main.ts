// The pre-commit hook's path alone, bundled into one CommonJS file (dist/pre-commit.cjs) that the hooks' prefilter
// starts when the staged diff may hold a key (src/install/prefilter-script.ts): Node then loads one file instead
// of an ES module graph of chunks. It runs the same run() as the bin; scripts/build.mjs leaves out of it what the
// hook never reaches (verification, response). The prefilter sets NODE_COMPILE_CACHE (Node 22.1+) for it.
import { main } from './cli/main.js';

void main();
