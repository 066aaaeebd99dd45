// Staff reads of reports: the filtered list, one report with its history and photo URLs, a photo itself
// (only to staff of the report's department; audited as personal data), and the GeoJSON/CSV open-data exports
// (published reports only, as the public sees them).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { audit } from '../../../admin/auth.ts';
import { badRequest, forbidden, notFound } from '../../../http/http-error.ts';
import type { ReportCatalog } from '../catalog/catalog.ts';
import { hasControlCharacters } from '../control-characters.ts';
import { toCsv } from '../export/csv.ts';
import { toGeoJSON } from '../export/geojson.ts';
import { isPhotoKey } from '../photos/store.ts';
import { listReportEvents, listReports, MAX_PAGE, type ReportFilter } from '../repository.ts';
import {
  allowedDepartments,
  idParams,
  type ReportsAdminOptions,
  reportForRole,
  staffView,
} from './access.ts';

const dateParam = z.iso.datetime({ offset: true }).or(z.iso.date());
// Filters go into SQL parameters and the audit log's JSON: NUL or other control characters would be a
// database error there (a 500), so they are a 400 here.
const filterText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((value) => !hasControlCharacters(value), { error: 'must not contain control characters' });
const catalogId = z.string().regex(/^[a-z0-9_-]{1,32}$/, 'must be an id of the catalog');
const listQuery = z.object({
  status: z
    .string()
    .regex(/^[a-z0-9_, -]{0,400}$/, 'must be comma-separated status ids')
    .optional()
    .describe('comma-separated status ids'),
  category: catalogId.optional(),
  department: catalogId.optional(),
  from: dateParam.optional(),
  to: dateParam.optional(),
  bbox: z
    .string()
    .regex(/^-?[\d.]+,-?[\d.]+,-?[\d.]+,-?[\d.]+$/, 'must be west,south,east,north')
    .optional(),
  text: filterText(200).optional(),
  published: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: published reports only; false: those still to review'),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const photoUrl = (id: string, key: string) => `/admin/reports/${id}/photos/${key}`;

/** The filter a query asks for, restricted to the departments the staff member may read. */
function toFilter(
  request: FastifyRequest,
  catalog: ReportCatalog,
  q: z.infer<typeof listQuery>,
): ReportFilter {
  const departments = allowedDepartments(request, catalog, 'viewer');
  const all = departments.length === catalog.departments.length;
  let department = q.department;
  if (department && !departments.includes(department)) {
    if (!catalog.departments.some((d) => d.id === department))
      throw badRequest(`query.department: no department "${department}"`);
    throw forbidden(`this needs the viewer role on reports:${department}`);
  }
  if (!department && !all) {
    if (departments.length > 1)
      throw badRequest('query.department: required for staff of several departments');
    department = departments[0];
  }
  const filter: ReportFilter = { limit: q.limit, offset: q.offset };
  if (q.status)
    filter.status = q.status
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  if (q.category) filter.category = q.category;
  if (department) filter.department = department;
  if (q.from) filter.from = new Date(q.from);
  if (q.to) filter.to = new Date(q.to);
  if (q.bbox) {
    const [west, south, east, north] = q.bbox.split(',').map(Number) as [number, number, number, number];
    if (![west, south, east, north].every(Number.isFinite) || south > north || west > east) {
      throw badRequest('query.bbox: must be west,south,east,north');
    }
    filter.bbox = { west, south, east, north };
  }
  if (q.text) filter.text = q.text;
  if (q.published) filter.published = q.published === 'true';
  return filter;
}

export function readRoutes(options: ReportsAdminOptions) {
  const { catalog, store } = options;
  return async function routes(app: FastifyInstance): Promise<void> {
    const fastify = app.withTypeProvider<ZodTypeProvider>();
    const pool = fastify.pg.pool;
    const tags = ['reports'];

    fastify.get(
      '/admin/reports',
      {
        schema: {
          tags,
          summary: 'Reports, newest first, with filters (comments are personal data: audited)',
          querystring: listQuery,
        },
      },
      async (request) => {
        const filter = toFilter(request, catalog, request.query);
        const { items, total } = await listReports(pool, filter);
        await audit(pool, request, {
          action: 'report.list',
          resourceType: 'report',
          personalData: true,
          details: { query: request.query, returned: items.length },
        });
        return { total, items: items.map((r) => staffView(r, photoUrl)) };
      },
    );

    fastify.get(
      '/admin/reports/:id',
      { schema: { tags, summary: 'One report with its history and photo URLs (audited)', params: idParams } },
      async (request) => {
        const report = await reportForRole(pool, request, request.params.id, 'viewer');
        const events = await listReportEvents(pool, report.id);
        await audit(pool, request, {
          action: 'report.read',
          resourceType: 'report',
          resourceId: report.id,
          personalData: true,
        });
        return {
          ...staffView(report, photoUrl),
          events: events.map((e) => ({ ...e, at: e.at.toISOString() })),
        };
      },
    );

    fastify.get(
      '/admin/reports/:id/photos/:key',
      {
        schema: {
          tags,
          summary: 'A photo of the report (personal data: audited)',
          params: idParams.extend({ key: z.string() }),
        },
      },
      async (request, reply) => {
        const { id, key } = request.params;
        if (!isPhotoKey(key)) throw badRequest('params.key: not a photo key');
        const report = await reportForRole(pool, request, id, 'viewer');
        if (!report.photos.some((p) => p.key === key))
          throw notFound(`photo ${key} of report ${report.number}`);
        const photo = await store.get(key);
        if (!photo) throw notFound(`photo ${key}`);
        await audit(pool, request, {
          action: 'report.photo.read',
          resourceType: 'report',
          resourceId: report.id,
          personalData: true,
          details: { key },
        });
        return reply
          .header('content-type', photo.contentType)
          .header('cache-control', 'private, no-store')
          .send(photo.bytes);
      },
    );

    const exportQuery = listQuery.extend({
      limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(MAX_PAGE),
    });
    fastify.get(
      '/admin/reports/export.geojson',
      {
        schema: {
          tags,
          summary: 'The published reports matching, as the public sees them, as GeoJSON',
          querystring: exportQuery,
        },
      },
      async (request, reply) => {
        const filter = { ...toFilter(request, catalog, request.query), publicOnly: true };
        const { items } = await listReports(pool, filter);
        await audit(pool, request, {
          action: 'report.export.geojson',
          resourceType: 'report',
          details: { count: items.length },
        });
        return reply.type('application/geo+json').send(JSON.stringify(toGeoJSON(items, catalog)));
      },
    );

    fastify.get(
      '/admin/reports/export.csv',
      {
        schema: {
          tags,
          summary: 'The published reports matching, as the public sees them, as CSV (UTF-8 with BOM)',
          querystring: exportQuery,
        },
      },
      async (request, reply) => {
        const filter = { ...toFilter(request, catalog, request.query), publicOnly: true };
        const { items } = await listReports(pool, filter);
        await audit(pool, request, {
          action: 'report.export.csv',
          resourceType: 'report',
          details: { count: items.length },
        });
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="reports.csv"')
          .send(toCsv(items, catalog));
      },
    );
  };
}
