// The reminder batch queue: claiming one due batch (or one whose lease ran out because its instance died),
// dropping recipients who blocked the account since it was planned, and recording the outcome. Each claim adds
// an attempt, and that count fences the outcome, as in the segment engine.
import type pg from 'pg';
import { type Queryable, transact } from '../../../db/transact.ts';

export interface ClaimedReminderBatch {
  id: string;
  collectionDate: string;
  retryKey: string;
  attempts: number;
  text: string;
  userIds: string[];
}

const CLAIM = `
  WITH next AS (
    SELECT id FROM gomi_reminder_batches
     WHERE (status = 'pending' AND available_at <= $1) OR (status = 'sending' AND lease_until < $1)
     ORDER BY available_at, id
     LIMIT 1
     FOR UPDATE SKIP LOCKED
  )
  UPDATE gomi_reminder_batches b SET status = 'sending', attempts = b.attempts + 1, lease_until = $2
    FROM next WHERE b.id = next.id
  RETURNING b.id::text, to_char(b.collection_date, 'YYYY-MM-DD') AS collection_date, b.retry_key::text,
            b.attempts, b.text`;

export async function claimReminderBatch(
  pool: pg.Pool,
  now: Date,
  leaseUntil: Date,
): Promise<ClaimedReminderBatch | null> {
  return transact(pool, async (tx) => {
    const { rows } = await tx.query<{
      id: string;
      collection_date: string;
      retry_key: string;
      attempts: number;
      text: string;
    }>(CLAIM, [now, leaseUntil]);
    const row = rows[0];
    if (!row) return null;
    // Never to a resident who blocked the account after being planned.
    await tx.query(
      `UPDATE gomi_reminder_recipients r SET status = 'blocked'
         FROM line_users u
        WHERE r.batch_id = $1 AND r.status = 'pending' AND u.user_id = r.user_id AND u.followed IS NOT TRUE`,
      [row.id],
    );
    const recipients = await tx.query<{ user_id: string }>(
      `SELECT user_id FROM gomi_reminder_recipients WHERE batch_id = $1 AND status = 'pending' ORDER BY user_id`,
      [row.id],
    );
    return {
      id: row.id,
      collectionDate: row.collection_date,
      retryKey: row.retry_key,
      attempts: row.attempts,
      text: row.text,
      userIds: recipients.rows.map((r) => r.user_id),
    };
  });
}

async function setRecipients(tx: Queryable, batchId: string, status: 'sent' | 'failed'): Promise<void> {
  await tx.query(
    `UPDATE gomi_reminder_recipients SET status = $2 WHERE batch_id = $1 AND status = 'pending'`,
    [batchId, status],
  );
}

/** LINE accepted the batch (now or on an earlier attempt). */
export async function recordReminderSent(
  pool: pg.Pool,
  batch: ClaimedReminderBatch,
  now: Date,
  requestId: string | undefined,
): Promise<void> {
  await transact(pool, async (tx) => {
    const updated = await tx.query(
      `UPDATE gomi_reminder_batches SET status = 'sent', sent_at = $2, request_id = $3, lease_until = NULL,
              last_error = NULL
        WHERE id = $1 AND status <> 'sent'`,
      [batch.id, now, requestId ?? null],
    );
    if ((updated.rowCount ?? 0) > 0) await setRecipients(tx, batch.id, 'sent');
  });
}

export async function recordReminderRetry(
  pool: pg.Pool,
  batch: ClaimedReminderBatch,
  retryAt: Date,
  error: string,
): Promise<void> {
  await pool.query(
    `UPDATE gomi_reminder_batches SET status = 'pending', available_at = $3, lease_until = NULL, last_error = $4
      WHERE id = $1 AND status = 'sending' AND attempts = $2`,
    [batch.id, batch.attempts, retryAt, error],
  );
}

export async function recordReminderFailed(
  pool: pg.Pool,
  batch: ClaimedReminderBatch,
  error: string,
): Promise<void> {
  await transact(pool, async (tx) => {
    const updated = await tx.query(
      `UPDATE gomi_reminder_batches SET status = 'failed', lease_until = NULL, last_error = $3
        WHERE id = $1 AND status = 'sending' AND attempts = $2`,
      [batch.id, batch.attempts, error],
    );
    if ((updated.rowCount ?? 0) > 0) await setRecipients(tx, batch.id, 'failed');
  });
}
