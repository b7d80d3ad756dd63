// Each command's flags through node:util parseArgs, with usage errors that name the flag, the nearest known
// one, and the command's help.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError, errorMessage } from '../errors.js';
import { nearest } from './suggest.js';

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
    const help = `see secret-guard ${command} --help`;
    // parseArgs's own wording for this one ends in an unbalanced quote; say it plainly instead.
    const unknown = /^Unknown option '([^']*)'/.exec(errorMessage(error))?.[1];
    if (unknown === undefined) throw new UsageError(`${errorMessage(error)} (${help})`);
    const known = [...Object.keys(options).map((name) => `--${name}`), '--help'];
    const guess = unknown.startsWith('--') ? nearest(unknown, known) : undefined;
    throw new UsageError(
      `unknown option '${unknown}' for ${command}${guess ? `; did you mean '${guess}'?` : ''} (${help})`,
    );
  }
}
