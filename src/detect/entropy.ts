// Shannon entropy of a candidate value: random keys score high, words, placeholders and repeated text low.

const ASCII = 128;
/** Reused between calls: this runs once per candidate on the detector's hot path. */
const counts = new Uint32Array(ASCII);

/** Shannon entropy in bits per character (0 for the empty string). */
export function shannonEntropy(value: string): number {
  const length = value.length;
  if (length === 0) return 0;
  let other: Map<number, number> | null = null;
  counts.fill(0);
  for (let i = 0; i < length; i++) {
    const code = value.charCodeAt(i);
    if (code < ASCII) counts[code]! += 1;
    else (other ??= new Map()).set(code, (other.get(code) ?? 0) + 1);
  }
  let entropy = 0;
  const add = (count: number): void => {
    const p = count / length;
    entropy -= p * Math.log2(p);
  };
  for (let code = 0; code < ASCII; code++) if (counts[code]! > 0) add(counts[code]!);
  if (other) for (const count of other.values()) add(count);
  return entropy;
}
