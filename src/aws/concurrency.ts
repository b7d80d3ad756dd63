// How many AWS calls run at once, and how often: a tiny worker pool and a rate gate. No dependency.

/**
 * Run `task` for every item with at most `limit` running at once. Tasks must not throw (they own their errors);
 * if one does, the pool still finishes the others and then rethrows the first error.
 */
export async function forEachBounded<T>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let firstError: { error: unknown } | null = null;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      try {
        await task(items[index] as T, index);
      } catch (error) {
        firstError ??= { error };
      }
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker);
  await Promise.all(workers);
  if (firstError) throw (firstError as { error: unknown }).error;
}

/** Spaces out starts of an operation to at most `perSecond` (CloudTrail LookupEvents allows 2 per second). */
export class RateGate {
  #nextAt = 0;
  readonly #gapMs: number;

  constructor(perSecond: number) {
    this.#gapMs = 1000 / perSecond;
  }

  async wait(): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.#nextAt);
    this.#nextAt = at + this.#gapMs;
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
  }
}
