// LINE users of the account: who follows, in which language they are answered.
import type { Queryable } from '../db/transact.ts';
import type { Language } from '../i18n/languages.ts';
import { DEFAULT_LANGUAGE, isLanguage } from '../i18n/languages.ts';

export interface LineUser {
  userId: string;
  displayName: string | null;
  language: Language;
  languageChosen: boolean;
  followed: boolean;
}

interface LineUserRow {
  user_id: string;
  display_name: string | null;
  language: string;
  language_chosen: boolean;
  followed: boolean;
}

function toLineUser(row: LineUserRow): LineUser {
  return {
    userId: row.user_id,
    displayName: row.display_name,
    language: isLanguage(row.language) ? row.language : DEFAULT_LANGUAGE,
    languageChosen: row.language_chosen,
    followed: row.followed,
  };
}

const COLUMNS = 'user_id, display_name, language, language_chosen, followed';

export async function findUser(db: Queryable, userId: string): Promise<LineUser | null> {
  const result = await db.query<LineUserRow>(`SELECT ${COLUMNS} FROM line_users WHERE user_id = $1`, [
    userId,
  ]);
  return result.rows[0] ? toLineUser(result.rows[0]) : null;
}

/**
 * Records a user seen following (a follow event, or a first message from someone who followed before we
 * stored users). A language the resident chose from the menu is kept; otherwise the profile's is taken.
 */
export async function upsertFollowingUser(
  db: Queryable,
  input: { userId: string; displayName: string | null; profileLanguage: Language; isFollowEvent: boolean },
): Promise<LineUser> {
  const result = await db.query<LineUserRow>(
    `INSERT INTO line_users (user_id, display_name, language, followed, followed_at)
     VALUES ($1, $2, $3, true, CASE WHEN $4 THEN now() END)
     ON CONFLICT (user_id) DO UPDATE SET
       display_name = COALESCE(EXCLUDED.display_name, line_users.display_name),
       language = CASE WHEN line_users.language_chosen THEN line_users.language ELSE EXCLUDED.language END,
       followed = CASE WHEN $4 THEN true ELSE line_users.followed END,
       followed_at = CASE WHEN $4 THEN now() ELSE line_users.followed_at END,
       updated_at = now()
     RETURNING ${COLUMNS}`,
    [input.userId, input.displayName, input.profileLanguage, input.isFollowEvent],
  );
  return toLineUser(result.rows[0] as LineUserRow);
}

export async function markUnfollowed(db: Queryable, userId: string): Promise<void> {
  await db.query(
    `INSERT INTO line_users (user_id, followed, unfollowed_at) VALUES ($1, false, now())
     ON CONFLICT (user_id) DO UPDATE SET followed = false, unfollowed_at = now(), updated_at = now()`,
    [userId],
  );
}

export async function setUserLanguage(db: Queryable, userId: string, language: Language): Promise<void> {
  await db.query(
    `UPDATE line_users SET language = $2, language_chosen = true, updated_at = now() WHERE user_id = $1`,
    [userId, language],
  );
}

/** Following users grouped by language, a page at a time (for linking each user's language menu). */
export async function listFollowingUsersByLanguage(
  db: Queryable,
  language: Language,
  afterUserId: string | null,
  limit: number,
): Promise<string[]> {
  const result = await db.query<{ user_id: string }>(
    `SELECT user_id FROM line_users
      WHERE followed AND language = $1 AND ($2::text IS NULL OR user_id > $2)
      ORDER BY user_id LIMIT $3`,
    [language, afterUserId, limit],
  );
  return result.rows.map((r) => r.user_id);
}
