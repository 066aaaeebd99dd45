// Starting a due send: one transaction claims it (a conditional update, so one instance starts it), fixes its
// recipients as of the city date of sending, and cuts them into batches of one language, each ≤ 500
// recipients with a retry key of its own. Blocked parents are recorded and get no batch.
import type pg from 'pg';
import { transact } from '../../../db/transact.ts';
import { isQuietTime } from '../../../jobs/quiet-hours.ts';
import { cityDate } from '../dates.ts';
import { segmentParams, segmentSql } from './criteria.ts';
import type { SegmentCriteria, SegmentTexts } from './types.ts';
import { MAX_BATCH } from './types.ts';

interface ClaimedSend {
  id: string;
  texts: SegmentTexts;
  age_from_months: number;
  age_to_months: number;
  district: string | null;
}

// The recipient's language is the text they get: theirs when the send has it, else ja. Followers are
// numbered per language, 500 to a batch; batch numbers run 1.. over every language.
const INSERT_RECIPIENTS = `
  INSERT INTO childcare_segment_recipients (send_id, user_id, language, batch_no, status)
  SELECT $1, user_id, language,
         CASE WHEN followed THEN dense_rank() OVER (ORDER BY followed DESC, language, chunk)::int END,
         CASE WHEN followed THEN 'pending' ELSE 'blocked' END
    FROM (SELECT s.user_id, s.followed, l.language,
                 (row_number() OVER (PARTITION BY s.followed, l.language ORDER BY s.user_id) - 1) / $3 AS chunk
            FROM (${segmentSql(4)}) s
            CROSS JOIN LATERAL (
              SELECT CASE WHEN $2::jsonb ? s.language THEN s.language ELSE 'ja' END AS language
            ) l) r`;

const INSERT_BATCHES = `
  INSERT INTO childcare_segment_batches (send_id, batch_no, language, recipients, retry_key, available_at)
  SELECT send_id, batch_no, min(language), count(*), gen_random_uuid(), $2
    FROM childcare_segment_recipients
   WHERE send_id = $1 AND batch_no IS NOT NULL
   GROUP BY send_id, batch_no`;

/** Starts one due send if no other instance did; returns its batch count, or null when not started here. */
export async function startSend(
  pool: pg.Pool,
  id: string,
  now: Date,
  batchSize = MAX_BATCH,
): Promise<number | null> {
  return transact(pool, async (tx) => {
    const claimed = await tx.query<ClaimedSend>(
      `UPDATE childcare_segment_sends SET status = 'sending', started_at = $2
        WHERE id = $1 AND status = 'scheduled' AND scheduled_at <= $2 AND (urgent OR NOT $3)
       RETURNING id::text, texts, age_from_months, age_to_months, district`,
      [id, now, isQuietTime(now)],
    );
    const send = claimed.rows[0];
    if (!send) return null;
    const criteria: SegmentCriteria = {
      ageFromMonths: send.age_from_months,
      ageToMonths: send.age_to_months,
      district: send.district,
    };
    await tx.query(INSERT_RECIPIENTS, [
      send.id,
      JSON.stringify(send.texts),
      Math.min(batchSize, MAX_BATCH),
      ...segmentParams(criteria, cityDate(now)),
    ]);
    const batches = await tx.query(INSERT_BATCHES, [send.id, now]);
    return batches.rowCount ?? 0;
  });
}

/**
 * The sends due at `now` that nobody started yet, oldest first; during the quiet hours only urgent ones (a send
 * that was due before 20:00 but could not start — the server was down — waits for the morning too).
 */
export async function dueSends(pool: pg.Pool, now: Date, limit = 20): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>(
    `SELECT id::text FROM childcare_segment_sends
      WHERE status = 'scheduled' AND scheduled_at <= $1 AND (urgent OR NOT $3)
      ORDER BY scheduled_at, id LIMIT $2`,
    [now, limit, isQuietTime(now)],
  );
  return rows.map((row) => row.id);
}
