// The よくある質問 tables: questions residents typed (never who asked), feedback on answers, and staff versions of
// entries. Thin queries; callers choose the transaction.
import type { Queryable } from '../../db/transact.ts';
import type { Language } from '../../i18n/languages.ts';
import { entrySchema, type FaqEntry } from './content.ts';

export type QuestionOutcome = 'answered' | 'unanswered' | 'routed';

export interface QuestionRecord {
  id: string;
  askedAt: Date;
  language: Language;
  text: string;
  outcome: QuestionOutcome;
  entryId: string | null;
  intentId: string | null;
  confidence: number;
}

export async function insertQuestion(db: Queryable, q: QuestionRecord): Promise<void> {
  await db.query(
    `INSERT INTO faq_questions (id, asked_at, language, text, outcome, entry_id, intent_id, confidence)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [q.id, q.askedAt, q.language, q.text, q.outcome, q.entryId, q.intentId, q.confidence],
  );
}

/**
 * Records a 解決した / 解決しない tap. A question's first answer is kept (a second tap changes nothing); false
 * when the question already had feedback. `questionId` is null for an entry opened from the menu.
 */
export async function recordFeedback(
  db: Queryable,
  input: { entryId: string; questionId: string | null; helpful: boolean; language: Language; at: Date },
): Promise<boolean> {
  let questionId: string | null = null;
  if (input.questionId) {
    const { rowCount } = await db.query(
      `UPDATE faq_questions SET feedback = $3, feedback_at = $4
        WHERE id = $1 AND entry_id = $2 AND feedback IS NULL`,
      [input.questionId, input.entryId, input.helpful ? 'solved' : 'unsolved', input.at],
    );
    if (!rowCount) {
      const { rows } = await db.query('SELECT 1 FROM faq_questions WHERE id = $1 AND entry_id = $2', [
        input.questionId,
        input.entryId,
      ]);
      // Already answered: the first tap counts. A question that is gone (deleted after a year) or not this
      // entry's is recorded as feedback on the entry alone.
      if (rows.length > 0) return false;
    } else {
      questionId = input.questionId;
    }
  }
  await db.query(
    'INSERT INTO faq_feedback (entry_id, question_id, helpful, language, at) VALUES ($1, $2, $3, $4, $5)',
    [input.entryId, questionId, input.helpful, input.language, input.at],
  );
  return true;
}

/** The highest revision of staff edits (0: none); an instance reloads its content when this changes. */
export async function latestRevision(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ revision: string | null }>(
    'SELECT max(revision)::text AS revision FROM faq_entry_versions',
  );
  return Number(rows[0]?.revision ?? 0);
}

export interface StoredVersion {
  entryId: string;
  version: number;
  /** null: retired. */
  entry: FaqEntry | null;
}

/** The newest version of every entry staff changed. */
export async function currentVersions(db: Queryable): Promise<StoredVersion[]> {
  const { rows } = await db.query<{ entry_id: string; version: number; entry: unknown }>(
    `SELECT DISTINCT ON (entry_id) entry_id, version, entry
       FROM faq_entry_versions ORDER BY entry_id, version DESC`,
  );
  return rows.map((row) => ({
    entryId: row.entry_id,
    version: row.version,
    entry: row.entry === null ? null : entrySchema.parse(row.entry),
  }));
}

/** The newest version number of one entry (0: never edited, the shipped file's). */
export async function entryVersion(db: Queryable, entryId: string): Promise<number> {
  const { rows } = await db.query<{ version: number | null }>(
    'SELECT max(version) AS version FROM faq_entry_versions WHERE entry_id = $1',
    [entryId],
  );
  return rows[0]?.version ?? 0;
}

export async function insertVersion(
  db: Queryable,
  input: {
    entryId: string;
    version: number;
    entry: FaqEntry | null;
    source: 'staff' | 'import';
    staffId: string | null;
    at: Date;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO faq_entry_versions (entry_id, version, entry, source, staff_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      input.entryId,
      input.version,
      input.entry === null ? null : JSON.stringify(input.entry),
      input.source,
      input.staffId,
      input.at,
    ],
  );
}

/** Deletes questions asked before `before` (feedback rows keep their count; their link is cleared). */
export async function deleteQuestionsBefore(db: Queryable, before: Date): Promise<number> {
  const questions = await db.query('DELETE FROM faq_questions WHERE asked_at < $1', [before]);
  await db.query('DELETE FROM faq_feedback WHERE at < $1', [before]);
  return questions.rowCount ?? 0;
}
