// The reminder job: each round plans the reminders due now and multicasts every batch it can claim, with the
// batch's fixed retry key, within the channel's multicast rate limit shared with the segment sender (one
// per-instance token bucket, then a slot of the second counted in PostgreSQL across instances). A failure that
// may pass (429, 5xx, no answer) is retried later with the same key; a batch past its collection time is not sent.
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import { createPollingLoop } from '../../../jobs/polling-loop.ts';
import { sharedRateLimit } from '../../../jobs/shared-rate-limit.ts';
import type { LineClient } from '../../../line/client/index.ts';
import { TokenBucket } from '../../childcare/segments/rate-limiter.ts';
import { cityInstant } from '../calendar/dates.ts';
import type { GomiDataset } from '../dataset/types.ts';
import {
  type ClaimedReminderBatch,
  claimReminderBatch,
  recordReminderFailed,
  recordReminderRetry,
  recordReminderSent,
} from './batches.ts';
import { COLLECTION_MINUTES, type PlanResult, planReminders } from './plan.ts';

export interface ReminderSenderOptions {
  pollMs: number;
  /** Multicast requests per second, all instances and senders together (the segment sender's setting). */
  perSecond: number;
  now?: () => Date;
  concurrency?: number;
  leaseMs?: number;
  maxAttempts?: number;
  backoffMs?: number;
  maxBackoffMs?: number;
}

export interface ReminderRound extends PlanResult {
  sent: number;
  retried: number;
  failed: number;
}

function classify(error: unknown): { permanent: boolean; retryAfterMs: number | undefined; message: string } {
  const { status, retryAfterMs } = (error ?? {}) as { status?: unknown; retryAfterMs?: unknown };
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
  const permanent =
    error instanceof RangeError ||
    (typeof status === 'number' && status >= 400 && status < 500 && status !== 429);
  return { permanent, retryAfterMs: typeof retryAfterMs === 'number' ? retryAfterMs : undefined, message };
}

export function createReminderSender(
  services: { pool: pg.Pool; line: LineClient | undefined; log: FastifyBaseLogger },
  dataset: () => Promise<GomiDataset>,
  options: ReminderSenderOptions,
) {
  const { pool, line, log } = services;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const leaseMs = options.leaseMs ?? 300_000;
  const maxAttempts = options.maxAttempts ?? 6;
  const backoffMs = options.backoffMs ?? 30_000;
  const maxBackoffMs = options.maxBackoffMs ?? 600_000;
  const bucket = new TokenBucket({ ratePerSecond: options.perSecond });
  // The same name as the segment sender's: both multicast on one channel, under one limit.
  const shared = sharedRateLimit(pool, 'line:multicast', options.perSecond);

  async function deliver(client: LineClient, batch: ClaimedReminderBatch, now: Date, tally: ReminderRound) {
    if (now.getTime() > cityInstant(batch.collectionDate, COLLECTION_MINUTES).getTime()) {
      await recordReminderFailed(pool, batch, 'the collection time passed before it could be sent');
      tally.failed += 1;
      return;
    }
    try {
      const result = await client.multicast(
        batch.userIds,
        [{ type: 'text', text: batch.text }],
        batch.retryKey,
        {
          beforeAttempt: async () => {
            await bucket.take();
            await shared.take();
          },
        },
      );
      await recordReminderSent(pool, batch, now, result.requestId);
      tally.sent += 1;
    } catch (error) {
      const failure = classify(error);
      if (failure.permanent || batch.attempts >= maxAttempts) {
        log.error({ batchId: batch.id, err: error }, 'ごみ reminder batch failed; given up');
        await recordReminderFailed(pool, batch, failure.message);
        tally.failed += 1;
        return;
      }
      const backoff = Math.min(maxBackoffMs, backoffMs * 2 ** Math.max(0, batch.attempts - 1));
      const delay = Math.max(backoff, failure.retryAfterMs ?? 0);
      log.warn({ batchId: batch.id, err: error, retryInMs: delay }, 'ごみ reminder batch failed; will retry');
      await recordReminderRetry(pool, batch, new Date(now.getTime() + delay), failure.message);
      tally.retried += 1;
    }
  }

  async function round(now: Date): Promise<ReminderRound> {
    const planned = await planReminders(pool, await dataset(), now);
    const tally: ReminderRound = { ...planned, sent: 0, retried: 0, failed: 0 };
    const client = line;
    if (!client) return tally;
    const worker = async () => {
      for (;;) {
        const batch = await claimReminderBatch(pool, now, new Date(now.getTime() + leaseMs));
        if (!batch) return;
        await deliver(client, batch, now, tally);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    await shared.prune();
    return tally;
  }

  return createPollingLoop<ReminderRound>({
    name: 'gomi reminders',
    pollMs: options.pollMs,
    log,
    now: options.now,
    round,
  });
}
