// Starting a 避難情報 push: one transaction claims it (a conditional update: one instance starts it), fixes its
// recipients, and cuts them into batches of one language, ≤ 500 each, each with its own retry key. Blocked users
// are recorded and get no batch. No quiet hours: 避難情報 go out at any hour.
import type pg from 'pg';
import { transact } from '../../../../db/transact.ts';
import { MAX_MULTICAST } from '../../../../line/client/index.ts';
import { audienceSql } from './audience.ts';

const INSERT_RECIPIENTS = `
  INSERT INTO bousai_alert_recipients (send_id, user_id, language, batch_no, status)
  SELECT $1, user_id, language,
         CASE WHEN followed THEN dense_rank() OVER (ORDER BY followed DESC, language, chunk)::int END,
         CASE WHEN followed THEN 'pending' ELSE 'blocked' END
    FROM (SELECT a.user_id, a.followed, a.language,
                 (row_number() OVER (PARTITION BY a.followed, a.language ORDER BY a.user_id) - 1) / $2 AS chunk
            FROM (${audienceSql(3)}) a) r`;

const INSERT_BATCHES = `
  INSERT INTO bousai_alert_batches (send_id, batch_no, language, recipients, retry_key, available_at)
  SELECT send_id, batch_no, min(language), count(*), gen_random_uuid(), $2
    FROM bousai_alert_recipients
   WHERE send_id = $1 AND batch_no IS NOT NULL
   GROUP BY send_id, batch_no`;

/** Starts the push if no other instance did; its batch count, or null when not started here. */
export async function startAlertSend(
  pool: pg.Pool,
  id: string,
  now: Date,
  batchSize = MAX_MULTICAST,
): Promise<number | null> {
  return transact(pool, async (tx) => {
    const claimed = await tx.query<{ id: string; districts: string[] | null }>(
      `UPDATE bousai_alert_sends SET status = 'sending', started_at = $2
        WHERE id = $1 AND status = 'scheduled' RETURNING id::text, districts`,
      [id, now],
    );
    const send = claimed.rows[0];
    if (!send) return null;
    await tx.query(INSERT_RECIPIENTS, [send.id, Math.min(batchSize, MAX_MULTICAST), send.districts]);
    const batches = await tx.query(INSERT_BATCHES, [send.id, now]);
    return batches.rowCount ?? 0;
  });
}

export async function dueAlertSends(pool: pg.Pool, limit = 20): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>(
    `SELECT id::text FROM bousai_alert_sends WHERE status = 'scheduled' ORDER BY created_at, id LIMIT $1`,
    [limit],
  );
  return rows.map((row) => row.id);
}
