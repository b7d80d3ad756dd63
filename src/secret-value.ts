import { inspect } from 'node:util';

const VISIBLE = 4;

/** Mask a secret: its first four characters, then one `*` per remaining character. */
export function redact(value: string): string {
  return value.slice(0, VISIBLE) + '*'.repeat(Math.max(0, value.length - VISIBLE));
}

/**
 * A secret access key (or session token) held so that it cannot be printed by accident: string conversion, JSON and
 * `util.inspect` all give the redacted form. Only `reveal()` gives the value, for signing a request.
 */
export class SecretValue {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  get redacted(): string {
    return redact(this.#value);
  }

  toString(): string {
    return this.redacted;
  }

  toJSON(): string {
    return this.redacted;
  }

  [inspect.custom](): string {
    return `SecretValue(${this.redacted})`;
  }
}
