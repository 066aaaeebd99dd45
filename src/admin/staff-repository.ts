// Staff accounts, roles and tokens: thin queries, one mapper per table, null for not found.
import type { Queryable } from '../db/transact.ts';
import type { Role, StaffPrincipal } from './roles.ts';

export interface Staff {
  id: string;
  name: string;
  email: string | null;
  /** The console sign-in id; null: API tokens only. */
  loginId: string | null;
  isAdmin: boolean;
  active: boolean;
  roles: { scope: string; role: Role }[];
  createdAt: Date;
}

interface StaffRow {
  id: string;
  name: string;
  email: string | null;
  login_id: string | null;
  is_admin: boolean;
  active: boolean;
  created_at: Date;
  roles: { scope: string; role: Role }[] | null;
}

function toStaff(row: StaffRow): Staff {
  return {
    id: String(row.id),
    name: row.name,
    email: row.email,
    loginId: row.login_id,
    isAdmin: row.is_admin,
    active: row.active,
    roles: row.roles ?? [],
    createdAt: row.created_at,
  };
}

const SELECT_STAFF = `
  SELECT s.id, s.name, s.email, s.login_id, s.is_admin, s.active, s.created_at,
         (SELECT json_agg(json_build_object('scope', r.scope, 'role', r.role) ORDER BY r.scope)
            FROM staff_roles r WHERE r.staff_id = s.id) AS roles
    FROM staff s`;

export async function insertStaff(
  db: Queryable,
  input: { name: string; email: string | null; isAdmin: boolean },
): Promise<string> {
  const result = await db.query<{ id: string }>(
    'INSERT INTO staff (name, email, is_admin) VALUES ($1, $2, $3) RETURNING id',
    [input.name, input.email, input.isAdmin],
  );
  return String(result.rows[0]?.id);
}

export async function findStaff(db: Queryable, id: string): Promise<Staff | null> {
  const result = await db.query<StaffRow>(`${SELECT_STAFF} WHERE s.id = $1`, [id]);
  return result.rows[0] ? toStaff(result.rows[0]) : null;
}

/** In id order, after `afterId` (exclusive) when given. */
export async function listStaff(
  db: Queryable,
  page: { afterId?: string | undefined; limit: number },
): Promise<Staff[]> {
  const result = await db.query<StaffRow>(
    `${SELECT_STAFF} WHERE ($1::bigint IS NULL OR s.id > $1) ORDER BY s.id LIMIT $2`,
    [page.afterId ?? null, page.limit],
  );
  return result.rows.map(toStaff);
}

/**
 * Updates the staff member; null when there is none. Deactivating also revokes every token they hold, so
 * reactivating an account later does not bring old (perhaps leaked) tokens back: they get new ones.
 */
export async function updateStaff(
  db: Queryable,
  id: string,
  input: { name?: string | undefined; isAdmin?: boolean | undefined; active?: boolean | undefined },
): Promise<{ tokensRevoked: number } | null> {
  const result = await db.query(
    `UPDATE staff SET name = COALESCE($2, name), is_admin = COALESCE($3, is_admin),
            active = COALESCE($4, active), updated_at = now()
      WHERE id = $1`,
    [id, input.name ?? null, input.isAdmin ?? null, input.active ?? null],
  );
  if (result.rowCount !== 1) return null;
  if (input.active !== false) return { tokensRevoked: 0 };
  await db.query('DELETE FROM staff_sessions WHERE staff_id = $1', [id]);
  const revoked = await db.query(
    'UPDATE staff_tokens SET revoked_at = now() WHERE staff_id = $1 AND revoked_at IS NULL',
    [id],
  );
  return { tokensRevoked: revoked.rowCount ?? 0 };
}

/** Replaces the staff member's roles with exactly these. */
export async function replaceRoles(
  db: Queryable,
  staffId: string,
  roles: { scope: string; role: Role }[],
): Promise<void> {
  await db.query('DELETE FROM staff_roles WHERE staff_id = $1', [staffId]);
  if (roles.length === 0) return;
  await db.query(
    `INSERT INTO staff_roles (staff_id, scope, role)
     SELECT $1, scope, role FROM unnest($2::text[], $3::text[]) AS r(scope, role)`,
    [staffId, roles.map((r) => r.scope), roles.map((r) => r.role)],
  );
}

