// Display links (呼び出し表示) and what a display may show: the queue numbers called today and the next ones
// waiting, the service's name — never a name, phone or booking number.
import { randomBytes } from 'node:crypto';
import { hashToken } from '../../../admin/tokens.ts';
import type { Queryable } from '../../../db/transact.ts';
import { cityDate } from '../types.ts';

export interface DisplayLink {
  id: string;
  serviceId: string;
  label: string;
  createdAt: Date;
  revoked: boolean;
}

export async function createDisplayLink(
  db: Queryable,
  input: { serviceId: string; label: string; staffId: string },
): Promise<{ id: string; token: string }> {
  const token = randomBytes(24).toString('base64url');
  const result = await db.query<{ id: string }>(
    `INSERT INTO reservation_display_links (service_id, token_hash, label, created_by)
     VALUES ($1, $2, $3, $4) RETURNING id`,
    [input.serviceId, hashToken(token), input.label, input.staffId],
  );
  return { id: String(result.rows[0]?.id), token };
}

export async function listDisplayLinks(db: Queryable, serviceId: string): Promise<DisplayLink[]> {
  const result = await db.query<{
    id: string;
    service_id: string;
    label: string;
    created_at: Date;
    revoked: boolean;
  }>(
    `SELECT id, service_id, label, created_at, revoked_at IS NOT NULL AS revoked
       FROM reservation_display_links WHERE service_id = $1 ORDER BY id`,
    [serviceId],
  );
  return result.rows.map((row) => ({
    id: String(row.id),
    serviceId: row.service_id,
    label: row.label,
    createdAt: row.created_at,
    revoked: row.revoked,
  }));
}

export async function revokeDisplayLink(db: Queryable, serviceId: string, id: string): Promise<boolean> {
  const result = await db.query(
    `UPDATE reservation_display_links SET revoked_at = now()
      WHERE id = $1 AND service_id = $2 AND revoked_at IS NULL`,
    [id, serviceId],
  );
  return result.rowCount === 1;
}

/** The service a display link may read, or null (unknown or revoked). */
export async function displayLinkService(db: Queryable, token: string): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{32}$/.test(token)) return null;
  const result = await db.query<{ service_id: string }>(
    'SELECT service_id FROM reservation_display_links WHERE token_hash = $1 AND revoked_at IS NULL',
    [hashToken(token)],
  );
  return result.rows[0]?.service_id ?? null;
}

export interface DisplayBoard {
  service: Record<string, string>;
  date: string;
  /** Queue numbers being called, the latest first. */
  called: number[];
  /** Queue numbers checked in and waiting, in turn. */
  next: number[];
}

/** Changes whenever a queue entry of the day changes. */
export async function queueVersion(db: Queryable, serviceId: string, date: string): Promise<string> {
  const result = await db.query<{ n: number; at: Date | null }>(
    `SELECT count(*)::int AS n, max(updated_at) AS at FROM reservations WHERE service_id = $1 AND queue_date = $2`,
    [serviceId, date],
  );
  const row = result.rows[0];
  return `${row?.n ?? 0}:${row?.at?.getTime() ?? 0}`;
}

export async function displayBoard(db: Queryable, serviceId: string, now: Date): Promise<DisplayBoard> {
  const date = cityDate(now);
  const result = await db.query<{ queue_number: number; status: string; name: Record<string, string> }>(
    `SELECT r.queue_number, r.status, s.name
       FROM reservation_services s
       LEFT JOIN reservations r
         ON r.service_id = s.id AND r.queue_date = $2 AND r.status IN ('called', 'checked_in')
      WHERE s.id = $1
      ORDER BY r.status, r.called_at DESC NULLS LAST, r.queue_number`,
    [serviceId, date],
  );
  const rows = result.rows.filter((row) => row.queue_number !== null);
  return {
    service: result.rows[0]?.name ?? {},
    date,
    called: rows
      .filter((row) => row.status === 'called')
      .map((row) => row.queue_number)
      .slice(0, 6),
    next: rows
      .filter((row) => row.status === 'checked_in')
      .map((row) => row.queue_number)
      .slice(0, 10),
  };
}
