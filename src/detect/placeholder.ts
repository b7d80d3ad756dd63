// Placeholders are not keys: `AKIAXXXXXXXXXXXXXXXX`, `<secret>` padded with one letter, `ABCDEFGH…`.
// Both checks are chosen so that a random key fails them with negligible odds (see the constants).

/**
 * 6 identical characters in a row: the placeholder mark the brief sets. A random 16-char base32 body has it with odds
 * about 11 × 32⁻⁵ ≈ 3 × 10⁻⁷; a random 40-char secret about 35 × 64⁻⁵ ≈ 3 × 10⁻⁸.
 */
const MAX_IDENTICAL_RUN = 5;

/**
 * 8 characters in alphabet order (`ABCDEFGH`, `stuvwxyz`, `23456789` forwards or backwards). Longer than the identical
 * run because a run of 6 would cost a real id about 7 × 10⁻⁷; at 8 the odds are below 10⁻⁹.
 */
const MAX_SEQUENTIAL_RUN = 7;

/** Whether `value` has more than `MAX_IDENTICAL_RUN` identical characters in a row. */
export function hasIdenticalRun(value: string): boolean {
  let run = 1;
  for (let i = 1; i < value.length; i++) {
    run = value.charCodeAt(i) === value.charCodeAt(i - 1) ? run + 1 : 1;
    if (run > MAX_IDENTICAL_RUN) return true;
  }
  return false;
}

/** Whether `value` has more than `MAX_SEQUENTIAL_RUN` characters whose codes step by +1 (or by -1) in a row. */
export function hasSequentialRun(value: string): boolean {
  let up = 1;
  let down = 1;
  for (let i = 1; i < value.length; i++) {
    const step = value.charCodeAt(i) - value.charCodeAt(i - 1);
    up = step === 1 ? up + 1 : 1;
    down = step === -1 ? down + 1 : 1;
    if (up > MAX_SEQUENTIAL_RUN || down > MAX_SEQUENTIAL_RUN) return true;
  }
  return false;
}

export function isPlaceholder(value: string): boolean {
  return hasIdenticalRun(value) || hasSequentialRun(value);
}
