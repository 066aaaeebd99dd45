// The batch queue: claiming one multicast (a pending batch that is due, or one whose lease ran out because
// its instance died) and recording how it went. Each claim adds an attempt, and that count fences the
// outcome: an instance whose lease was taken over cannot overwrite the newer attempt's failure.
import type pg from 'pg';
import { type Queryable, transact } from '../../../db/transact.ts';
import type { SegmentTexts } from './types.ts';

export interface ClaimedBatch {
  sendId: string;
  batchNo: number;
  language: string;
  retryKey: string;
  /** This claim's attempt number (the fence for recording its outcome). */
  attempts: number;
  texts: SegmentTexts;
  userIds: string[];
}

const CLAIM = `
  WITH next AS (
    SELECT send_id, batch_no
      FROM childcare_segment_batches
     WHERE (status = 'pending' AND available_at <= $1) OR (status = 'sending' AND lease_until < $1)
     ORDER BY available_at, send_id, batch_no
     LIMIT 1
     FOR UPDATE SKIP LOCKED
  )
  UPDATE childcare_segment_batches b
     SET status = 'sending', attempts = b.attempts + 1, lease_until = $2
    FROM next, childcare_segment_sends s
   WHERE b.send_id = next.send_id AND b.batch_no = next.batch_no AND s.id = b.send_id
  RETURNING b.send_id::text, b.batch_no, b.language, b.retry_key::text, b.attempts, s.texts`;

const DROP_NO_LONGER_ELIGIBLE = `
  UPDATE childcare_segment_recipients r
     SET status = CASE WHEN u.followed IS NOT TRUE THEN 'blocked' ELSE 'withdrawn' END,
         batch_no = CASE WHEN u.followed IS NOT TRUE THEN NULL ELSE r.batch_no END
    FROM childcare_segment_recipients me
    LEFT JOIN line_users u ON u.user_id = me.user_id
   WHERE me.send_id = $1 AND me.batch_no = $2 AND me.status = 'pending'
     AND r.send_id = me.send_id AND r.user_id = me.user_id
     AND (u.followed IS NOT TRUE
          OR NOT EXISTS (SELECT 1 FROM childcare_parents p WHERE p.user_id = me.user_id))`;

/** Leases the next batch due at `now` until `leaseUntil`, with its recipients; null when none is due. */
export async function claimBatch(pool: pg.Pool, now: Date, leaseUntil: Date): Promise<ClaimedBatch | null> {
  return transact(pool, async (tx) => {
    const { rows } = await tx.query<{
      send_id: string;
      batch_no: number;
      language: string;
      retry_key: string;
      attempts: number;
      texts: SegmentTexts;
    }>(CLAIM, [now, leaseUntil]);
    const row = rows[0];
    if (!row) return null;
    // Recipients were fixed when the send started; one who blocked the account or withdrew consent since
    // then is not sent to (withdrawing means no more messages about children). A retried batch keeps its key.
    await tx.query(DROP_NO_LONGER_ELIGIBLE, [row.send_id, row.batch_no]);
    const recipients = await tx.query<{ user_id: string }>(
      `SELECT user_id FROM childcare_segment_recipients
        WHERE send_id = $1 AND batch_no = $2 AND status = 'pending' ORDER BY user_id`,
      [row.send_id, row.batch_no],
    );
    return {
      sendId: row.send_id,
      batchNo: row.batch_no,
      language: row.language,
      retryKey: row.retry_key,
      attempts: row.attempts,
      texts: row.texts,
      userIds: recipients.rows.map((r) => r.user_id),
    };
  });
}

/** LINE accepted the batch (now or on an earlier attempt): it and its recipients are sent, whoever holds it. */
export async function recordSent(
  pool: pg.Pool,
  batch: ClaimedBatch,
  now: Date,
  requestId: string | undefined,
): Promise<void> {
  await transact(pool, async (tx) => {
    const updated = await tx.query(
      `UPDATE childcare_segment_batches
          SET status = 'sent', sent_at = $3, request_id = $4, lease_until = NULL, last_error = NULL
        WHERE send_id = $1 AND batch_no = $2 AND status <> 'sent'`,
      [batch.sendId, batch.batchNo, now, requestId ?? null],
    );
    if (updated.rowCount === 0) return;
    await setRecipients(tx, batch, 'sent');
    await finishSend(tx, batch.sendId, now);
  });
}

/** A failure that may pass: the batch waits until `retryAt` and is claimed again with the same retry key. */
export async function recordRetry(
  pool: pg.Pool,
  batch: ClaimedBatch,
  retryAt: Date,
  error: string,
): Promise<void> {
  await pool.query(
    `UPDATE childcare_segment_batches
        SET status = 'pending', available_at = $4, lease_until = NULL, last_error = $5
      WHERE send_id = $1 AND batch_no = $2 AND status = 'sending' AND attempts = $3`,
    [batch.sendId, batch.batchNo, batch.attempts, retryAt, error],
  );
}

/** Given up (a permanent error, or out of attempts): the batch and its recipients are failed. */
export async function recordFailed(
  pool: pg.Pool,
  batch: ClaimedBatch,
  now: Date,
  error: string,
): Promise<void> {
  await transact(pool, async (tx) => {
    const updated = await tx.query(
      `UPDATE childcare_segment_batches SET status = 'failed', lease_until = NULL, last_error = $4
        WHERE send_id = $1 AND batch_no = $2 AND status = 'sending' AND attempts = $3`,
      [batch.sendId, batch.batchNo, batch.attempts, error],
    );
    if (updated.rowCount === 0) return;
    await setRecipients(tx, batch, 'failed');
    await finishSend(tx, batch.sendId, now);
  });
}

async function setRecipients(tx: Queryable, batch: ClaimedBatch, status: 'sent' | 'failed'): Promise<void> {
  await tx.query(
    `UPDATE childcare_segment_recipients SET status = $3
      WHERE send_id = $1 AND batch_no = $2 AND status = 'pending'`,
    [batch.sendId, batch.batchNo, status],
  );
}

const FINISH = `
  UPDATE childcare_segment_sends s SET status = 'done', finished_at = $2
   WHERE s.status = 'sending' AND ($1::bigint IS NULL OR s.id = $1)
     AND NOT EXISTS (SELECT 1 FROM childcare_segment_batches b
                      WHERE b.send_id = s.id AND b.status IN ('pending', 'sending'))`;

/** A send whose batches are all sent or failed is done. */
async function finishSend(db: Queryable, sendId: string, now: Date): Promise<void> {
  await db.query(FINISH, [sendId, now]);
}

/** Marks done every sending send with no open batch (e.g. one that had only blocked parents); returns how many. */
export async function finishSends(pool: pg.Pool, now: Date): Promise<number> {
  const { rowCount } = await pool.query(FINISH, [null, now]);
  return rowCount ?? 0;
}
