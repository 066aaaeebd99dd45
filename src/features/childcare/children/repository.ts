// SQL for parents' consent and their children; every child query names the user, so one parent can never
// read or change another's child.
import type { Queryable } from '../../../db/transact.ts';

export interface Parent {
  userId: string;
  consentVersion: string;
  consentedAt: Date;
  district: string | null;
}

export interface Child {
  id: string;
  nickname: string;
  /** YYYY-MM-DD */
  birthDate: string;
}

/** A parent may register this many children (a carousel shows them with one more bubble to manage). */
export const MAX_CHILDREN = 10;

interface ParentRow {
  user_id: string;
  consent_version: string;
  consented_at: Date;
  district: string | null;
}

export async function findParent(db: Queryable, userId: string, forUpdate = false): Promise<Parent | null> {
  const result = await db.query<ParentRow>(
    `SELECT user_id, consent_version, consented_at, district FROM childcare_parents WHERE user_id = $1
     ${forUpdate ? 'FOR UPDATE' : ''}`,
    [userId],
  );
  const row = result.rows[0];
  return row
    ? {
        userId: row.user_id,
        consentVersion: row.consent_version,
        consentedAt: row.consented_at,
        district: row.district,
      }
    : null;
}

/** Records consent to `version` (a first consent or a newer wording) and logs it. */
export async function giveConsent(db: Queryable, userId: string, version: string, at: Date): Promise<void> {
  await db.query(
    `INSERT INTO childcare_parents (user_id, consent_version, consented_at) VALUES ($1, $2, $3)
     ON CONFLICT (user_id) DO UPDATE
       SET consent_version = EXCLUDED.consent_version, consented_at = EXCLUDED.consented_at, updated_at = now()`,
    [userId, version, at],
  );
  await db.query(
    `INSERT INTO childcare_consent_log (user_id, consent_version, action, at) VALUES ($1, $2, 'given', $3)`,
    [userId, version, at],
  );
}

/** Deletes the parent and, by cascade, every child; logs the withdrawal. False when nothing was registered. */
export async function withdrawConsent(db: Queryable, userId: string, at: Date): Promise<boolean> {
  const deleted = await db.query<{ consent_version: string }>(
    'DELETE FROM childcare_parents WHERE user_id = $1 RETURNING consent_version',
    [userId],
  );
  const version = deleted.rows[0]?.consent_version;
  if (version === undefined) return false;
  await db.query(
    `INSERT INTO childcare_consent_log (user_id, consent_version, action, at) VALUES ($1, $2, 'withdrawn', $3)`,
    [userId, version, at],
  );
  return true;
}

export async function setDistrict(db: Queryable, userId: string, district: string | null): Promise<boolean> {
  const result = await db.query(
    'UPDATE childcare_parents SET district = $2, updated_at = now() WHERE user_id = $1',
    [userId, district],
  );
  return (result.rowCount ?? 0) > 0;
}

interface ChildRow {
  id: string;
  nickname: string;
  birth_date: string;
}

const toChild = (row: ChildRow): Child => ({
  id: String(row.id),
  nickname: row.nickname,
  birthDate: row.birth_date,
});

/** The parent's children, oldest first (as siblings are usually named). */
export async function listChildren(db: Queryable, userId: string): Promise<Child[]> {
  const result = await db.query<ChildRow>(
    `SELECT id, nickname, birth_date::text AS birth_date FROM childcare_children
      WHERE user_id = $1 ORDER BY birth_date, id`,
    [userId],
  );
  return result.rows.map(toChild);
}

export async function countChildren(db: Queryable, userId: string): Promise<number> {
  const result = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM childcare_children WHERE user_id = $1',
    [userId],
  );
  return result.rows[0]?.n ?? 0;
}

/** The child if it is this user's; null for a deleted child or another user's id. */
export async function findChild(db: Queryable, userId: string, childId: string): Promise<Child | null> {
  const result = await db.query<ChildRow>(
    `SELECT id, nickname, birth_date::text AS birth_date FROM childcare_children WHERE id = $1 AND user_id = $2`,
    [childId, userId],
  );
  return result.rows[0] ? toChild(result.rows[0]) : null;
}

export async function insertChild(
  db: Queryable,
  userId: string,
  child: { nickname: string; birthDate: string },
): Promise<Child> {
  const result = await db.query<ChildRow>(
    `INSERT INTO childcare_children (user_id, nickname, birth_date) VALUES ($1, $2, $3)
     RETURNING id, nickname, birth_date::text AS birth_date`,
    [userId, child.nickname, child.birthDate],
  );
  const row = result.rows[0];
  if (!row) throw new Error('insert returned no row');
  return toChild(row);
}

/** Changes a child's nickname or birth date; null when the child is not (or no longer) this user's. */
export async function updateChild(
  db: Queryable,
  userId: string,
  childId: string,
  change: { nickname: string } | { birthDate: string },
): Promise<Child | null> {
  const [column, value] =
    'nickname' in change ? ['nickname', change.nickname] : ['birth_date', change.birthDate];
  const result = await db.query<ChildRow>(
    `UPDATE childcare_children SET ${column} = $3, updated_at = now() WHERE id = $1 AND user_id = $2
     RETURNING id, nickname, birth_date::text AS birth_date`,
    [childId, userId, value],
  );
  return result.rows[0] ? toChild(result.rows[0]) : null;
}

export async function deleteChild(db: Queryable, userId: string, childId: string): Promise<Child | null> {
  const result = await db.query<ChildRow>(
    `DELETE FROM childcare_children WHERE id = $1 AND user_id = $2
     RETURNING id, nickname, birth_date::text AS birth_date`,
    [childId, userId],
  );
  return result.rows[0] ? toChild(result.rows[0]) : null;
}
