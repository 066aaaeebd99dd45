// Staff reads and review marks on the questions residents typed (never who asked), and the statistics.
import type { Queryable } from '../../../db/transact.ts';

export interface OpenQuestion {
  id: string;
  text: string;
  askedAt: Date;
  language: string;
  /** Not answered, or answered and marked 解決しない. */
  reason: 'unanswered' | 'unsolved';
  entryId: string | null;
}

/** How many open questions grouping looks at (the newest). */
export const REVIEW_WINDOW = 5000;

/** Questions awaiting review (not answered, or 解決しない), newest first. */
export async function openQuestions(db: Queryable, since: Date): Promise<OpenQuestion[]> {
  const { rows } = await db.query<{
    id: string;
    text: string;
    asked_at: Date;
    language: string;
    outcome: string;
    entry_id: string | null;
  }>(
    `SELECT id, text, asked_at, language, outcome, entry_id FROM faq_questions
      WHERE review = 'open' AND (outcome = 'unanswered' OR feedback = 'unsolved') AND asked_at >= $1
      ORDER BY asked_at DESC, id LIMIT $2`,
    [since, REVIEW_WINDOW],
  );
  return rows.map((r) => ({
    id: r.id,
    text: r.text,
    askedAt: r.asked_at,
    language: r.language,
    reason: r.outcome === 'unanswered' ? 'unanswered' : 'unsolved',
    entryId: r.entry_id,
  }));
}

/** The texts of open questions among `ids` (in order of the ids), to act on a group. */
export async function openQuestionsByIds(
  db: Queryable,
  ids: readonly string[],
): Promise<{ id: string; text: string; language: string }[]> {
  const { rows } = await db.query<{ id: string; text: string; language: string }>(
    `SELECT id, text, language FROM faq_questions WHERE id = ANY($1::uuid[]) AND review = 'open'`,
    [ids],
  );
  const order = new Map(ids.map((id, i) => [id, i]));
  return rows.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
}

export async function markReviewed(
  db: Queryable,
  ids: readonly string[],
  review: 'phrasing' | 'entry' | 'dismissed',
  at: Date,
): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE faq_questions SET review = $2, reviewed_at = $3 WHERE id = ANY($1::uuid[]) AND review = 'open'`,
    [ids, review, at],
  );
  return rowCount ?? 0;
}

export interface DayCount {
  date: string;
  questions: number;
  answered: number;
  routed: number;
  unanswered: number;
}

/** Questions per city day (Asia/Tokyo) since `since`. */
export async function questionsPerDay(db: Queryable, since: Date): Promise<DayCount[]> {
  const { rows } = await db.query<{
    day: string;
    questions: number;
    answered: number;
    routed: number;
    unanswered: number;
  }>(
    `SELECT to_char((asked_at AT TIME ZONE 'Asia/Tokyo')::date, 'YYYY-MM-DD') AS day,
            count(*)::int AS questions,
            count(*) FILTER (WHERE outcome = 'answered')::int AS answered,
            count(*) FILTER (WHERE outcome = 'routed')::int AS routed,
            count(*) FILTER (WHERE outcome = 'unanswered')::int AS unanswered
       FROM faq_questions WHERE asked_at >= $1 GROUP BY 1 ORDER BY 1`,
    [since],
  );
  return rows.map((r) => ({
    date: r.day,
    questions: r.questions,
    answered: r.answered,
    routed: r.routed,
    unanswered: r.unanswered,
  }));
}

export async function feedbackPerEntry(
  db: Queryable,
  since: Date,
): Promise<{ entryId: string; solved: number; unsolved: number }[]> {
  const { rows } = await db.query<{ entry_id: string; solved: number; unsolved: number }>(
    `SELECT entry_id, count(*) FILTER (WHERE helpful)::int AS solved,
            count(*) FILTER (WHERE NOT helpful)::int AS unsolved
       FROM faq_feedback WHERE at >= $1 GROUP BY entry_id
       ORDER BY count(*) FILTER (WHERE NOT helpful) DESC, entry_id`,
    [since],
  );
  return rows.map((r) => ({ entryId: r.entry_id, solved: r.solved, unsolved: r.unsolved }));
}

export interface VersionRow {
  version: number;
  source: 'staff' | 'import';
  staffId: string | null;
  createdAt: Date;
  retired: boolean;
}

export async function versionsOf(db: Queryable, entryId: string): Promise<VersionRow[]> {
  const { rows } = await db.query<{
    version: number;
    source: 'staff' | 'import';
    staff_id: string | null;
    created_at: Date;
    retired: boolean;
  }>(
    `SELECT version, source, staff_id::text, created_at, entry IS NULL AS retired
       FROM faq_entry_versions WHERE entry_id = $1 ORDER BY version DESC`,
    [entryId],
  );
  return rows.map((r) => ({
    version: r.version,
    source: r.source,
    staffId: r.staff_id,
    createdAt: r.created_at,
    retired: r.retired,
  }));
}
