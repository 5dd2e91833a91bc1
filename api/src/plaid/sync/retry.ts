import { describePlaidError, isRetryable, type PlaidFailure } from "../client";

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 250, maxDelayMs: 8_000 };

export class PlaidCallError extends Error {
  constructor(readonly failure: PlaidFailure) {
    super(`${failure.errorCode}: ${failure.message}`);
  }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Exponential backoff with full jitter on 429, 5xx and network failures. Anything else
 * is rethrown at once as a PlaidCallError, which carries no request config.
 */
export async function withRetry<T>(call: () => Promise<T>, policy: RetryPolicy, onRetry?: () => void): Promise<T> {
  const sleep = policy.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const failure = describePlaidError(error);
      if (!isRetryable(failure) || attempt >= policy.attempts) throw new PlaidCallError(failure);
      onRetry?.();
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      await sleep(Math.random() * ceiling);
    }
  }
}
