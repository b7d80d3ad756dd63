// Each command's flags through node:util parseArgs, with a usage error that names the command's help.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError, errorMessage } from '../errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseOptions<T extends Options>(
  command: string,
  args: string[],
  options: T,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    // parseArgs names the flag: "Unknown option '--x'". Keep its words, add where to look.
    throw new UsageError(`${errorMessage(error)} (see secret-guard ${command} --help)`);
  }
}
