// A background loop that leases work from the database and runs it: woken at once when work is added here,
// polling otherwise (work left by a crashed instance, retries that come due), with bounded concurrency.
import type { FastifyBaseLogger } from 'fastify';

export interface ClaimLoopOptions<T> {
  name: string;
  concurrency: number;
  pollMs: number;
  log: FastifyBaseLogger;
  claim(limit: number): Promise<T[]>;
  /** Items with the same key run one after another, in the order claimed; different keys run in parallel. */
  groupKey(item: T): string;
  handle(item: T): Promise<void>;
}

export class ClaimLoop<T> {
  private running = false;
  private active = 0;
  private wakeRequested = false;
  private wakeUp: (() => void) | undefined;
  private loopDone: Promise<void> = Promise.resolve();
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

  /** Stops claiming, then waits for the work already claimed to finish. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loopDone;
    await Promise.allSettled([...this.inFlight]);
  }

  private async loop(): Promise<void> {
    const { log, name } = this.options;
    while (this.running) {
      this.wakeRequested = false;
      const capacity = this.options.concurrency - this.active;
      let claimedCount = 0;
      if (capacity > 0) {
        try {
          const items = await this.options.claim(capacity);
          claimedCount = items.length;
          this.dispatch(items);
        } catch (error) {
          log.warn({ err: error, loop: name }, 'claiming work failed; retrying after the poll interval');
        }
      }
      // A full claim may have left more work waiting: claim again at once. Otherwise wait for news.
      const full = capacity > 0 && claimedCount === capacity;
      if (!full && !this.wakeRequested && this.running) await this.sleep(this.options.pollMs);
    }
  }

  private dispatch(items: T[]): void {
    const groups = new Map<string, T[]>();
    for (const item of items) {
      const key = this.options.groupKey(item);
      const group = groups.get(key);
      if (group) group.push(item);
      else groups.set(key, [item]);
    }
    for (const group of groups.values()) {
      this.active += 1;
      const run = this.runGroup(group).finally(() => {
        this.active -= 1;
        this.inFlight.delete(run);
        this.wake();
      });
      this.inFlight.add(run);
    }
  }

  private async runGroup(group: T[]): Promise<void> {
    for (const item of group) {
      try {
        await this.options.handle(item);
      } catch (error) {
        this.options.log.error({ err: error, loop: this.options.name }, 'work item failed unexpectedly');
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      const wakeUp = () => done();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = wakeUp;
    }).then(() => {
      this.wakeUp = undefined;
    });
  }
}
