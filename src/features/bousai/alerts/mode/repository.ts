// Disaster mode in the database: requesting a switch (one open at a time, newer supersedes), claiming it with a
// lease, and progress writes fenced by the lease token so an instance that lost the switch cannot write.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Queryable } from '../../../../db/transact.ts';
import type { MenuMode } from '../../../../line/richmenu/mode.ts';
import type { ModeState, ModeSwitch, SwitchPhase, SwitchRequest, SwitchRequested } from './types.ts';

interface SwitchRow {
  id: string;
  target: MenuMode;
  status: ModeSwitch['status'];
  phase: SwitchPhase;
  cursor_group: number;
  cursor_user: string;
  users_total: number | null;
  users_done: number;
  link_requests: number;
  source: ModeSwitch['source'];
  reason: string | null;
  requested_by: string | null;
  requested_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  attempts: number;
  last_error: string | null;
}

const COLUMNS = `id::text, target, status, phase, cursor_group, cursor_user, users_total, users_done, link_requests,
  source, reason, requested_by::text, requested_at, started_at, finished_at, attempts, last_error`;

function toSwitch(row: SwitchRow): ModeSwitch {
  return {
    id: row.id,
    target: row.target,
    status: row.status,
    phase: row.phase,
    cursorGroup: row.cursor_group,
    cursorUser: row.cursor_user,
    usersTotal: row.users_total,
    usersDone: row.users_done,
    linkRequests: row.link_requests,
    source: row.source,
    reason: row.reason,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    attempts: row.attempts,
    lastError: row.last_error,
  };
}

export async function readModeState(db: Queryable): Promise<ModeState> {
  const mode = await db.query<{ mode: MenuMode; disaster_id: string | null; changed_at: Date }>(
    'SELECT mode, disaster_id::text, changed_at FROM rich_menu_mode WHERE id = 1',
  );
  const latest = await db.query<SwitchRow>(
    `SELECT ${COLUMNS} FROM bousai_mode_switches ORDER BY (status IN ('pending', 'running')) DESC, id DESC LIMIT 1`,
  );
  const row = mode.rows[0];
  return {
    mode: row?.mode ?? 'normal',
    disasterId: row?.disaster_id ?? null,
    changedAt: row?.changed_at ?? new Date(0),
    latest: latest.rows[0] ? toSwitch(latest.rows[0]) : null,
  };
}

export async function findSwitch(db: Queryable, id: string): Promise<ModeSwitch | null> {
  const { rows } = await db.query<SwitchRow>(`SELECT ${COLUMNS} FROM bousai_mode_switches WHERE id = $1`, [
    id,
  ]);
  return rows[0] ? toSwitch(rows[0]) : null;
}

/**
 * Sets the mode and queues a switch of every follower's menu, in the caller's transaction. Idempotent: asking
 * for the mode the account is in (or is switching to) changes nothing. A switch still open towards the other
 * mode is superseded: the new one relinks everybody.
 */
