// The disaster staff (or disaster mode) opened: at most one at a time. While one is open, residents see open
// shelters first and can send 安否・避難報告; its reports are deleted a set time after it is closed.
import type { Queryable } from '../../db/transact.ts';

export interface Disaster {
  id: string;
  title: string;
  startedAt: Date;
  closedAt: Date | null;
}

interface DisasterRow {
  id: string;
  title: string;
  started_at: Date;
  closed_at: Date | null;
}

const disasterOf = (row: DisasterRow): Disaster => ({
  id: String(row.id),
  title: row.title,
  startedAt: row.started_at,
  closedAt: row.closed_at,
});

export async function openDisaster(db: Queryable): Promise<Disaster | null> {
  const { rows } = await db.query<DisasterRow>(
    'SELECT id, title, started_at, closed_at FROM bousai_disasters WHERE closed_at IS NULL',
  );
  return rows[0] ? disasterOf(rows[0]) : null;
}

export async function findDisaster(db: Queryable, id: string): Promise<Disaster | null> {
  const { rows } = await db.query<DisasterRow>(
    'SELECT id, title, started_at, closed_at FROM bousai_disasters WHERE id = $1',
    [id],
  );
  return rows[0] ? disasterOf(rows[0]) : null;
}

/** Opens a disaster; null when one is open already (the unique index decides between two instances). */
export async function startDisaster(
  db: Queryable,
  input: { title: string; at: Date; staffId: string | null },
): Promise<Disaster | null> {
  const { rows } = await db.query<DisasterRow>(
    `INSERT INTO bousai_disasters (title, started_at, started_by) VALUES ($1, $2, $3)
     ON CONFLICT DO NOTHING
     RETURNING id, title, started_at, closed_at`,
    [input.title, input.at, input.staffId],
  );
  return rows[0] ? disasterOf(rows[0]) : null;
}

/** Closes the open disaster `id`; null when it is not open. */
export async function closeDisaster(
  db: Queryable,
  input: { id: string; at: Date; staffId: string | null },
): Promise<Disaster | null> {
  const { rows } = await db.query<DisasterRow>(
    `UPDATE bousai_disasters SET closed_at = $2, closed_by = $3
      WHERE id = $1 AND closed_at IS NULL
      RETURNING id, title, started_at, closed_at`,
    [input.id, input.at, input.staffId],
  );
  return rows[0] ? disasterOf(rows[0]) : null;
}

export async function listDisasters(db: Queryable, limit: number, beforeId?: string): Promise<Disaster[]> {
  const { rows } = await db.query<DisasterRow>(
    `SELECT id, title, started_at, closed_at FROM bousai_disasters
      WHERE ($2::bigint IS NULL OR id < $2) ORDER BY id DESC LIMIT $1`,
    [limit, beforeId ?? null],
  );
  return rows.map(disasterOf);
}
