// Sends one claimed batch as one multicast with the batch's retry key, and records the outcome: sent
// (also when LINE says the key was already accepted), retried later with backoff, or failed for good.
import type { messagingApi } from '@line/bot-sdk';
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import type { LineClient } from '../../../line/client/index.ts';
import { type ClaimedBatch, recordFailed, recordRetry, recordSent } from './batches.ts';
import type { SegmentTexts } from './types.ts';

export interface RetrySettings {
  /** Claims of one batch before it is given up after failures that might pass (429, 5xx, no answer). */
  maxAttempts: number;
  /** Wait before the second claim; doubles per attempt up to maxBackoffMs. */
  backoffMs: number;
  maxBackoffMs: number;
}

export interface DeliverContext {
  pool: pg.Pool;
  line: LineClient;
  log: FastifyBaseLogger;
  retry: RetrySettings;
  /** Resolves when the next request may go out (the rate limit); awaited before every attempt. */
  beforeSend: () => Promise<void>;
  now: () => Date;
}

/** The batch's text: its language's, else the Japanese one. */
export function batchMessage(texts: SegmentTexts, language: string): messagingApi.TextMessage {
  const text = (texts as Record<string, string | undefined>)[language] ?? texts.ja;
  return { type: 'text', text };
}

interface Failure {
  permanent: boolean;
  retryAfterMs: number | undefined;
  message: string;
}

/** A 4xx other than 429 fails the same way again, and so does a message breaking LINE's limits. */
function classify(error: unknown): Failure {
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

export function retryDelayMs(settings: RetrySettings, attempts: number, retryAfterMs?: number): number {
  const backoff = Math.min(settings.maxBackoffMs, settings.backoffMs * 2 ** Math.max(0, attempts - 1));
  return Math.max(backoff, retryAfterMs ?? 0);
}

export async function deliverBatch(context: DeliverContext, batch: ClaimedBatch): Promise<void> {
  const { pool, line, log, retry } = context;
  const where = { sendId: batch.sendId, batchNo: batch.batchNo, attempt: batch.attempts };
  let requestId: string | undefined;
  try {
    // The client itself retries 429/5xx a few times with the same key (a 409 for an accepted key is success);
    // every attempt, retries included, waits for the rate limiter.
    const result = await line.multicast(
      batch.userIds,
      [batchMessage(batch.texts, batch.language)],
      batch.retryKey,
      { beforeAttempt: context.beforeSend },
    );
    requestId = result.requestId;
  } catch (error) {
    const failure = classify(error);
    const giveUp = failure.permanent || batch.attempts >= retry.maxAttempts;
    if (giveUp) {
      log.error({ ...where, err: error }, 'segment batch failed; given up');
      await recordFailed(pool, batch, context.now(), failure.message);
    } else {
      const delay = retryDelayMs(retry, batch.attempts, failure.retryAfterMs);
      log.warn({ ...where, err: error, retryInMs: delay }, 'segment batch failed; will retry');
      await recordRetry(pool, batch, new Date(context.now().getTime() + delay), failure.message);
    }
    return;
  }
  await recordSent(pool, batch, context.now(), requestId);
}
