// Reading reports: one by id, the staff list with its filters and paging, the history, who to notify.
import type { Queryable } from '../../db/transact.ts';
import { isLanguage } from '../../i18n/languages.ts';
import type { BoundingBox, Recipient, Report, ReportEvent, ReportPhoto } from './types.ts';

interface ReportRow {
  id: string;
  number: string;
  category: string;
  department: string;
  status: string;
  lat: number;
  lon: number;
  address: string | null;
  comment: string | null;
  public_comment: string | null;
  user_id: string | null;
  hidden: boolean;
  published: boolean;
  published_at: Date | null;
  exact_location_public: boolean;
  duplicate_of: string | null;
  photos: ReportPhoto[];
  supporter_count: number;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
}

// Photos and the me-too count come with each report: the exporters are pure functions over listed reports.
export const REPORT_COLUMNS = `r.id::text AS id, r.number, r.category, r.department, r.status, r.lat, r.lon,
  r.address, r.comment, r.public_comment, r.user_id, r.hidden, r.published, r.published_at,
  r.exact_location_public, r.duplicate_of::text AS duplicate_of,
  COALESCE((SELECT json_agg(json_build_object('key', p.photo_key, 'source', p.source, 'public', p.public)
                            ORDER BY p.id)
              FROM report_photos p WHERE p.report_id = r.id), '[]'::json) AS photos,
  (SELECT count(*) FROM report_supporters s WHERE s.report_id = r.id)::int AS supporter_count,
  r.created_at, r.updated_at, r.closed_at`;

export function toReport(row: ReportRow): Report {
  return {
    id: row.id,
    number: row.number,
    category: row.category,
    department: row.department,
    status: row.status,
    lat: Number(row.lat),
    lon: Number(row.lon),
    address: row.address,
    comment: row.comment,
    publicComment: row.public_comment,
    userId: row.user_id,
    hidden: row.hidden,
    published: row.published,
    publishedAt: row.published_at,
    exactLocationPublic: row.exact_location_public,
    duplicateOf: row.duplicate_of,
    photos: row.photos,
    supporterCount: row.supporter_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    closedAt: row.closed_at,
  };
}

export async function findReport(db: Queryable, id: string): Promise<Report | null> {
  if (!/^\d{1,18}$/.test(id)) return null;
  const result = await db.query<ReportRow>(`SELECT ${REPORT_COLUMNS} FROM reports r WHERE r.id = $1`, [id]);
  return result.rows[0] ? toReport(result.rows[0]) : null;
}

/** Published and not hidden: the only reports anything public may show (see export/public.ts). */
const PUBLIC_ONLY = 'r.published AND NOT r.hidden';

/**
 * Several reports by number in one statement, in the order asked; numbers that match nothing (or, with
 * `publicOnly`, nothing public) are left out.
 */
export async function findReportsByNumbers(
  db: Queryable,
  numbers: readonly string[],
  options: { publicOnly?: boolean } = {},
): Promise<Report[]> {
  if (numbers.length === 0) return [];
  const result = await db.query<ReportRow>(
    `SELECT ${REPORT_COLUMNS} FROM reports r
      WHERE r.number = ANY($1::text[]) ${options.publicOnly ? `AND ${PUBLIC_ONLY}` : ''}`,
    [numbers],
  );
  const order = new Map(numbers.map((n, i) => [n, i]));
  return result.rows.map(toReport).sort((a, b) => (order.get(a.number) ?? 0) - (order.get(b.number) ?? 0));
}

export async function findReportByNumber(db: Queryable, number: string): Promise<Report | null> {
  const result = await db.query<ReportRow>(`SELECT ${REPORT_COLUMNS} FROM reports r WHERE r.number = $1`, [
    number,
  ]);
  return result.rows[0] ? toReport(result.rows[0]) : null;
}

/** Locks the row for the rest of the transaction: concurrent staff changes to one report go one at a time. */
export async function lockReport(db: Queryable, id: string): Promise<{ status: string } | null> {
  if (!/^\d{1,18}$/.test(id)) return null;
  const result = await db.query<{ status: string }>('SELECT status FROM reports WHERE id = $1 FOR UPDATE', [
    id,
  ]);
  return result.rows[0] ?? null;
}

export interface ReportFilter {
  status?: string[];
  category?: string;
  department?: string;
  /** created_at >= from */
  from?: Date;
  /** created_at < to */
  to?: Date;
  bbox?: BoundingBox;
  /** Matched against the number, the address, the comment and the public comment. */
  text?: string;
  /** true by default (staff see everything); false leaves hidden reports out. */
  includeHidden?: boolean;
  /** Staff's moderation filter: only published (true) or only unpublished (false) reports. */
  published?: boolean;
  /** What the public may see: published and not hidden (Open311, the open-data exports). */
  publicOnly?: boolean;
  limit?: number;
  offset?: number;
  /** Keyset paging: the reports after this one in the list's order (newest first). */
  after?: ReportListKey;
}

