// A background loop that leases work from the database and runs it: woken at once when work is added here,
// polling otherwise (work left by a crashed instance, retries that come due). Claims come in batches (one
// round trip for many items); items with the same key run one after another, in order; others in parallel.
import type { FastifyBaseLogger } from 'fastify';

export interface ClaimLoopOptions<T> {
  name: string;
  /** Items running at once. About as many again are claimed ahead, so a claim is worth its round trip. */
  concurrency: number;
  pollMs: number;
  log: FastifyBaseLogger;
  claim(limit: number): Promise<T[]>;
  /** Runs once per claimed batch before its items start (e.g. to load what they need in one query). */
  prepare?(items: T[]): Promise<void>;
  groupKey(item: T): string;
  handle(item: T): Promise<void>;
}

export class ClaimLoop<T> {
  private running = false;
  private wakeRequested = false;
  private wakeUp: (() => void) | undefined;
  private loopDone: Promise<void> = Promise.resolve();
  /** Claimed, not started yet, in claim order. */
  private readonly buffer: T[] = [];
  private readonly runningKeys = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly options: ClaimLoopOptions<T>;

  constructor(options: ClaimLoopOptions<T>) {
    this.options = options;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = this.loop();
  }

  wake(): void {
    this.wakeRequested = true;
    this.wakeUp?.();
  }

  /** Stops claiming, then finishes the work already claimed (its leases are ours). */
  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loopDone;
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async loop(): Promise<void> {
    const { concurrency, log, name } = this.options;
    while (this.running) {
      this.wakeRequested = false;
      const held = this.buffer.length + this.runningKeys.size;
      // Claim only once at most half of what may be held is left: each claim then brings a real batch.
      const limit = held <= concurrency ? 2 * concurrency - held : 0;
      let claimed = 0;
      if (limit > 0) {
        try {
          const items = await this.options.claim(limit);
          claimed = items.length;
          if (items.length > 0) {
            await this.options.prepare?.(items).catch((error: unknown) => {
              log.warn(
                { err: error, loop: name },
                'preparing a batch failed; items load what they need themselves',
              );
            });
          }
          this.buffer.push(...items);
          this.pump();
        } catch (error) {
          log.warn({ err: error, loop: name }, 'claiming work failed; retrying after the poll interval');
        }
      }
      const mayBeMore = limit > 0 && claimed === limit;
      if (!mayBeMore && !this.wakeRequested && this.running) await this.sleep(this.options.pollMs);
    }
  }

  private pump(): void {
    for (let i = 0; i < this.buffer.length && this.runningKeys.size < this.options.concurrency; ) {
      const item = this.buffer[i] as T;
      const key = this.options.groupKey(item);
      if (this.runningKeys.has(key)) {
        i += 1;
        continue;
      }
      this.buffer.splice(i, 1);
      this.run(item, key);
    }
  }

  private run(item: T, key: string): void {
    this.runningKeys.add(key);
    const done = this.options
      .handle(item)
      .catch((error: unknown) => {
        this.options.log.error({ err: error, loop: this.options.name }, 'work item failed unexpectedly');
      })
      .finally(() => {
        this.runningKeys.delete(key);
        this.inFlight.delete(done);
        this.pump();
        this.wake();
      });
    this.inFlight.add(done);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(finish, ms);
      this.wakeUp = finish;
      function finish() {
        clearTimeout(timer);
        resolve();
      }
    }).then(() => {
      this.wakeUp = undefined;
    });
  }
}