export async function requestSwitch(tx: Queryable, request: SwitchRequest): Promise<SwitchRequested> {
  const current = await tx.query<{ mode: MenuMode; disaster_id: string | null }>(
    'SELECT mode, disaster_id::text FROM rich_menu_mode WHERE id = 1 FOR UPDATE',
  );
  const mode = current.rows[0]?.mode ?? 'normal';
  let disasterId = current.rows[0]?.disaster_id ?? null;
  const open = await tx.query<{ id: string; target: MenuMode }>(
    `SELECT id::text, target FROM bousai_mode_switches WHERE status IN ('pending', 'running') FOR UPDATE`,
  );
  const openSwitch = open.rows[0];
  if (mode === request.target && (!openSwitch || openSwitch.target === request.target)) {
    return { changed: false, switchId: openSwitch?.id ?? null, disasterId };
  }
  if (openSwitch) {
    await tx.query(
      `UPDATE bousai_mode_switches SET status = 'superseded', finished_at = $2, lease_token = NULL, lease_until = NULL
        WHERE id = $1`,
      [openSwitch.id, request.now],
    );
  }
  if (request.target === 'disaster') {
    const openDisaster = await tx.query<{ id: string }>(
      'SELECT id::text FROM bousai_disasters WHERE closed_at IS NULL ORDER BY id DESC LIMIT 1',
    );
    disasterId = openDisaster.rows[0]?.id ?? null;
    if (!disasterId) {
      const created = await tx.query<{ id: string }>(
        'INSERT INTO bousai_disasters (title, started_at) VALUES ($1, $2) RETURNING id::text',
        // ≤ 100 characters: the shelters part's table checks it.
        [(request.disasterTitle ?? request.reason ?? '災害').slice(0, 100), request.now],
      );
      disasterId = created.rows[0]?.id ?? null;
    }
  } else if (request.closeDisaster && disasterId) {
    await tx.query('UPDATE bousai_disasters SET closed_at = $2 WHERE id = $1 AND closed_at IS NULL', [
      disasterId,
      request.now,
    ]);
  }
  await tx.query(`UPDATE rich_menu_mode SET mode = $1, disaster_id = $2, changed_at = $3 WHERE id = 1`, [
    request.target,
    request.target === 'disaster' ? disasterId : null,
    request.now,
  ]);
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO bousai_mode_switches (target, source, reason, requested_by, requested_at)
     VALUES ($1, $2, $3, $4, $5) RETURNING id::text`,
    [request.target, request.source, request.reason ?? null, request.requestedBy ?? null, request.now],
  );
  return { changed: true, switchId: inserted.rows[0]?.id ?? null, disasterId };
}

export interface ClaimedSwitch extends ModeSwitch {
  leaseToken: string;
}

/** Takes the open switch when nobody holds it (or its holder's lease ran out); null when there is none. */
export async function claimSwitch(pool: pg.Pool, now: Date, leaseMs: number): Promise<ClaimedSwitch | null> {
  const token = randomUUID();
  const { rows } = await pool.query<SwitchRow>(
    `UPDATE bousai_mode_switches
        SET status = 'running', started_at = coalesce(started_at, $1), lease_token = $2, lease_until = $3,
            attempts = attempts + 1
      WHERE status IN ('pending', 'running') AND (lease_until IS NULL OR lease_until < $1)
      RETURNING ${COLUMNS}`,
    [now, token, new Date(now.getTime() + leaseMs)],
  );
  return rows[0] ? { ...toSwitch(rows[0]), leaseToken: token } : null;
}

/** Thrown when a progress write finds the switch taken over or superseded: this instance must stop. */
export class LeaseLostError extends Error {
  readonly code = 'BOUSAI_SWITCH_LEASE_LOST';
}

export interface Progress {
  phase?: SwitchPhase;
  cursorGroup?: number;
  cursorUser?: string;
  usersTotal?: number;
  addUsers?: number;
  addRequests?: number;
}

/** Records progress and extends the lease; throws LeaseLostError when the switch is no longer ours. */
export async function recordProgress(
  pool: pg.Pool,
  claimed: ClaimedSwitch,
  progress: Progress,
  now: Date,
  leaseMs: number,
): Promise<void> {
  const { rowCount } = await pool.query(
    `UPDATE bousai_mode_switches
        SET phase = coalesce($3, phase), cursor_group = coalesce($4, cursor_group),
            cursor_user = coalesce($5, cursor_user), users_total = coalesce($6, users_total),
            users_done = users_done + $7, link_requests = link_requests + $8, lease_until = $9, last_error = NULL
      WHERE id = $1 AND lease_token = $2 AND status = 'running'`,
    [
      claimed.id,
      claimed.leaseToken,
      progress.phase ?? null,
      progress.cursorGroup ?? null,
      progress.cursorUser ?? null,
      progress.usersTotal ?? null,
      progress.addUsers ?? 0,
      progress.addRequests ?? 0,
      new Date(now.getTime() + leaseMs),
    ],
  );
  if (rowCount === 0)
    throw new LeaseLostError(`mode switch ${claimed.id} is no longer held by this instance`);
}

export async function finishSwitch(pool: pg.Pool, claimed: ClaimedSwitch, now: Date): Promise<void> {
  const { rowCount } = await pool.query(
    `UPDATE bousai_mode_switches
        SET status = 'done', phase = 'done', finished_at = $3, lease_token = NULL, lease_until = NULL
      WHERE id = $1 AND lease_token = $2 AND status = 'running'`,
    [claimed.id, claimed.leaseToken, now],
  );
  if (rowCount === 0)
    throw new LeaseLostError(`mode switch ${claimed.id} is no longer held by this instance`);
}

/** A failure that may pass: the lease is given up until `retryAt`, when any instance resumes from the cursor. */
export async function releaseAfterError(
  pool: pg.Pool,
  claimed: ClaimedSwitch,
  retryAt: Date,
  error: string,
): Promise<void> {
  await pool.query(
    `UPDATE bousai_mode_switches SET lease_token = NULL, lease_until = $3, last_error = $4
      WHERE id = $1 AND lease_token = $2 AND status = 'running'`,
    [claimed.id, claimed.leaseToken, retryAt, error.slice(0, 1000)],
  );
}

/** Every following user counted once, for the progress bar. */
export async function countFollowers(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM line_users WHERE followed');
  return rows[0]?.n ?? 0;
}

/** The next followers of one language after `afterUserId`, in id order (a page of one bulk-link request). */
export async function followersPage(
  db: Queryable,
  language: string,
  afterUserId: string,
  limit: number,
): Promise<string[]> {
  const { rows } = await db.query<{ user_id: string }>(
    `SELECT user_id FROM line_users WHERE followed AND language = $1 AND user_id > $2 ORDER BY user_id LIMIT $3`,
    [language, afterUserId, limit],
  );
  return rows.map((row) => row.user_id);
}
