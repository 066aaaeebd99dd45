// Staff accounts, roles and tokens: thin queries, one mapper per table, null for not found.
import type { Queryable } from '../db/transact.ts';
import type { Role, StaffPrincipal } from './roles.ts';

export interface Staff {
  id: string;
  name: string;
  email: string | null;
  isAdmin: boolean;
  active: boolean;
  roles: { scope: string; role: Role }[];
  createdAt: Date;
}

interface StaffRow {
  id: string;
  name: string;
  email: string | null;
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
    isAdmin: row.is_admin,
    active: row.active,
    roles: row.roles ?? [],
    createdAt: row.created_at,
  };
}

const SELECT_STAFF = `
  SELECT s.id, s.name, s.email, s.is_admin, s.active, s.created_at,
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

export async function listStaff(db: Queryable): Promise<Staff[]> {
  const result = await db.query<StaffRow>(`${SELECT_STAFF} ORDER BY s.id`);
  return result.rows.map(toStaff);
}

export async function updateStaff(
  db: Queryable,
  id: string,
  input: { name?: string | undefined; isAdmin?: boolean | undefined; active?: boolean | undefined },
): Promise<boolean> {
  const result = await db.query(
    `UPDATE staff SET name = COALESCE($2, name), is_admin = COALESCE($3, is_admin),
            active = COALESCE($4, active), updated_at = now()
      WHERE id = $1`,
    [id, input.name ?? null, input.isAdmin ?? null, input.active ?? null],
  );
  return result.rowCount === 1;
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

/** The active staff member a valid (unrevoked, unexpired) token belongs to, with their roles. */
export async function findPrincipalByTokenHash(
  db: Queryable,
  tokenHash: Buffer,
): Promise<StaffPrincipal | null> {
  const result = await db.query<{
    token_id: string;
    id: string;
    name: string;
    is_admin: boolean;
    roles: { scope: string; role: Role }[] | null;
  }>(
    `SELECT t.id AS token_id, s.id, s.name, s.is_admin,
            (SELECT json_agg(json_build_object('scope', r.scope, 'role', r.role)) FROM staff_roles r WHERE r.staff_id = s.id) AS roles
       FROM staff_tokens t JOIN staff s ON s.id = t.staff_id
      WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now()) AND s.active`,
    [tokenHash],
  );
  const row = result.rows[0];
  if (!row) return null;
  // Recorded at most once a minute, so authenticating does not turn every read into a write.
  await db.query(
    `UPDATE staff_tokens SET last_used_at = now()
      WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
    [row.token_id],
  );
  return {
    id: String(row.id),
    name: row.name,
    isAdmin: row.is_admin,
    roles: new Map((row.roles ?? []).map((r) => [r.scope, r.role])),
  };
}
