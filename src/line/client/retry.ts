// Retries LINE calls on 429, 5xx and network errors: exponential backoff, full jitter, Retry-After.
import { setTimeout as sleep } from 'node:timers/promises';
import { type LineApiError, toLineApiError } from './errors.ts';
import type { LineClientLogger, RetryOptions } from './types.ts';

// A Retry-After longer than this is not worth holding a webhook job for; the caller's own retry takes over.
const MAX_RETRY_AFTER_MS = 60_000;

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export function retryPolicy(options: RetryOptions | undefined): RetryPolicy {
  return {
    maxAttempts: Math.max(1, options?.maxAttempts ?? 5),
    baseDelayMs: Math.max(0, options?.baseDelayMs ?? 200),
    maxDelayMs: Math.max(0, options?.maxDelayMs ?? 5000),
  };
}

/** Full jitter (AWS): a random wait up to the exponential ceiling, so many clients do not retry in step. */
export function backoffDelay(policy: RetryPolicy, attempt: number, retryAfterMs: number | undefined): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(Math.random() * ceiling);
}

export interface CallContext {
  policy: RetryPolicy;
  logger: LineClientLogger;
}

/**
 * Runs `call` until it succeeds, fails for good, or runs out of attempts. `settle` may turn an error
 * into a result (a 409 for an already accepted retry key is a success, not a failure).
 */
export async function callWithRetry<T>(
  operation: string,
  call: () => Promise<T>,
  context: CallContext,
  settle?: (error: LineApiError) => T | undefined,
): Promise<T> {
  const { policy, logger } = context;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (thrown) {
      const error = toLineApiError(thrown, operation);
      const log = { operation, status: error.status, requestId: error.requestId, body: error.body, attempt };
      const settled = settle?.(error);
      if (settled !== undefined) {
        logger.info(log, `LINE ${operation}: answer ${error.status} handled as a result`);
        return settled;
      }
      const willRetry = error.retryable && attempt < policy.maxAttempts;
      if (!willRetry) {
        logger.error(log, `LINE ${operation} failed`);
        throw error;
      }
      const delayMs = backoffDelay(policy, attempt, error.retryAfterMs);
      logger.warn({ ...log, delayMs }, `LINE ${operation} failed; retrying`);
      await sleep(delayMs);
    }
  }
}
