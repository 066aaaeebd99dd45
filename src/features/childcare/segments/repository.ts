// Segment sends as staff handle them: create, cancel while still scheduled, read one or the list with
// their delivery results (counts only: never recipients' ids).
import type { Queryable } from '../../../db/transact.ts';
import type {
  BatchCounts,
  SegmentCriteria,
  SegmentSend,
  SegmentTexts,
  SendResults,
  SendStatus,
} from './types.ts';

interface SendRow {
  id: string;
  title: string;
  texts: SegmentTexts;
  age_from_months: number;
  age_to_months: number;
  district: string | null;
  scheduled_at: Date;
  urgent: boolean;
  status: SendStatus;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  cancelled_at: Date | null;
}

const COLUMNS = `id::text, title, texts, age_from_months, age_to_months, district, scheduled_at, urgent, status,
  created_at, started_at, finished_at, cancelled_at`;

function toSend(row: SendRow): SegmentSend {
  return {
    id: row.id,
    title: row.title,
    texts: row.texts,
    ageFromMonths: row.age_from_months,
    ageToMonths: row.age_to_months,
    district: row.district,
    scheduledAt: row.scheduled_at,
    urgent: row.urgent,
    status: row.status,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    cancelledAt: row.cancelled_at,
  };
}

export interface NewSend extends SegmentCriteria {
  title: string;
  texts: SegmentTexts;
  scheduledAt: Date;
  urgent: boolean;
  createdBy: string | null;
  createdAt: Date;
}

export async function createSend(db: Queryable, input: NewSend): Promise<SegmentSend> {
  const { rows } = await db.query<SendRow>(
    `INSERT INTO childcare_segment_sends
       (title, texts, age_from_months, age_to_months, district, scheduled_at, created_by, created_at, urgent)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     RETURNING ${COLUMNS}`,
    [
      input.title,
      JSON.stringify(input.texts),
      input.ageFromMonths,
      input.ageToMonths,
      input.district,
      input.scheduledAt,
      input.createdBy,
      input.createdAt,
      input.urgent,
    ],
  );
  return toSend(rows[0] as SendRow);
}

export async function findSend(db: Queryable, id: string): Promise<SegmentSend | null> {
  const { rows } = await db.query<SendRow>(`SELECT ${COLUMNS} FROM childcare_segment_sends WHERE id = $1`, [
    id,
  ]);
  return rows[0] ? toSend(rows[0]) : null;
}

/**
 * Cancels a send that has not started; null when it is not scheduled any more (or does not exist). The
 * conditional update waits for a start in progress, so a send is either cancelled or sent, never both.
 */
export async function cancelSend(db: Queryable, id: string, now: Date): Promise<SegmentSend | null> {
  const { rows } = await db.query<SendRow>(
    `UPDATE childcare_segment_sends SET status = 'cancelled', cancelled_at = $2
      WHERE id = $1 AND status = 'scheduled'
     RETURNING ${COLUMNS}`,
    [id, now],
  );
  return rows[0] ? toSend(rows[0]) : null;
}

const NO_RESULTS: SendResults = { recipients: 0, pending: 0, sent: 0, failed: 0, blocked: 0, withdrawn: 0 };

/** Recipient counts by status, per send; sends not started yet have none. */
async function sendResults(db: Queryable, ids: readonly string[]): Promise<Map<string, SendResults>> {
  const { rows } = await db.query<{ send_id: string } & SendResults>(
    `SELECT send_id::text,
            count(*) FILTER (WHERE status IN ('pending', 'sent', 'failed'))::int AS recipients,
            count(*) FILTER (WHERE status = 'pending')::int AS pending,
            count(*) FILTER (WHERE status = 'sent')::int AS sent,
            count(*) FILTER (WHERE status = 'failed')::int AS failed,
            count(*) FILTER (WHERE status = 'blocked')::int AS blocked,
            count(*) FILTER (WHERE status = 'withdrawn')::int AS withdrawn
       FROM childcare_segment_recipients
      WHERE send_id = ANY($1::bigint[])
      GROUP BY send_id`,
    [ids],
  );
  return new Map(rows.map(({ send_id, ...counts }) => [send_id, counts]));
}

/** One send's recipient counts by status. */
export async function resultsOf(db: Queryable, id: string): Promise<SendResults> {
  return (await sendResults(db, [id])).get(id) ?? { ...NO_RESULTS };
}

/** Sends newest first (after `afterId` when given), each with its recipient counts. */
export async function listSends(
  db: Queryable,
  page: { limit: number; afterId?: string | undefined; statuses?: readonly SendStatus[] | undefined },
): Promise<{ send: SegmentSend; results: SendResults }[]> {
  // Ids grow with creation (created_at is the insert time): id order is newest-first and a stable cursor.
  const { rows } = await db.query<SendRow>(
    `SELECT ${COLUMNS} FROM childcare_segment_sends
      WHERE ($2::bigint IS NULL OR id < $2) AND ($3::text[] IS NULL OR status = ANY($3::text[]))
      ORDER BY id DESC LIMIT $1`,
    [page.limit, page.afterId ?? null, page.statuses?.length ? page.statuses : null],
  );
  const sends = rows.map(toSend);
  const results = await sendResults(
    db,
    sends.map((s) => s.id),
  );
  return sends.map((send) => ({ send, results: results.get(send.id) ?? { ...NO_RESULTS } }));
}

export async function batchCounts(db: Queryable, id: string): Promise<BatchCounts> {
  const { rows } = await db.query<BatchCounts>(
    `SELECT count(*)::int AS total,
            count(*) FILTER (WHERE status = 'pending')::int AS pending,
            count(*) FILTER (WHERE status = 'sending')::int AS sending,
            count(*) FILTER (WHERE status = 'sent')::int AS sent,
            count(*) FILTER (WHERE status = 'failed')::int AS failed
       FROM childcare_segment_batches
      WHERE send_id = $1`,
    [id],
  );
  return rows[0] ?? { total: 0, pending: 0, sending: 0, sent: 0, failed: 0 };
}
