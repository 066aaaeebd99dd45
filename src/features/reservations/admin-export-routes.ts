// GET …/export.csv: a service's reservations over a date range as a CSV file for Excel (audited: it is
// residents' personal data leaving the system).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { audit } from '../../admin/auth.ts';
import { notFound } from '../../http/http-error.ts';
import { requireServiceRole } from './admin-access.ts';
import { displayNames, listReservationsInRange } from './admin-repository.ts';
import { dateRange, errorResponses, reservationOut, serviceIdParams } from './admin-schemas.ts';
import { reservationsCsv } from './csv.ts';
import { findService } from './service-repository.ts';

export async function exportRoutes(app: FastifyInstance): Promise<void> {
  const fastify = app.withTypeProvider<ZodTypeProvider>();
  const pool = fastify.pg.pool;

  fastify.get(
    '/admin/reservations/services/:id/export.csv',
    {
      schema: {
        tags: ['reservations'],
        summary: 'Reservations on the city days from…to as CSV (UTF-8 with BOM, CRLF) for Excel',
        params: serviceIdParams,
        querystring: dateRange,
        response: {
          200: {
            description: 'the CSV file: UTF-8 with BOM, CRLF line ends, every field quoted',
            content: { 'text/csv': { schema: z.string() } },
          },
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { from, to } = request.query;
      requireServiceRole(request, id, 'viewer');
      if (!(await findService(pool, id))) throw notFound('service');
      const list = await listReservationsInRange(pool, id, from, to);
      const names = await displayNames(
        pool,
        list.map((r) => r.userId),
      );
      const csv = reservationsCsv(
        list.map((r) => reservationOut(r, r.userId ? (names.get(r.userId) ?? null) : null)),
      );
      await audit(pool, request, {
        action: 'reservation.export',
        resourceType: 'reservation_service',
        resourceId: id,
        personalData: true,
        details: { from, to, rows: list.length },
      });
      // With a non-JSON content type, Fastify sends the string as is (no serializer), BOM included.
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="reservations-${id}-${from}-${to}.csv"`)
        .send(csv);
    },
  );
}
