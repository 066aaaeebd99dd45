// Streams following users from line_users grouped by language, a page at a time, for the deploy's bulk links.
import type pg from 'pg';
import type { UserLanguageBatch } from './link.ts';

export const FOLLOWERS_PAGE_SIZE = 1000;

type Queryable = Pick<pg.Pool, 'query'>;

interface FollowerRow {
  user_id: string;
  language: string;
}

/** Keyset pagination on the primary key: steady cost per page, and no user is skipped or read twice. */
export async function* listFollowersByLanguage(
  db: Queryable,
  pageSize = FOLLOWERS_PAGE_SIZE,
): AsyncIterable<UserLanguageBatch> {
  let after = '';
  for (;;) {
    const { rows } = await db.query<FollowerRow>(
      'SELECT user_id, language FROM line_users WHERE followed AND user_id > $1 ORDER BY user_id LIMIT $2',
      [after, pageSize],
    );
    const byLanguage = new Map<string, string[]>();
    for (const row of rows) {
      const ids = byLanguage.get(row.language) ?? [];
      ids.push(row.user_id);
      byLanguage.set(row.language, ids);
    }
    for (const [language, userIds] of byLanguage) yield { language, userIds };
    const last = rows.at(-1);
    if (!last || rows.length < pageSize) return;
    after = last.user_id;
  }
}
