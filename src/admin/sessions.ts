// Browser sessions of the staff console: the cookie carries 256 random bits, the database only their SHA-256,
// the session's CSRF token, and an idle expiry moved forward while it is used (never past the absolute one).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Queryable } from '../db/transact.ts';
import type { Role, StaffPrincipal } from './roles.ts';
import { hashToken } from './tokens.ts';

export const SESSION_COOKIE = 'lcp_console';
export const CSRF_HEADER = 'x-csrf-token';

export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
}
export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMinutes: 120, absoluteHours: 12 };

export function looksLikeSessionId(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}

export async function createSession(
  db: Queryable,
  staffId: string,
  policy: SessionPolicy,
  ip: string,
): Promise<{ sessionId: string; csrfToken: string; expiresAt: Date }> {
  const sessionId = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const result = await db.query<{ expires_at: Date }>(
    `INSERT INTO staff_sessions (id_hash, staff_id, csrf_token, expires_at, absolute_expires_at, ip)
     VALUES ($1, $2, $3, now() + make_interval(mins => $4::int), now() + make_interval(hours => $5::int), $6)
     RETURNING expires_at`,
    [hashToken(sessionId), staffId, csrfToken, policy.idleMinutes, policy.absoluteHours, ip.slice(0, 100)],
  );
  return { sessionId, csrfToken, expiresAt: result.rows[0]?.expires_at ?? new Date() };
}

export type SessionCheck =
  | { ok: true; principal: StaffPrincipal; csrfToken: string }
  | { ok: false; reason: 'unknown' | 'expired' | 'inactive'; staffId: string | null };

export async function checkSession(
  db: Queryable,
  sessionId: string,
  policy: SessionPolicy,
): Promise<SessionCheck> {
  const idHash = hashToken(sessionId);
  const result = await db.query<{
    id: string;
    name: string;
    is_admin: boolean;
    active: boolean;
    expired: boolean;
    refresh: boolean;
    csrf_token: string;
    roles: { scope: string; role: Role }[] | null;
  }>(
    `SELECT s.id, s.name, s.is_admin, s.active, x.csrf_token,
            (x.expires_at <= now() OR x.absolute_expires_at <= now()) AS expired,
            x.last_seen_at < now() - interval '1 minute' AS refresh,
            (SELECT json_agg(json_build_object('scope', r.scope, 'role', r.role)) FROM staff_roles r WHERE r.staff_id = s.id) AS roles
       FROM staff_sessions x JOIN staff s ON s.id = x.staff_id
      WHERE x.id_hash = $1`,
    [idHash],
  );
  const row = result.rows[0];
  if (!row) return { ok: false, reason: 'unknown', staffId: null };
  const staffId = String(row.id);
  if (row.expired) return { ok: false, reason: 'expired', staffId };
  if (!row.active) return { ok: false, reason: 'inactive', staffId };
  // Moved forward at most once a minute, so reading pages does not turn every request into a write.
  if (row.refresh) {
    await db.query(
      `UPDATE staff_sessions SET last_seen_at = now(),
              expires_at = LEAST(absolute_expires_at, now() + make_interval(mins => $2::int))
        WHERE id_hash = $1`,
      [idHash, policy.idleMinutes],
    );
  }
  return {
    ok: true,
    csrfToken: row.csrf_token,
    principal: {
      id: staffId,
      name: row.name,
      isAdmin: row.is_admin,
      roles: new Map((row.roles ?? []).map((r) => [r.scope, r.role])),
    },
  };
}

export async function deleteSession(db: Queryable, sessionId: string): Promise<void> {
  await db.query('DELETE FROM staff_sessions WHERE id_hash = $1', [hashToken(sessionId)]);
}

/** Ends every session of a staff member (deactivated, password changed). */
export async function deleteStaffSessions(db: Queryable, staffId: string): Promise<number> {
  const result = await db.query('DELETE FROM staff_sessions WHERE staff_id = $1', [staffId]);
  return result.rowCount ?? 0;
}

export async function pruneSessions(db: Queryable): Promise<number> {
  const result = await db.query(
    'DELETE FROM staff_sessions WHERE expires_at < now() OR absolute_expires_at < now()',
  );
  return result.rowCount ?? 0;
}

export function csrfMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
