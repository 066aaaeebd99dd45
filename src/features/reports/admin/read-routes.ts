// Staff reads of reports: the filtered list (paged), one report by id or by the number the resident quotes,
// with its history and photo URLs, and a photo itself (only to staff of the report's department; audited as
// personal data).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { audit, requireRole } from '../../../admin/auth.ts';
import { decodeCursor, encodeCursor, idKey } from '../../../admin/paging.ts';
import { badRequest, notFound } from '../../../http/http-error.ts';
import { isPhotoKey } from '../photos/store.ts';
import { findReportByNumber, listReportEvents, listReports } from '../repository.ts';
import type { Report } from '../types.ts';
import { departmentScope, idParams, type ReportsAdminOptions, reportForRole } from './access.ts';
import { filterSchemas, toFilter } from './filters.ts';
import { errorSchema, reportSchemas, staffViewOf, staffViews } from './schemas.ts';

const listCursor = z
  .tuple([z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/), idKey])
  .transform(([at, id]) => ({ at, id }));

/** Report numbers as residents quote them: R000123, r123, 123 or ｒ０００１２３ all name R000123. */
function foldReportNumber(text: string): string {
  const digits = /^R?(\d{1,12})$/.exec(text.normalize('NFKC').replace(/\s+/g, '').toUpperCase())?.[1];
  return digits ? `R${digits.padStart(6, '0')}` : text;
}

const numberParams = z.object({
  number: z
    .string()
    .max(40)
    .transform(foldReportNumber)
    .pipe(z.string().regex(/^R\d{6,12}$/, 'must be a report number like R000123'))
    .describe('the report number the resident sees (受付番号), e.g. R000123'),
});

export function readRoutes(options: ReportsAdminOptions) {
  const { catalog, store, enums } = options;
  const schemas = reportSchemas(enums);
  const filters = filterSchemas(enums);
  const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema };
  return async function routes(app: FastifyInstance): Promise<void> {
    const fastify = app.withTypeProvider<ZodTypeProvider>();
    const pool = fastify.pg.pool;
    const tags = ['reports'];

    fastify.get(
      '/admin/reports',
      {
        schema: {
          tags,
          summary: 'Reports, newest first, with filters, paged (comments are personal data: audited)',
          querystring: filters.list,
          response: { 200: schemas.list, ...errors },
        },
      },
      async (request) => {
        const { cursor, ...q } = request.query;
        const filter = {
          ...toFilter(request, catalog, { ...q, limit: q.limit + 1 }),
          after: decodeCursor(cursor, listCursor),
        };
        const { items, total, keys } = await listReports(pool, filter);
        const shown = items.slice(0, q.limit);
        const last = shown.at(-1);
        const key = last && items.length > q.limit ? keys.get(last.id) : undefined;
        await audit(pool, request, {
          action: 'report.list',
          resourceType: 'report',
          personalData: true,
          details: { query: request.query, returned: shown.length },
        });
        return {
          total,
          items: await staffViews(pool, shown),
          nextCursor: key ? encodeCursor([key.at, key.id]) : null,
        };
      },
    );

    const readOne = async (request: Parameters<typeof audit>[1], report: Report) => {
      const events = await listReportEvents(pool, report.id);
      await audit(pool, request, {
        action: 'report.read',
        resourceType: 'report',
        resourceId: report.id,
        personalData: true,
      });
      return { ...(await staffViewOf(pool, report)), events };
    };

    fastify.get(
      '/admin/reports/by-number/:number',
      {
        schema: {
          tags,
          summary: 'The report with the number the resident quotes, with its history (audited)',
          params: numberParams,
          response: { 200: schemas.detail, ...errors },
        },
      },
      async (request) => {
        const report = await findReportByNumber(pool, request.params.number);
        if (!report) throw notFound(`report ${request.params.number}`);
        requireRole(request, departmentScope(report.department), 'viewer');
        return readOne(request, report);
      },
    );

    fastify.get(
      '/admin/reports/:id',
      {
        schema: {
          tags,
          summary: 'One report with its history and photo URLs (audited)',
          params: idParams,
          response: { 200: schemas.detail, ...errors },
        },
      },
      async (request) => readOne(request, await reportForRole(pool, request, request.params.id, 'viewer')),
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
  };
}
