// 「わたしの報告」: a resident's own reports and those they said "me too" to, with the status in their language.
import type { Queryable } from '../../db/transact.ts';
import { isLanguage, type Language } from '../../i18n/languages.ts';
import { findCategory, localize, type ReportCatalog, statusLabel } from './catalog/catalog.ts';

export interface UserReport {
  id: string;
  number: string;
  role: 'reporter' | 'supporter';
  category: string;
  categoryName: string;
  status: string;
  statusLabel: string;
  /** The reason of the last status change (e.g. why it was rejected), if any. */
  reason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export async function listUserReports(
  db: Queryable,
  catalog: ReportCatalog,
  userId: string,
  options: { language?: Language; limit?: number } = {},
): Promise<UserReport[]> {
  let language = options.language;
  if (!language) {
    const user = await db.query<{ language: string }>('SELECT language FROM line_users WHERE user_id = $1', [
      userId,
    ]);
    const stored = user.rows[0]?.language;
    language = isLanguage(stored) ? stored : 'ja';
  }
  const limit = Math.min(Math.max(options.limit ?? 20, 1), 100);
  const result = await db.query<{
    id: string;
    number: string;
    role: 'reporter' | 'supporter';
    category: string;
    status: string;
    reason: string | null;
    created_at: Date;
    updated_at: Date;
  }>(
    `SELECT r.id::text AS id, r.number, x.role, r.category, r.status, r.created_at, r.updated_at,
            (SELECT e.reason FROM report_events e WHERE e.report_id = r.id AND e.kind = 'status'
              ORDER BY e.id DESC LIMIT 1) AS reason
       FROM (SELECT id, 'reporter' AS role FROM reports WHERE user_id = $1
             UNION
             SELECT report_id, 'supporter' FROM report_supporters WHERE user_id = $1) x
       JOIN reports r ON r.id = x.id
      ORDER BY r.created_at DESC, r.id DESC
      LIMIT ${limit}`,
    [userId],
  );
  const lang = language;
  return result.rows.map((r) => {
    const category = findCategory(catalog, r.category);
    return {
      id: r.id,
      number: r.number,
      role: r.role,
      category: r.category,
      categoryName: category ? localize(category.name, lang) : r.category,
      status: r.status,
      statusLabel: statusLabel(catalog, r.status, lang),
      reason: r.reason,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  });
}
