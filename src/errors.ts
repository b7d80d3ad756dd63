// Errors split by whose fault they are; each maps to one exit code of the CLI contract.

/** A bad flag or argument: exit 2. The message names what was wrong and how to fix it. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A broken configuration or baseline file: exit 2. The message names the file and the key. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Not a repository, git failed, a revision that does not exist, unreadable input: exit 3. */
export class OperationalError extends Error {
  override name = 'OperationalError';
}

export const EXIT = { clean: 0, findings: 1, usage: 2, operational: 3 } as const;

export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError || error instanceof ConfigError) return EXIT.usage;
  return EXIT.operational;
}

/** Normalise anything thrown into a one-line message. */
export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]?.trim() || 'unknown error';
}

export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
