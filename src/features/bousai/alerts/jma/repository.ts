// JMA entries and rule matches in the database: an entry is recorded once (its Atom id), handled once (the
// row lock decides between instances), and a match awaiting staff is confirmed or dismissed once.
import type pg from 'pg';
import type { Queryable } from '../../../../db/transact.ts';
import type { FeedEntry } from './feed.ts';

export type MatchStatus = 'entered' | 'awaiting' | 'confirmed' | 'dismissed' | 'already';

export interface JmaMatch {
  id: string;
  entryId: string;
  ruleId: string;
  action: 'enter' | 'confirm';
  summary: string;
  status: MatchStatus;
  createdAt: Date;
  decidedAt: Date | null;
}

interface MatchRow {
  id: string;
  entry_id: string;
  rule_id: string;
  action: 'enter' | 'confirm';
  summary: string;
  status: MatchStatus;
  created_at: Date;
  decided_at: Date | null;
}

const MATCH_COLUMNS = 'id::text, entry_id, rule_id, action, summary, status, created_at, decided_at';

function toMatch(row: MatchRow): JmaMatch {
  return {
    id: row.id,
    entryId: row.entry_id,
    ruleId: row.rule_id,
    action: row.action,
    summary: row.summary,
    status: row.status,
    createdAt: row.created_at,
    decidedAt: row.decided_at,
  };
}

/** Records entries not seen before (one statement for the whole feed); returns how many were new. */
export async function recordEntries(
  pool: pg.Pool,
  entries: readonly FeedEntry[],
  now: Date,
): Promise<number> {
  if (entries.length === 0) return 0;
  const { rowCount } = await pool.query(
    `INSERT INTO bousai_jma_entries (entry_id, title, link, updated_at, seen_at)
     SELECT id, title, link, updated, $5 FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[])
       AS e(id, title, link, updated)
     ON CONFLICT (entry_id) DO NOTHING`,
    [
      entries.map((e) => e.id),
      entries.map((e) => e.title),
      entries.map((e) => e.link),
      entries.map((e) => e.updated),
      now,
    ],
  );
  return rowCount ?? 0;
}

export interface PendingEntry {
  entryId: string;
  link: string;
  attempts: number;
}

export const MAX_ENTRY_ATTEMPTS = 5;

export async function pendingEntries(pool: pg.Pool, limit = 50): Promise<PendingEntry[]> {
  const { rows } = await pool.query<{ entry_id: string; link: string; attempts: number }>(
    `SELECT entry_id, link, attempts FROM bousai_jma_entries
      WHERE status = 'pending' AND attempts < $2 ORDER BY updated_at NULLS FIRST, entry_id LIMIT $1`,
    [limit, MAX_ENTRY_ATTEMPTS],
  );
  return rows.map((row) => ({ entryId: row.entry_id, link: row.link, attempts: row.attempts }));
}

/** Locks the entry if it is still pending (in the caller's transaction); false when another instance did it. */
export async function lockPendingEntry(tx: Queryable, entryId: string): Promise<boolean> {
  const { rows } = await tx.query(
    `SELECT 1 FROM bousai_jma_entries WHERE entry_id = $1 AND status = 'pending' FOR UPDATE SKIP LOCKED`,
    [entryId],
  );
  return rows.length > 0;
}

export async function markEntry(
  db: Queryable,
  entryId: string,
  status: 'done' | 'ignored',
  now: Date,
): Promise<void> {
  await db.query(
    `UPDATE bousai_jma_entries SET status = $2, done_at = $3, last_error = NULL WHERE entry_id = $1`,
    [entryId, status, now],
  );
}

/** A failed read: tried again next round, given up (failed) after MAX_ENTRY_ATTEMPTS. */
export async function entryFailed(pool: pg.Pool, entryId: string, error: string): Promise<void> {
  await pool.query(
    `UPDATE bousai_jma_entries
        SET attempts = attempts + 1, last_error = $2,
            status = CASE WHEN attempts + 1 >= $3 THEN 'failed' ELSE status END
      WHERE entry_id = $1 AND status = 'pending'`,
    [entryId, error.slice(0, 1000), MAX_ENTRY_ATTEMPTS],
  );
}

export async function insertMatch(
  tx: Queryable,
  match: {
    entryId: string;
    ruleId: string;
    action: 'enter' | 'confirm';
    summary: string;
    details: object;
    status: MatchStatus;
    now: Date;
  },
): Promise<string | null> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO bousai_jma_matches (entry_id, rule_id, action, summary, details, status, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (entry_id, rule_id) DO NOTHING RETURNING id::text`,
    [
      match.entryId,
      match.ruleId,
      match.action,
      match.summary,
      JSON.stringify(match.details),
      match.status,
      match.now,
    ],
  );
  return rows[0]?.id ?? null;
}

export async function listMatches(
  db: Queryable,
  page: { limit: number; afterId?: string | undefined; statuses?: readonly MatchStatus[] | undefined },
): Promise<JmaMatch[]> {
  const { rows } = await db.query<MatchRow>(
    `SELECT ${MATCH_COLUMNS} FROM bousai_jma_matches
      WHERE ($2::bigint IS NULL OR id < $2) AND ($3::text[] IS NULL OR status = ANY($3::text[]))
      ORDER BY id DESC LIMIT $1`,
    [page.limit, page.afterId ?? null, page.statuses?.length ? page.statuses : null],
  );
  return rows.map(toMatch);
}

/** Decides an awaiting match (in the caller's transaction); null when it is not awaiting (any more). */
export async function decideMatch(
  tx: Queryable,
  id: string,
  status: 'confirmed' | 'dismissed' | 'already',
  staffId: string | null,
  now: Date,
): Promise<JmaMatch | null> {
  const { rows } = await tx.query<MatchRow>(
    `UPDATE bousai_jma_matches SET status = $2, decided_by = $3, decided_at = $4
      WHERE id = $1 AND status = 'awaiting' RETURNING ${MATCH_COLUMNS}`,
    [id, status, staffId, now],
  );
  return rows[0] ? toMatch(rows[0]) : null;
}

export async function findMatch(db: Queryable, id: string): Promise<JmaMatch | null> {
  const { rows } = await db.query<MatchRow>(`SELECT ${MATCH_COLUMNS} FROM bousai_jma_matches WHERE id = $1`, [
    id,
  ]);
  return rows[0] ? toMatch(rows[0]) : null;
}
