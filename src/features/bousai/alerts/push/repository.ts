// 避難情報 pushes as staff handle them: create (once per request key), read one or the list with their results.
import type { Queryable } from '../../../../db/transact.ts';
import type { AlertTemplate, AlertTexts } from './templates.ts';

export type AlertStatus = 'scheduled' | 'sending' | 'done';

export interface AlertSend {
  id: string;
  requestKey: string;
  template: AlertTemplate;
  districts: string[] | null;
  texts: AlertTexts;
  status: AlertStatus;
  disasterId: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface AlertResults {
  recipients: number;
  pending: number;
  sent: number;
  failed: number;
  blocked: number;
}

interface Row {
  id: string;
  request_key: string;
  template: AlertTemplate;
  districts: string[] | null;
  texts: AlertTexts;
  status: AlertStatus;
  disaster_id: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

const COLUMNS = `id::text, request_key::text, template, districts, texts, status, disaster_id::text, created_at,
  started_at, finished_at`;

function toSend(row: Row): AlertSend {
  return {
    id: row.id,
    requestKey: row.request_key,
    template: row.template,
    districts: row.districts,
    texts: row.texts,
    status: row.status,
    disasterId: row.disaster_id,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

/** Creates the push, or returns the one this request key already created (`created` false). */
export async function createAlertSend(
  tx: Queryable,
  input: {
    requestKey: string;
    template: AlertTemplate;
    districts: string[] | null;
    texts: AlertTexts;
    createdBy: string | null;
    now: Date;
  },
): Promise<{ send: AlertSend; created: boolean }> {
  const inserted = await tx.query<Row>(
    `INSERT INTO bousai_alert_sends (request_key, template, districts, texts, created_by, created_at, disaster_id)
     VALUES ($1, $2, $3, $4, $5, $6, (SELECT disaster_id FROM rich_menu_mode WHERE id = 1))
     ON CONFLICT (request_key) DO NOTHING
     RETURNING ${COLUMNS}`,
    [
      input.requestKey,
      input.template,
      input.districts,
      JSON.stringify(input.texts),
      input.createdBy,
      input.now,
    ],
  );
  if (inserted.rows[0]) return { send: toSend(inserted.rows[0]), created: true };
  const existing = await tx.query<Row>(`SELECT ${COLUMNS} FROM bousai_alert_sends WHERE request_key = $1`, [
    input.requestKey,
  ]);
  const row = existing.rows[0];
  if (!row) throw new Error('alert send vanished after a request-key conflict');
  return { send: toSend(row), created: false };
}

export async function findAlertSend(db: Queryable, id: string): Promise<AlertSend | null> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM bousai_alert_sends WHERE id = $1`, [id]);
  return rows[0] ? toSend(rows[0]) : null;
}

export async function listAlertSends(db: Queryable, page: { limit: number; afterId?: string | undefined }) {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM bousai_alert_sends WHERE ($2::bigint IS NULL OR id < $2) ORDER BY id DESC LIMIT $1`,
    [page.limit, page.afterId ?? null],
  );
  return rows.map(toSend);
}

/** The newest push (what 避難情報 in the menu shows), or null. */
export async function latestAlertSend(db: Queryable): Promise<AlertSend | null> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM bousai_alert_sends ORDER BY id DESC LIMIT 1`);
  return rows[0] ? toSend(rows[0]) : null;
}

export async function alertResults(db: Queryable, id: string): Promise<AlertResults> {
  const { rows } = await db.query<AlertResults>(
    `SELECT count(*) FILTER (WHERE status IN ('pending', 'sent', 'failed'))::int AS recipients,
            count(*) FILTER (WHERE status = 'pending')::int AS pending,
            count(*) FILTER (WHERE status = 'sent')::int AS sent,
            count(*) FILTER (WHERE status = 'failed')::int AS failed,
            count(*) FILTER (WHERE status = 'blocked')::int AS blocked
       FROM bousai_alert_recipients WHERE send_id = $1`,
    [id],
  );
  return rows[0] ?? { recipients: 0, pending: 0, sent: 0, failed: 0, blocked: 0 };
}
