// The 避難情報 batch queue: claiming one multicast (pending and due, or leased by an instance that died) and
// recording how it went. Each claim adds an attempt, which fences the outcome as in the 子育て segment engine.
import type pg from 'pg';
import { type Queryable, transact } from '../../../../db/transact.ts';
import type { AlertTexts } from './templates.ts';

export interface ClaimedAlertBatch {
  sendId: string;
  batchNo: number;
  language: string;
  retryKey: string;
  attempts: number;
  texts: AlertTexts;
  userIds: string[];
}

const CLAIM = `
  WITH next AS (
    SELECT send_id, batch_no FROM bousai_alert_batches
     WHERE (status = 'pending' AND available_at <= $1) OR (status = 'sending' AND lease_until < $1)
     ORDER BY available_at, send_id, batch_no
     LIMIT 1
     FOR UPDATE SKIP LOCKED
  )
  UPDATE bousai_alert_batches b
     SET status = 'sending', attempts = b.attempts + 1, lease_until = $2
    FROM next, bousai_alert_sends s
   WHERE b.send_id = next.send_id AND b.batch_no = next.batch_no AND s.id = b.send_id
  RETURNING b.send_id::text, b.batch_no, b.language, b.retry_key::text, b.attempts, s.texts`;

// A recipient who blocked the account since the push started is left out (LINE would not deliver anyway, and
// the count staff see says so). A retried batch keeps its retry key, so what LINE accepted is not sent twice.
const DROP_BLOCKED = `
  UPDATE bousai_alert_recipients r SET status = 'blocked', batch_no = NULL
    FROM line_users u
   WHERE r.send_id = $1 AND r.batch_no = $2 AND r.status = 'pending' AND u.user_id = r.user_id AND NOT u.followed`;

export async function claimAlertBatch(
  pool: pg.Pool,
  now: Date,
  leaseUntil: Date,
): Promise<ClaimedAlertBatch | null> {
  return transact(pool, async (tx) => {
    const { rows } = await tx.query<{
      send_id: string;
      batch_no: number;
      language: string;
      retry_key: string;
      attempts: number;
      texts: AlertTexts;
    }>(CLAIM, [now, leaseUntil]);
    const row = rows[0];
    if (!row) return null;
    await tx.query(DROP_BLOCKED, [row.send_id, row.batch_no]);
    const recipients = await tx.query<{ user_id: string }>(
      `SELECT user_id FROM bousai_alert_recipients
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

export async function recordAlertSent(
  pool: pg.Pool,
  batch: ClaimedAlertBatch,
  now: Date,
  requestId: string | undefined,
): Promise<void> {
  await transact(pool, async (tx) => {
    const updated = await tx.query(
      `UPDATE bousai_alert_batches
          SET status = 'sent', sent_at = $3, request_id = $4, lease_until = NULL, last_error = NULL
        WHERE send_id = $1 AND batch_no = $2 AND status <> 'sent'`,
      [batch.sendId, batch.batchNo, now, requestId ?? null],
    );
    if (updated.rowCount === 0) return;
    await setRecipients(tx, batch, 'sent');
    await finish(tx, batch.sendId, now);
  });
}

export async function recordAlertRetry(
  pool: pg.Pool,
  batch: ClaimedAlertBatch,
  retryAt: Date,
  error: string,
) {
  await pool.query(
    `UPDATE bousai_alert_batches SET status = 'pending', available_at = $4, lease_until = NULL, last_error = $5
      WHERE send_id = $1 AND batch_no = $2 AND status = 'sending' AND attempts = $3`,
    [batch.sendId, batch.batchNo, batch.attempts, retryAt, error],
  );
}

export async function recordAlertFailed(pool: pg.Pool, batch: ClaimedAlertBatch, now: Date, error: string) {
  await transact(pool, async (tx) => {
    const updated = await tx.query(
      `UPDATE bousai_alert_batches SET status = 'failed', lease_until = NULL, last_error = $4
        WHERE send_id = $1 AND batch_no = $2 AND status = 'sending' AND attempts = $3`,
      [batch.sendId, batch.batchNo, batch.attempts, error],
    );
    if (updated.rowCount === 0) return;
    await setRecipients(tx, batch, 'failed');
    await finish(tx, batch.sendId, now);
  });
}

async function setRecipients(tx: Queryable, batch: ClaimedAlertBatch, status: 'sent' | 'failed') {
  await tx.query(
    `UPDATE bousai_alert_recipients SET status = $3 WHERE send_id = $1 AND batch_no = $2 AND status = 'pending'`,
    [batch.sendId, batch.batchNo, status],
  );
}

const FINISH = `
  UPDATE bousai_alert_sends s SET status = 'done', finished_at = $2
   WHERE s.status = 'sending' AND ($1::bigint IS NULL OR s.id = $1)
     AND NOT EXISTS (SELECT 1 FROM bousai_alert_batches b
                      WHERE b.send_id = s.id AND b.status IN ('pending', 'sending'))`;

async function finish(db: Queryable, sendId: string | null, now: Date): Promise<number> {
  const { rowCount } = await db.query(FINISH, [sendId, now]);
  return rowCount ?? 0;
}

/** Marks done every sending push with no open batch (e.g. one whose audience had only blocked users). */
export function finishAlertSends(pool: pg.Pool, now: Date): Promise<number> {
  return finish(pool, null, now);
}

export interface AlertBatchCounts {
  total: number;
  pending: number;
  sending: number;
  sent: number;
  failed: number;
}

export async function alertBatchCounts(db: Queryable, id: string): Promise<AlertBatchCounts> {
  const { rows } = await db.query<AlertBatchCounts>(
    `SELECT count(*)::int AS total,
            count(*) FILTER (WHERE status = 'pending')::int AS pending,
            count(*) FILTER (WHERE status = 'sending')::int AS sending,
            count(*) FILTER (WHERE status = 'sent')::int AS sent,
            count(*) FILTER (WHERE status = 'failed')::int AS failed
       FROM bousai_alert_batches WHERE send_id = $1`,
    [id],
  );
  return rows[0] ?? { total: 0, pending: 0, sending: 0, sent: 0, failed: 0 };
}
