// Backoff and Retry-After handling of the LINE client.
import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../src/line/client/errors.ts';
import { loadingSeconds } from '../../src/line/client/fetch.ts';
import { backoffDelay, retryPolicy } from '../../src/line/client/retry.ts';

describe('backoffDelay', () => {
  const policy = retryPolicy({ baseDelayMs: 100, maxDelayMs: 1000 });

  it('draws a full-jitter delay under an exponential ceiling capped by maxDelayMs', () => {
    for (let attempt = 1; attempt <= 8; attempt++) {
      const ceiling = Math.min(1000, 100 * 2 ** (attempt - 1));
      for (let i = 0; i < 50; i++) {
        const delay = backoffDelay(policy, attempt, undefined);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(ceiling);
      }
    }
  });

  it('waits what Retry-After says, up to a minute', () => {
    expect(backoffDelay(policy, 1, 0)).toBe(0);
    expect(backoffDelay(policy, 1, 3000)).toBe(3000);
    expect(backoffDelay(policy, 1, 3_600_000)).toBe(60_000);
  });

  it('has the documented defaults', () => {
    expect(retryPolicy(undefined)).toEqual({ maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 5000 });
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('0')).toBe(0);
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    expect(parseRetryAfter(inTenSeconds)).toBeGreaterThan(8000);
    expect(parseRetryAfter(new Date(0).toUTCString())).toBe(0);
  });
});

describe('loadingSeconds', () => {
  it('rounds up to LINE’s 5-second steps within 5..60', () => {
    expect([0, 1, 5, 7, 20, 59, 61, Number.NaN].map(loadingSeconds)).toEqual([5, 5, 5, 10, 20, 60, 60, 20]);
  });
});
