// Who a 避難情報 push reaches: every follower, or those whose district (chosen for 防災, else the one given for
// 子育て) is among the chosen ones; and the count staff see before sending.
import type { Queryable } from '../../../../db/transact.ts';

/**
 * One row per user in the audience: user_id, followed, language. $n is the districts (text[]; null: all).
 * Users who never followed are not in line_users; those who blocked the account are, with followed false.
 */
export function audienceSql(n: number): string {
  return `
    SELECT u.user_id, u.followed, u.language
      FROM line_users u
      LEFT JOIN bousai_resident_districts b ON b.user_id = u.user_id
      LEFT JOIN childcare_parents p ON p.user_id = u.user_id
     WHERE $${n}::text[] IS NULL OR coalesce(b.district, p.district) = ANY($${n}::text[])`;
}

export interface AudienceCount {
  /** Followers: one message each. */
  recipients: number;
  /** Users in the audience who blocked the account: never sent to. */
  blocked: number;
  byLanguage: Record<string, number>;
}

export async function countAudience(
  db: Queryable,
  districts: readonly string[] | null,
): Promise<AudienceCount> {
  const { rows } = await db.query<{ language: string; followed: boolean; n: number }>(
    `SELECT a.language, a.followed, count(*)::int AS n FROM (${audienceSql(1)}) a GROUP BY a.language, a.followed`,
    [districts],
  );
  const count: AudienceCount = { recipients: 0, blocked: 0, byLanguage: {} };
  for (const row of rows) {
    if (!row.followed) {
      count.blocked += row.n;
      continue;
    }
    count.recipients += row.n;
    count.byLanguage[row.language] = (count.byLanguage[row.language] ?? 0) + row.n;
  }
  return count;
}
