// The periodic job behind the raw-data retention: each round follows up erasure requests (rows of residents whose
// data was deleted that have finished since), scrubs what passed the retention, and deletes expired stubs — in
// batches, so a backlog of a million rows is many short transactions, never one giant one.
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import { createPollingLoop, type PollingLoop } from '../jobs/polling-loop.ts';
import { type ErasureCursor, followUpErasures } from './erasure.ts';
import { deleteExpiredBatch, scrubDueBatch } from './retention.ts';

export interface RawDataRetentionResult {
  /** Erasure requests completed: nothing of the resident's left unfinished or unscrubbed. */
  erasures: number;
  eventsScrubbed: number;
  messagesScrubbed: number;
  eventsDeleted: number;
  messagesDeleted: number;
}

export type RawDataRetentionLoop = PollingLoop<RawDataRetentionResult>;

export interface RawDataRetentionOptions {
  /** How often a round runs: also how soon a deleted resident's last pending message is scrubbed after it went. */
  pollMs: number;
  /** RAW_DATA_RETENTION_DAYS. */
  retentionDays: number;
  now?: (() => Date) | undefined;
  /** Rows per transaction. */
  batchSize?: number;
}

/** Runs `batch` until it returns fewer than `size` rows; returns the total. */
async function drain(size: number, batch: () => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await batch();
    total += n;
    if (n < size) return total;
  }
}

export async function runRetentionRound(
  pool: pg.Pool,
  now: Date,
  options: { retentionDays: number; batchSize: number },
): Promise<RawDataRetentionResult> {
  const result: RawDataRetentionResult = {
    erasures: 0,
    eventsScrubbed: 0,
    messagesScrubbed: 0,
    eventsDeleted: 0,
    messagesDeleted: 0,
  };
  let cursor: ErasureCursor | null = null;
  do {
    const step = await followUpErasures(pool, now, cursor);
    result.erasures += step.completed;
    result.eventsScrubbed += step.events;
    result.messagesScrubbed += step.messages;
    cursor = step.next;
  } while (cursor);

  const size = options.batchSize;
  const due = { retentionDays: options.retentionDays, limit: size };
  result.eventsScrubbed += await drain(size, () => scrubDueBatch(pool, 'events', now, due));
  result.messagesScrubbed += await drain(size, () => scrubDueBatch(pool, 'messages', now, due));
  // Messages first: an event is deleted only once no message refers to it.
  result.messagesDeleted += await drain(size, () => deleteExpiredBatch(pool, 'messages', now, size));
  result.eventsDeleted += await drain(size, () => deleteExpiredBatch(pool, 'events', now, size));
  return result;
}

export function createRawDataRetentionLoop(
  services: { pool: pg.Pool; log: FastifyBaseLogger },
  options: RawDataRetentionOptions,
): RawDataRetentionLoop {
  const batchSize = options.batchSize ?? 500;
  return createPollingLoop({
    name: 'raw data retention',
    pollMs: options.pollMs,
    log: services.log,
    now: options.now,
    async round(now) {
      const result = await runRetentionRound(services.pool, now, {
        retentionDays: options.retentionDays,
        batchSize,
      });
      if (Object.values(result).some((n) => n > 0)) services.log.info({ ...result }, 'raw data retention');
      return result;
    },
  });
}
