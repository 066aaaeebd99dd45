// The report as staff of its department see it (exact data, the reporter's comment and LINE id), its zod
// answer schemas for the OpenAPI document, and the mapper; timestamps in city time, the original of a
// duplicate by its report number too.
import { z } from 'zod';
import { cityDateTime } from '../../../admin/city-time.ts';
import { pageSchema } from '../../../admin/paging.ts';
import type { Queryable } from '../../../db/transact.ts';
import type { Report } from '../types.ts';
import type { ReportEnums } from './enums.ts';

export const photoUrl = (id: string, key: string) => `/admin/reports/${id}/photos/${key}`;

export const errorSchema = z.object({
  error: z.string().describe('what was wrong; a 400 names the field and, for a status, lists the valid ones'),
  fields: z.array(z.string()).optional(),
});

export function reportSchemas(enums: ReportEnums) {
  const report = z.object({
    id: z.string().describe('internal id'),
    number: z.string().describe('the report number the resident sees (受付番号), e.g. R000123'),
    category: enums.category.openOutput(),
    department: enums.department.openOutput(),
    status: enums.status.openOutput(),
    lat: z.number(),
    lon: z.number(),
    address: z.string().nullable(),
    comment: z.string().nullable().describe('the resident’s own words (personal data; never published)'),
    publicComment: z.string().nullable().describe('the comment as approved for publication'),
    reporter: z.string().nullable().describe('the reporter’s LINE user id (personal data)'),
    hidden: z.boolean(),
    published: z.boolean(),
    publishedAt: cityDateTime.nullable(),
    exactLocationPublic: z.boolean(),
    duplicateOf: z.string().nullable().describe('internal id of the original, for a duplicate'),
    duplicateOfNumber: z.string().nullable().describe('report number of the original, for a duplicate'),
    photos: z.array(
      z.object({
        key: z.string(),
        source: z.enum(['reporter', 'supporter', 'staff']),
        public: z.boolean(),
        url: z.string(),
      }),
    ),
    supporterCount: z.number().describe('residents who said “me too”'),
    createdAt: cityDateTime,
    updatedAt: cityDateTime,
    closedAt: cityDateTime.nullable(),
  });
  const event = z.object({
    id: z.string(),
    kind: z.string(),
    fromStatus: z.string().nullable(),
    toStatus: z.string().nullable(),
    reason: z.string().nullable(),
    note: z.string().nullable(),
    staffId: z.string().nullable(),
    at: cityDateTime,
  });
  return {
    report,
    detail: report.extend({ events: z.array(event) }),
    list: pageSchema(report).extend({ total: z.number().describe('reports matching the filter, all pages') }),
    changed: z.object({ report }),
    notified: z.object({
      report,
      notified: z.number().describe('residents told (the reporter and me-too residents)'),
    }),
  };
}

export type StaffReport = z.output<ReturnType<typeof reportSchemas>['report']>;

function staffView(report: Report, numbers: ReadonlyMap<string, string>): StaffReport {
  return {
    id: report.id,
    number: report.number,
    category: report.category,
    department: report.department,
    status: report.status,
    lat: report.lat,
    lon: report.lon,
    address: report.address,
    comment: report.comment,
    publicComment: report.publicComment,
    reporter: report.userId,
    hidden: report.hidden,
    published: report.published,
    publishedAt: report.publishedAt,
    exactLocationPublic: report.exactLocationPublic,
    duplicateOf: report.duplicateOf,
    duplicateOfNumber: report.duplicateOf ? (numbers.get(report.duplicateOf) ?? null) : null,
    photos: report.photos.map((p) => ({ ...p, url: photoUrl(report.id, p.key) })),
    supporterCount: report.supporterCount,
    createdAt: report.createdAt,
    updatedAt: report.updatedAt,
    closedAt: report.closedAt,
  };
}

/** The report numbers of the originals of these reports' duplicates, by id, in one query. */
export async function duplicateNumbers(
  db: Queryable,
  reports: readonly Report[],
): Promise<Map<string, string>> {
  const originals = [...new Set(reports.flatMap((r) => (r.duplicateOf ? [r.duplicateOf] : [])))];
  if (originals.length === 0) return new Map();
  const result = await db.query<{ id: string; number: string }>(
    'SELECT id::text AS id, number FROM reports WHERE id = ANY($1::bigint[])',
    [originals],
  );
  return new Map(result.rows.map((row) => [row.id, row.number]));
}

/** The reports as staff see them. */
export async function staffViews(db: Queryable, reports: readonly Report[]): Promise<StaffReport[]> {
  const numbers = await duplicateNumbers(db, reports);
  return reports.map((r) => staffView(r, numbers));
}

export async function staffViewOf(db: Queryable, report: Report): Promise<StaffReport> {
  const [view] = await staffViews(db, [report]);
  if (!view) throw new Error(`report ${report.id} could not be shown`);
  return view;
}
