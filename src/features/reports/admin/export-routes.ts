// The reports exports: GeoJSON and CSV of the published reports as the public sees them (viewer), and the
// CSV with the internal columns — the resident's comment, the exact point and address — for managers of the
// departments exported, audited as personal data leaving the system.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { audit } from '../../../admin/auth.ts';
import { toCsv } from '../export/csv.ts';
import { toGeoJSON } from '../export/geojson.ts';
import { toInternalCsv } from '../export/internal-csv.ts';
import { listReports } from '../repository.ts';
import type { ReportsAdminOptions } from './access.ts';
import { filterSchemas, toFilter } from './filters.ts';
import { duplicateNumbers, errorSchema } from './schemas.ts';

const csvAnswer = (description: string) => ({
  description,
  content: { 'text/csv': { schema: z.string() } },
});

export function exportRoutes(options: ReportsAdminOptions) {
  const { catalog, enums } = options;
  const filters = filterSchemas(enums);
  const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema };
  return async function routes(app: FastifyInstance): Promise<void> {
    const fastify = app.withTypeProvider<ZodTypeProvider>();
    const pool = fastify.pg.pool;
    const tags = ['reports'];

    fastify.get(
      '/admin/reports/export.geojson',
      {
        schema: {
          tags,
          summary: 'The published reports matching, as the public sees them, as GeoJSON',
          querystring: filters.export,
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
          querystring: filters.export,
          response: { 200: csvAnswer('public fields only: no comment, town-level address'), ...errors },
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

    fastify.get(
      '/admin/reports/export-internal.csv',
      {
        schema: {
          tags,
          summary:
            'Every report matching (published or not, hidden too) with the internal columns, as CSV (manager; audited as personal data)',
          description:
            'Adds to the public fields the resident’s own comment, the exact point and the address as given, ' +
            'the public comment, whether it is published or hidden, and the closing time. The reporter’s LINE ' +
            'id is not exported. Needs the manager role on every department exported (with several, name one).',
          querystring: filters.export,
          response: { 200: csvAnswer('internal columns: personal data, for the department only'), ...errors },
        },
      },
      async (request, reply) => {
        const filter = toFilter(request, catalog, request.query, 'manager');
        const { items } = await listReports(pool, filter);
        const csv = toInternalCsv(items, catalog, await duplicateNumbers(pool, items));
        await audit(pool, request, {
          action: 'report.export.internal',
          resourceType: 'report',
          personalData: true,
          details: {
            department: filter.department ?? null,
            query: request.query,
            count: items.length,
            numbers: items.map((r) => r.number),
          },
        });
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="reports-internal.csv"')
          .send(csv);
      },
    );
  };
}
