// Who a segment reaches on a city date: consenting parents with a child in the age range (and district),
// one row per parent however many of their children match; and the counts staff see before sending.
import type { Queryable } from '../../../db/transact.ts';
import type { SegmentCount, SegmentCriteria } from './types.ts';

/**
 * One row per parent in the segment: user_id, followed, language, children (in range). The params are
 * $n day (YYYY-MM-DD), $n+1 ageFromMonths, $n+2 ageToMonths, $n+3 district (null: any).
 * A child is n completed months old on `day` when birth + n months ≤ day < birth + (n + 1) months;
 * PostgreSQL's date + interval clamps to the month's end exactly as addMonths in ../dates.ts does.
 */
export function segmentSql(n: number): string {
  return `
    SELECT p.user_id, u.followed, u.language, count(*)::int AS children
      FROM childcare_parents p
      JOIN line_users u ON u.user_id = p.user_id
      JOIN childcare_children c ON c.user_id = p.user_id
     WHERE c.birth_date + make_interval(months => $${n + 1}::int) <= $${n}::date
       AND c.birth_date + make_interval(months => $${n + 2}::int + 1) > $${n}::date
       AND ($${n + 3}::text IS NULL OR p.district = $${n + 3}::text)
     GROUP BY p.user_id, u.followed, u.language`;
}

export function segmentParams(criteria: SegmentCriteria, day: string): unknown[] {
  return [day, criteria.ageFromMonths, criteria.ageToMonths, criteria.district];
}

/** How many parents a send with these criteria would reach on `day` (city date), and how many are blocked. */
export async function countSegment(
  db: Queryable,
  criteria: SegmentCriteria,
  day: string,
): Promise<SegmentCount> {
  const { rows } = await db.query<{ recipients: number; blocked: number; children: number }>(
    `SELECT count(*) FILTER (WHERE s.followed)::int AS recipients,
            count(*) FILTER (WHERE NOT s.followed)::int AS blocked,
            coalesce(sum(s.children), 0)::int AS children
       FROM (${segmentSql(1)}) s`,
    segmentParams(criteria, day),
  );
  const row = rows[0];
  return { recipients: row?.recipients ?? 0, blocked: row?.blocked ?? 0, children: row?.children ?? 0 };
}
