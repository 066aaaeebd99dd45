// The job `bousai.alerts`: starts new 避難情報 pushes and multicasts their batches with fixed retry keys, within
// the multicast rate limit it shares with the 子育て segment sender (one bucket per channel, through PostgreSQL).
// All state is in the database (leases cover a dead instance), so any number of instances may run it.
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import { createPollingLoop } from '../../../../jobs/polling-loop.ts';
import { sharedRateLimit } from '../../../../jobs/shared-rate-limit.ts';
import type { LineClient } from '../../../../line/client/index.ts';
import { type RetrySettings, retryDelayMs } from '../../../childcare/segments/deliver.ts';
import { TokenBucket } from '../../../childcare/segments/rate-limiter.ts';
import type { FeatureJob } from '../../../contract.ts';
import {
  type ClaimedAlertBatch,
  claimAlertBatch,
  finishAlertSends,
  recordAlertFailed,
  recordAlertRetry,
  recordAlertSent,
} from './batches.ts';
import { alertMessage } from './message.ts';
import { dueAlertSends, startAlertSend } from './start.ts';

export const ALERTS_JOB = 'bousai.alerts';

export interface AlertSenderOptions {
  pollMs?: number;
  /** Multicast requests per second, shared with every multicast sender of the channel (name `line:multicast`). */
  perSecond: number;
  now?: () => Date;
  concurrency?: number;
  leaseMs?: number;
  retry?: Partial<RetrySettings>;
  batchSize?: number;
}

// 避難情報 are urgent: retried sooner than 子育て notices (10 s doubling up to 2 min), given up after 8 claims.
const DEFAULT_RETRY: RetrySettings = { maxAttempts: 8, backoffMs: 10_000, maxBackoffMs: 120_000 };

function classify(error: unknown): { permanent: boolean; retryAfterMs: number | undefined; message: string } {
  const { status, code, retryAfterMs } = (error ?? {}) as {
    status?: unknown;
    code?: unknown;
    retryAfterMs?: unknown;
  };
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
  const permanent =
    code === 'MESSAGE_LIMIT' ||
    error instanceof RangeError ||
    (typeof status === 'number' && status >= 400 && status < 500 && status !== 429);
  return { permanent, retryAfterMs: typeof retryAfterMs === 'number' ? retryAfterMs : undefined, message };
}

export function createAlertSender(
  services: { pool: pg.Pool; line: LineClient | undefined; log: FastifyBaseLogger },
  options: AlertSenderOptions,
): FeatureJob {
  const { pool, line, log } = services;
  const clock = options.now ?? (() => new Date());
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const leaseMs = options.leaseMs ?? 300_000;
  const retry: RetrySettings = { ...DEFAULT_RETRY, ...options.retry };
  const bucket = new TokenBucket({ ratePerSecond: options.perSecond });
  const shared = sharedRateLimit(pool, 'line:multicast', options.perSecond);

  async function deliver(client: LineClient, batch: ClaimedAlertBatch, time: () => Date): Promise<void> {
    const where = { sendId: batch.sendId, batchNo: batch.batchNo, attempt: batch.attempts };
    let requestId: string | undefined;
    try {
      const result = await client.multicast(
        batch.userIds,
        [alertMessage(batch.texts, batch.language)],
        batch.retryKey,
        {
          beforeAttempt: async () => {
            await bucket.take();
            await shared.take();
          },
        },
      );
      requestId = result.requestId;
    } catch (error) {
      const failure = classify(error);
      if (failure.permanent || batch.attempts >= retry.maxAttempts) {
        log.error({ ...where, err: error }, '避難情報 batch failed; given up');
        await recordAlertFailed(pool, batch, time(), failure.message);
      } else {
        const delay = retryDelayMs(retry, batch.attempts, failure.retryAfterMs);
        log.warn({ ...where, err: error, retryInMs: delay }, '避難情報 batch failed; will retry');
        await recordAlertRetry(pool, batch, new Date(time().getTime() + delay), failure.message);
      }
      return;
    }
    await recordAlertSent(pool, batch, time(), requestId);
  }

  async function round(at: Date): Promise<{ started: number; finished: number }> {
    if (!line) return { started: 0, finished: 0 };
    const client = line;
    const time = () => at;
    let started = 0;
    for (const id of await dueAlertSends(pool)) {
      const batches = await startAlertSend(pool, id, at, options.batchSize);
      if (batches === null) continue;
      started += 1;
      log.info({ sendId: id, batches }, '避難情報 push started');
    }
    const worker = async () => {
      for (;;) {
        const batch = await claimAlertBatch(pool, at, new Date(at.getTime() + leaseMs));
        if (!batch) return;
        await deliver(client, batch, time);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    await shared.prune();
    return { started, finished: await finishAlertSends(pool, at) };
  }

  const loop = createPollingLoop({
    name: ALERTS_JOB,
    pollMs: options.pollMs ?? 5_000,
    log,
    now: clock,
    round,
  });
  // Rounds a staff action started: stop() waits for them too, so a closing app never leaves one half-way.
  const woken = new Set<Promise<unknown>>();
  return {
    name: ALERTS_JOB,
    start: () => loop.start(),
    async stop() {
      await loop.stop();
      await Promise.allSettled([...woken]);
    },
    runOnce: (now?: Date) => loop.runOnce(now),
    wake() {
      const run = loop
        .runOnce()
        .catch((error: unknown) => log.warn({ err: error }, `${ALERTS_JOB} failed`))
        .finally(() => woken.delete(run));
      woken.add(run);
    },
  };
}