/** A report's place in the list's order: created_at to the microsecond (as text) and id. */
export interface ReportListKey {
  at: string;
  id: string;
}

export const MAX_PAGE = 1000;

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The staff list, newest first, with the total count and each item's key for paging (by report id). */
export async function listReports(
  db: Queryable,
  filter: ReportFilter = {},
): Promise<{ items: Report[]; total: number; keys: Map<string, ReportListKey> }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (filter.status?.length) add((p) => `r.status = ANY(${p}::text[])`, filter.status);
  if (filter.category) add((p) => `r.category = ${p}`, filter.category);
  if (filter.department) add((p) => `r.department = ${p}`, filter.department);
  if (filter.from) add((p) => `r.created_at >= ${p}`, filter.from);
  if (filter.to) add((p) => `r.created_at < ${p}`, filter.to);
  if (filter.bbox) {
    const b = filter.bbox;
    add((p) => `r.lat >= ${p}`, b.south);
    add((p) => `r.lat <= ${p}`, b.north);
    add((p) => `r.lon >= ${p}`, b.west);
    add((p) => `r.lon <= ${p}`, b.east);
  }
  const text = filter.text?.trim();
  if (text) {
    add(
      (p) =>
        `(r.number ILIKE ${p} OR r.address ILIKE ${p} OR r.comment ILIKE ${p} OR r.public_comment ILIKE ${p})`,
      `%${escapeLike(text)}%`,
    );
  }
  // Staff see hidden reports unless they ask not to.
  if (filter.includeHidden === false) where.push('NOT r.hidden');
  if (filter.published !== undefined) add((p) => `r.published = ${p}`, filter.published);
  if (filter.publicOnly) where.push(PUBLIC_ONLY);
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), MAX_PAGE);
  const offset = Math.max(filter.offset ?? 0, 0);
  const total = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM reports r ${whereSql}`, params);
  // The page after a key: the total counts the whole filter, the key only moves the window.
  const pageParams = [...params];
  let afterSql = '';
  if (filter.after) {
    pageParams.push(filter.after.at, filter.after.id);
    const at = `$${pageParams.length - 1}::timestamptz`;
    const id = `$${pageParams.length}::bigint`;
    afterSql = `${whereSql ? ' AND' : 'WHERE'} (r.created_at, r.id) < (${at}, ${id})`;
  }
  // The key as text to the microsecond: a JavaScript Date would round it to the millisecond and skip rows.
  const rows = await db.query<ReportRow & { list_at: string }>(
    `SELECT ${REPORT_COLUMNS},
            to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS list_at
       FROM reports r ${whereSql}${afterSql}
      ORDER BY r.created_at DESC, r.id DESC LIMIT ${limit} OFFSET ${offset}`,
    pageParams,
  );
  return {
    items: rows.rows.map(toReport),
    total: total.rows[0]?.n ?? 0,
    keys: new Map(rows.rows.map((row) => [String(row.id), { at: row.list_at, id: String(row.id) }])),
  };
}

export async function listReportEvents(db: Queryable, reportId: string): Promise<ReportEvent[]> {
  const result = await db.query<{
    id: string;
    kind: string;
    from_status: string | null;
    to_status: string | null;
    reason: string | null;
    note: string | null;
    staff_id: string | null;
    at: Date;
  }>(
    `SELECT id::text AS id, kind, from_status, to_status, reason, note, staff_id::text AS staff_id, at
       FROM report_events WHERE report_id = $1 ORDER BY id`,
    [reportId],
  );
  return result.rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    fromStatus: r.from_status,
    toStatus: r.to_status,
    reason: r.reason,
    note: r.note,
    staffId: r.staff_id,
    at: r.at,
  }));
}

/** The reporter and the me-too residents who still follow the account, each with their language. */
export async function reportRecipients(db: Queryable, reportId: string): Promise<Recipient[]> {
  const result = await db.query<{ user_id: string; language: string; role: 'reporter' | 'supporter' }>(
    `SELECT u.user_id, u.language, x.role FROM (
        SELECT user_id, 'reporter' AS role, 0 AS ord, created_at FROM reports WHERE id = $1 AND user_id IS NOT NULL
        UNION ALL
        SELECT user_id, 'supporter', 1, created_at FROM report_supporters WHERE report_id = $1
      ) x JOIN line_users u ON u.user_id = x.user_id
      WHERE u.followed
      ORDER BY x.ord, x.created_at, u.user_id`,
    [reportId],
  );
  const seen = new Set<string>();
  const out: Recipient[] = [];
  for (const row of result.rows) {
    if (seen.has(row.user_id)) continue;
    seen.add(row.user_id);
    out.push({
      userId: row.user_id,
      language: isLanguage(row.language) ? row.language : 'ja',
      role: row.role,
    });
  }
  return out;
}