export async function insertToken(
  db: Queryable,
  input: { staffId: string; tokenHash: Buffer; label: string; expiresAt: Date | null },
): Promise<string> {
  const result = await db.query<{ id: string }>(
    'INSERT INTO staff_tokens (staff_id, token_hash, label, expires_at) VALUES ($1, $2, $3, $4) RETURNING id',
    [input.staffId, input.tokenHash, input.label, input.expiresAt],
  );
  return String(result.rows[0]?.id);
}

export async function revokeToken(db: Queryable, tokenId: string): Promise<{ staffId: string } | null> {
  const result = await db.query<{ staff_id: string }>(
    'UPDATE staff_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING staff_id',
    [tokenId],
  );
  return result.rows[0] ? { staffId: String(result.rows[0].staff_id) } : null;
}

export type TokenCheck =
  | { ok: true; principal: StaffPrincipal }
  | {
      ok: false;
      reason: 'unknown' | 'revoked' | 'expired' | 'inactive';
      /** The token's owner when the token exists (a refused attempt is then logged with who made it). */
      staffId: string | null;
    };

/**
 * The staff member a token belongs to, if the token may be used: unrevoked, unexpired, and its owner active.
 * An inactive owner refuses every credential (tokens now, sessions later): it is the one check on the person.
 */
export async function checkToken(db: Queryable, tokenHash: Buffer): Promise<TokenCheck> {
  const result = await db.query<{
    token_id: string;
    id: string;
    name: string;
    is_admin: boolean;
    active: boolean;
    revoked: boolean;
    expired: boolean;
    roles: { scope: string; role: Role }[] | null;
  }>(
    `SELECT t.id AS token_id, s.id, s.name, s.is_admin, s.active,
            t.revoked_at IS NOT NULL AS revoked, COALESCE(t.expires_at <= now(), false) AS expired,
            (SELECT json_agg(json_build_object('scope', r.scope, 'role', r.role)) FROM staff_roles r WHERE r.staff_id = s.id) AS roles
       FROM staff_tokens t JOIN staff s ON s.id = t.staff_id
      WHERE t.token_hash = $1`,
    [tokenHash],
  );
  const row = result.rows[0];
  if (!row) return { ok: false, reason: 'unknown', staffId: null };
  const staffId = String(row.id);
  if (!row.active) return { ok: false, reason: 'inactive', staffId };
  if (row.revoked) return { ok: false, reason: 'revoked', staffId };
  if (row.expired) return { ok: false, reason: 'expired', staffId };
  // Recorded at most once a minute, so authenticating does not turn every read into a write.
  await db.query(
    `UPDATE staff_tokens SET last_used_at = now()
      WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
    [row.token_id],
  );
  return {
    ok: true,
    principal: {
      id: staffId,
      name: row.name,
      isAdmin: row.is_admin,
      roles: new Map((row.roles ?? []).map((r) => [r.scope, r.role])),
    },
  };
}

/** Sets the console sign-in; a new password ends the member's other sessions. */
export async function setLogin(
  db: Queryable,
  staffId: string,
  input: { loginId: string; passwordHash: string },
): Promise<void> {
  await db.query('UPDATE staff SET login_id = $2, password_hash = $3, updated_at = now() WHERE id = $1', [
    staffId,
    input.loginId,
    input.passwordHash,
  ]);
  await db.query('DELETE FROM staff_sessions WHERE staff_id = $1', [staffId]);
}

export async function loginTaken(db: Queryable, loginId: string, exceptStaffId?: string): Promise<boolean> {
  const result = await db.query(
    'SELECT 1 FROM staff WHERE login_id = $1 AND id IS DISTINCT FROM $2::bigint',
    [loginId, exceptStaffId ?? null],
  );
  return (result.rowCount ?? 0) > 0;
}
