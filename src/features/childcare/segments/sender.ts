// Segment delivery: starts due sends and multicasts their batches with fixed retry keys, within this
// instance's share of LINE's rate limit. All state is in the database (leases cover a crashed instance), so
// any number of instances may run it; a round at a chosen time (runOnce) serves tests and tools.
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import { sharedRateLimit } from '../../../jobs/shared-rate-limit.ts';
import type { LineClient } from '../../../line/client/index.ts';
import { claimBatch, finishSends } from './batches.ts';
import { type DeliverContext, deliverBatch, type RetrySettings } from './deliver.ts';
import { TokenBucket } from './rate-limiter.ts';
import { dueSends, startSend } from './start.ts';
import { MAX_BATCH } from './types.ts';

export interface SegmentSenderOptions {
  pollMs: number;
  /**
   * Multicast requests per second the channel's segment senders stay under, all instances together: every
   * request — a batch's first attempt, the LINE client's quick retries inside one call, a batch claimed again
   * later — takes a token of this instance's bucket (even spacing) and then a slot of the second shared
   * through PostgreSQL (the limit across instances).
   */
  perSecond: number;
  now?: () => Date;
  /** Multicasts in flight at once; default 4. */
  concurrency?: number;
  /**
   * How long a claimed batch is ours; after that (its instance died) any instance sends it again with the same
   * retry key. Default 5 minutes: longer than the LINE client's own retries (≤ 5 attempts, Retry-After ≤ 60 s).
   */
  leaseMs?: number;
  /** Batch retries after the client's own retries failed; defaults 6 claims, 30 s doubling up to 10 min. */
  retry?: Partial<RetrySettings>;
  /** Recipients per multicast, ≤ 500 (smaller only for tests and benchmarks). */
  batchSize?: number;
}

export interface SegmentSender {
  start(): void;
  stop(): Promise<void>;
  /** Look for due sends and open batches now (after staff schedule a send). */
  wake(): void;
  /** One full round at `now`: starts due sends, sends every batch it can claim; resolves when done. */
  runOnce(now?: Date): Promise<void>;
}

const DUE_PER_QUERY = 20;
const DEFAULT_RETRY: RetrySettings = { maxAttempts: 6, backoffMs: 30_000, maxBackoffMs: 600_000 };

export function createSegmentSender(
  services: { pool: pg.Pool; line: LineClient | undefined; log: FastifyBaseLogger },
  options: SegmentSenderOptions,
): SegmentSender {
  const { pool, line, log } = services;
  const clock = options.now ?? (() => new Date());
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const leaseMs = options.leaseMs ?? 300_000;
  const batchSize = Math.min(MAX_BATCH, Math.max(1, options.batchSize ?? MAX_BATCH));
  const retry: RetrySettings = { ...DEFAULT_RETRY, ...options.retry };
  const bucket = new TokenBucket({ ratePerSecond: options.perSecond });
  const shared = sharedRateLimit(pool, 'line:multicast', options.perSecond);
  const rounds = new Set<Promise<void>>();
  let running = false;
  let stopping = false;
  let wakeRequested = false;
  let wakeUp: (() => void) | undefined;
  let loopDone: Promise<void> = Promise.resolve();

  async function startDue(time: () => Date): Promise<void> {
    for (;;) {
      const ids = await dueSends(pool, time(), DUE_PER_QUERY);
      let started = 0;
      for (const id of ids) {
        const batches = await startSend(pool, id, time(), batchSize);
        if (batches === null) continue;
        started += 1;
        log.info({ sendId: id, batches }, 'segment send started');
      }
      // Look again only while this instance is starting full pages of sends.
      if (started === 0 || ids.length < DUE_PER_QUERY) return;
    }
  }

  async function worker(context: DeliverContext, time: () => Date): Promise<void> {
    while (!stopping) {
      const now = time();
      const batch = await claimBatch(pool, now, new Date(now.getTime() + leaseMs));
      if (!batch) return;
      await deliverBatch(context, batch);
    }
  }

  async function round(client: LineClient, at: Date | undefined): Promise<void> {
    // A round at a given time keeps that time throughout; otherwise each step reads the clock.
    const time = at ? () => at : clock;
    await startDue(time);
    const context: DeliverContext = {
      pool,
      line: client,
      log,
      retry,
      beforeSend: async () => {
        await bucket.take();
        await shared.take();
      },
      now: time,
    };
    await Promise.all(Array.from({ length: concurrency }, () => worker(context, time)));
    await shared.prune();
    const finished = await finishSends(pool, time());
    if (finished > 0) log.info({ sends: finished }, 'segment sends finished');
  }

  function runOnce(at?: Date): Promise<void> {
    if (!line) return Promise.resolve();
    const current = round(line, at).finally(() => rounds.delete(current));
    rounds.add(current);
    return current;
  }

  function sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(finish, ms);
      wakeUp = finish;
      function finish() {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      }
    });
  }

  async function loop(): Promise<void> {
    while (running) {
      wakeRequested = false;
      try {
        await runOnce();
      } catch (error) {
        log.warn({ err: error }, 'segment sending round failed; retrying after the poll interval');
      }
      if (running && !wakeRequested) await sleep(options.pollMs);
    }
  }

  return {
    start() {
      if (running) return;
      if (!line) {
        log.info('no LINE channel: segment sends stay scheduled until one is configured');
        return;
      }
      running = true;
      stopping = false;
      loopDone = loop();
    },
    async stop() {
      running = false;
      // Batches already claimed finish (their leases are ours); no new claim starts.
      stopping = true;
      wakeUp?.();
      await loopDone;
      while (rounds.size > 0) await Promise.allSettled([...rounds]);
    },
    wake() {
      wakeRequested = true;
      wakeUp?.();
    },
    runOnce,
  };
}
