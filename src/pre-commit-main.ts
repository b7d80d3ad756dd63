// The pre-commit hook alone, bundled into one CommonJS file (dist/pre-commit.cjs) that the hooks' prefilter starts
// when the staged diff may hold a key (src/install/prefilter-script.ts): Node then loads one file instead of an ES
// module graph of chunks, and none of the other commands. It runs `hook` as the CLI does (`hook pre-commit
// --staged-diff=<file>`); scripts/build.mjs leaves out of it what a hook never reaches (verification, response).
// The prefilter sets NODE_COMPILE_CACHE (Node 22.1+) for it.
import { hookCommand } from './cli/hook.js';
import { main } from './cli/main.js';
import { runCommand } from './cli/run-command.js';

void main(async (argv, io) => runCommand(hookCommand, argv[0] === 'hook' ? argv.slice(1) : argv, io));
