// Making data safe to print. The stages already redact secrets; these are the reporters' own second line of
// defence, so that a slip upstream never becomes a whole secret in a terminal, a JSON file or a SARIF upload.
import { redact } from '../secret-value.js';

/** Already masked: at most four visible characters, then only `*`. */
const MASKED = /^[^*]{0,4}\**$/;

/** The secret as a reporter may show it: kept if already masked, masked here if not. */
export function safeSecret(secret: string | null): string | null {
  if (secret === null) return null;
  return MASKED.test(secret) ? secret : redact(secret);
}

/** A run of 40 secret-alphabet characters that stands alone: the shape of an AWS secret access key. */
const SECRET_SHAPE = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;

/**
 * Mask anything shaped like a secret access key in free text (reasons, error messages, call parameters).
 * A Git object name (40 lowercase hex digits) is left alone, and so is a run without upper case, lower case
 * and a digit, which no generated secret lacks.
 */
export function scrubSecrets(text: string): string {
  return text.replace(SECRET_SHAPE, (token) => {
    if (/^[0-9a-f]{40}$/.test(token)) return token;
    if (!/[A-Z]/.test(token) || !/[a-z]/.test(token) || !/[0-9]/.test(token)) return token;
    return redact(token);
  });
}

/** Deep copy of a JSON-like value with every string scrubbed. */
export function scrubDeep<T>(value: T): T {
  if (typeof value === 'string') return scrubSecrets(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => scrubDeep(item)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = scrubDeep(item);
    return out as T;
  }
  return value;
}

// C0 and C1 controls, DEL, and the bidirectional overrides and isolates ("Trojan Source").
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const HAS_UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

function escapeChar(ch: string): string {
  const code = ch.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Text from the scanned data (file names, author names, error messages) as a terminal may show it: control
 * characters and direction overrides are escaped, so a crafted file name cannot move the cursor, recolour
 * the report or hide a line. Secrets are scrubbed too.
 */
export function printable(text: string): string {
  return scrubSecrets(text).replace(UNPRINTABLE, escapeChar);
}

/**
 * Quote a word for a POSIX shell when it needs it, for commands the report suggests. A word with control
 * characters or direction overrides (a file name with a newline) gets ANSI-C quoting (`$'a\nb'`, bash and zsh):
 * the command stays printable and still names the exact file.
 */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_./@%+=:,-]+$/.test(word)) return word;
  if (!HAS_UNPRINTABLE.test(word)) return `'${word.replace(/'/g, `'\\''`)}'`;
  return `$'${word.replace(/[\\']/g, (ch) => `\\${ch}`).replace(UNPRINTABLE, escapeChar)}'`;
}

/**
 * Text from the data as Markdown prose (an issue, a job summary): printable, and every character that could
 * start markup, HTML, an entity or a table cell is backslash-escaped.
 */
export function markdownText(text: string): string {
  return printable(text).replace(/[\\`*_[\]<>#|~&]/g, (ch) => `\\${ch}`);
}

/** Text as a Markdown code span (printable) that no backtick inside it can end early. Code spans render no HTML. */
export function markdownCode(raw: string): string {
  const text = printable(raw);
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return longest > 0 ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
}
