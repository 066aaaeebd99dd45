// The desk's live queue (Server-Sent Events of the day's reservations, audited once when opened) and the
// display links of a service (呼び出し表示: created and revoked by operators, each shown once).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { audit, currentStaff } from '../../../admin/auth.ts';
import { cityDateTime } from '../../../admin/city-time.ts';
import { transact } from '../../../db/transact.ts';
import { notFound } from '../../../http/http-error.ts';
import { cityDayRange, requireServiceRole } from '../admin-access.ts';
import { withNames } from '../admin-desk-routes.ts';
import { searchReservations, serviceOrFail, waitingCount } from '../admin-repository.ts';
import { dayParams, serviceIdParams } from '../admin-schemas.ts';
import type { QueueChanges } from './changes.ts';
import { createDisplayLink, listDisplayLinks, revokeDisplayLink } from './display-repository.ts';
import { versionedStreams } from './versioned-stream.ts';

export function liveAdminRoutes(options: { changes: QueueChanges; pollMs?: number }) {
  return async function routes(app: FastifyInstance): Promise<void> {
    const fastify = app.withTypeProvider<ZodTypeProvider>();
    const pool = fastify.pg.pool;
    const tags = ['reservations'];
    const serve = versionedStreams(fastify, { changes: options.changes, pollMs: options.pollMs ?? 3000 });

    fastify.get(
      '/admin/reservations/services/:id/days/:date/stream',
      {
        schema: {
          tags,
          summary: 'The day’s reservations live (text/event-stream, `event: state`; opening it is audited)',
          params: dayParams,
        },
      },
      async (request, reply) => {
        const { id, date } = request.params;
        requireServiceRole(request, id, 'viewer');
        await serviceOrFail(pool, id);
        const { start, end } = cityDayRange(date, date);
        await audit(pool, request, {
          action: 'reservation.day.stream',
          resourceType: 'reservation_service',
          resourceId: id,
          personalData: true,
          details: { date },
        });
        serve(request, reply, {
          version: async () => {
            const result = await pool.query<{ n: number; at: Date | null }>(
              `SELECT count(*)::int AS n, max(r.updated_at) AS at
                 FROM reservations r JOIN reservation_slots s ON s.id = r.slot_id
                WHERE r.service_id = $1 AND s.starts_at >= $2 AND s.starts_at < $3`,
              [id, start, end],
            );
            return `${result.rows[0]?.n ?? 0}:${result.rows[0]?.at?.getTime() ?? 0}`;
          },
          state: async () => {
            const rows = await searchReservations(pool, { serviceId: id, start, end, limit: 1000 });
            return { date, waiting: await waitingCount(pool, id, date), items: await withNames(pool, rows) };
          },
        });
      },
    );

    const linkSchema = z.object({
      id: z.string(),
      label: z.string(),
      createdAt: cityDateTime,
      revoked: z.boolean(),
    });
    fastify.get(
      '/admin/reservations/services/:id/display-links',
      {
        schema: {
          tags,
          summary: 'The service’s waiting-room display links (their secrets are shown only when created)',
          params: serviceIdParams,
          response: { 200: z.object({ items: z.array(linkSchema), nextCursor: z.null() }) },
        },
      },
      async (request) => {
        requireServiceRole(request, request.params.id, 'viewer');
        await serviceOrFail(pool, request.params.id);
        return { items: await listDisplayLinks(pool, request.params.id), nextCursor: null };
      },
    );

    fastify.post(
      '/admin/reservations/services/:id/display-links',
      {
        schema: {
          tags,
          summary: 'A link for the waiting-room screen: reads only the called and next queue numbers',
          params: serviceIdParams,
          body: z.object({ label: z.string().trim().max(100).default('') }),
          response: {
            201: z.object({ id: z.string(), path: z.string().describe('open it on the screen; shown once') }),
          },
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        const staff = requireServiceRole(request, id, 'operator');
        const created = await transact(pool, async (tx) => {
          await serviceOrFail(tx, id);
          const link = await createDisplayLink(tx, {
            serviceId: id,
            label: request.body.label,
            staffId: staff.id,
          });
          await audit(tx, request, {
            action: 'reservation.display_link.create',
            resourceType: 'reservation_display_link',
            resourceId: link.id,
            details: { serviceId: id },
          });
          return link;
        });
        return reply.code(201).send({ id: created.id, path: `/console/display/#${created.token}` });
      },
    );

    fastify.delete(
      '/admin/reservations/services/:id/display-links/:linkId',
      {
        schema: {
          tags,
          params: serviceIdParams.extend({ linkId: z.string().regex(/^\d{1,18}$/) }),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const { id, linkId } = request.params;
        requireServiceRole(request, id, 'operator');
        currentStaff(request);
        await transact(pool, async (tx) => {
          if (!(await revokeDisplayLink(tx, id, linkId))) throw notFound('display link');
          await audit(tx, request, {
            action: 'reservation.display_link.revoke',
            resourceType: 'reservation_display_link',
            resourceId: linkId,
          });
        });
        options.changes.notify();
        return reply.code(204).send(null);
      },
    );
  };
}
