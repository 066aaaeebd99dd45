// A token bucket: at most `ratePerSecond` takes per second on average, with bursts of at most `burst`.
// Callers are served in the order they asked; the clock and the sleep are injectable for tests.
import { setTimeout as sleepMs } from 'node:timers/promises';

export interface TokenBucketOptions {
  ratePerSecond: number;
  /** Tokens that may build up while idle (the largest burst); default 1: requests evenly spaced. */
  burst?: number;
  /** Milliseconds on a monotonic clock. */
  now?: () => number;
  sleep?: (ms: number) => Promise<unknown>;
}

export class TokenBucket {
  private readonly rate: number;
  private readonly burst: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<unknown>;
  private tokens: number;
  private updatedAt: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(options: TokenBucketOptions) {
    if (!(options.ratePerSecond > 0)) throw new RangeError('ratePerSecond must be positive');
    this.rate = options.ratePerSecond;
    this.burst = Math.max(1, options.burst ?? 1);
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? sleepMs;
    this.tokens = this.burst;
    this.updatedAt = this.now();
  }

  /** Resolves when a token was taken. */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.acquire());
    this.queue = turn;
    return turn;
  }

  private refill(): void {
    const at = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((at - this.updatedAt) * this.rate) / 1000);
    this.updatedAt = at;
  }

  private async acquire(): Promise<void> {
    for (;;) {
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.sleep(Math.ceil(((1 - this.tokens) * 1000) / this.rate));
    }
  }
}
