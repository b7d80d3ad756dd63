// Throttling is shared: every AWS call of a run draws its retries from one budget, so a run that AWS throttles
// backs off as a whole instead of each call retrying on its own (40 throttled keys make 40 calls and a few retries,
// not 120). Each service's client keeps the SDK's own adaptive retry mode (backoff, and a rate limiter that slows
// that client's sends after a throttle); the budget only decides whether a retry may happen at all.
import { AdaptiveRetryStrategy, DefaultRateLimiter } from '@smithy/core/retry';
import type { RetryErrorInfo, RetryStrategyV2, RetryToken, StandardRetryToken } from '@smithy/types';

/** Retries a run may make while nothing succeeds. */
const RETRY_BUDGET = 10;
/** What a first-try success earns back: the SDK's own ratio (a retry costs 5 of its tokens, a success returns 1). */
const SUCCESS_REFUND = 0.2;
/**
 * Sends per second the SDK's rate limiter may fall to after a throttle. Its own floor is 0.5, and it falls there
 * whenever the first throttle comes before it has measured a send rate (its first half second), which in a run
 * of a few seconds is nearly always: at one call per two seconds a run would outlast its deadline.
 */
const MIN_SEND_RATE = 5;

/** The run's retries: one instance per session, shared by all its clients. */
export class RetryBudget {
  #left = RETRY_BUDGET;

  /** Take one retry; false when none is left. */
  take(): boolean {
    if (this.#left < 1) return false;
    this.#left -= 1;
    return true;
  }

  giveBack(amount: number): void {
    this.#left = Math.min(RETRY_BUDGET, this.#left + amount);
  }
}

/** The SDK's adaptive retry strategy for one client, drawing its retries from the run's budget. */
export class BudgetedRetryStrategy implements RetryStrategyV2 {
  readonly #limiter = new DefaultRateLimiter({ minFillRate: MIN_SEND_RATE });
  readonly #adaptive: AdaptiveRetryStrategy;

  constructor(
    readonly budget: RetryBudget,
    maxAttempts: number,
  ) {
    this.#adaptive = new AdaptiveRetryStrategy(maxAttempts, { maxAttempts, rateLimiter: this.#limiter });
  }

  async acquireInitialRetryToken(scope: string): Promise<RetryToken> {
    return this.#adaptive.acquireInitialRetryToken(scope);
  }

  async refreshRetryTokenForRetry(token: RetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken> {
    if (!this.budget.take()) {
      // No retry, but the limiter still learns that AWS is throttling.
      this.#limiter.updateClientSendingRate(errorInfo);
      throw new Error("no retry left: the run's retry budget is spent");
    }
    try {
      // Tokens come from #adaptive itself, so they are its StandardRetryTokens.
      return await this.#adaptive.refreshRetryTokenForRetry(token as StandardRetryToken, errorInfo);
    } catch (error) {
      // Not retried after all (not retryable, or the call's attempts are used up).
      this.budget.giveBack(1);
      throw error;
    }
  }

  recordSuccess(token: RetryToken): void {
    this.#adaptive.recordSuccess(token as StandardRetryToken);
    this.budget.giveBack(token.getRetryCount() > 0 ? 1 : SUCCESS_REFUND);
  }
}
