// The desk's lists and walk-ins: the day's reservations with the residents' names, the search by booking
// number or name, one reservation by its number or id, and booking a seat for someone without LINE (in the
// slot chosen, or the first free one). Reads of personal data are audited.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { audit } from '../../admin/auth.ts';
import { decodeCursor, idKey, pageOf, pageSchema } from '../../admin/paging.ts';
import type { Queryable } from '../../db/transact.ts';
import { transact } from '../../db/transact.ts';
import {
  authorizedReservation,
  cityDayRange,
  type ReservationsAdminOptions,
  requireServiceRole,
} from './admin-access.ts';
import { checkInToday } from './admin-queue-routes.ts';
import {
  type DeskOrderKey,
  deskOrderKey,
  displayNames,
  reservationWithName,
  searchReservations,
  serviceOrFail,
  waitingCount,
} from './admin-repository.ts';
import {
  dayParams,
  dayQuery,
  errorResponses,
  type ReservationOut,
  reservationIdParams,
  reservationNumberParams,
  reservationOut,
  reservationSchema,
  searchQuery,
  serviceIdParams,
  walkInBody,
} from './admin-schemas.ts';
import { bookWalkIn } from './admin-walk-in.ts';
import { cityInstant, type Reservation } from './types.ts';

const deskCursor = z
  .tuple([z.iso.datetime(), z.number().int(), idKey])
  .transform(([startsAt, queue, id]): DeskOrderKey => ({ startsAt, queue, id }));

/** The reservations with their residents' LINE display names. */
export async function withNames(db: Queryable, list: Reservation[]): Promise<ReservationOut[]> {
  const names = await displayNames(
    db,
    list.map((r) => r.userId),
  );
  return list.map((r) => reservationOut(r, r.userId ? (names.get(r.userId) ?? null) : null));
}

export function deskRoutes(options: ReservationsAdminOptions) {
  return async function routes(app: FastifyInstance): Promise<void> {
    const fastify = app.withTypeProvider<ZodTypeProvider>();
    const pool = fastify.pg.pool;
    const tags = ['reservations'];

    fastify.get(
      '/admin/reservations/services/:id/days/:date',
      {
        schema: {
          tags,
          summary:
            'The day’s reservations with the residents’ names, paged (a read of personal data, audited)',
          description: 'In the desk’s order: by slot, then queue number.',
          params: dayParams,
          querystring: dayQuery,
          response: {
            200: pageSchema(reservationSchema).extend({
              date: z.string(),
              waiting: z.number().describe('checked in, not called yet'),
            }),
            ...errorResponses(400, 401, 403, 404),
          },
        },
      },
      async (request) => {
        const { id, date } = request.params;
        const { status, limit, cursor } = request.query;
        requireServiceRole(request, id, 'viewer');
        await serviceOrFail(pool, id);
        const { start, end } = cityDayRange(date, date);
        const rows = await searchReservations(pool, {
          serviceId: id,
          start,
          end,
          statuses: status,
          after: decodeCursor(cursor, deskCursor),
          limit: limit + 1,
        });
        const page = pageOf(rows, limit, deskOrderKey);
        await audit(pool, request, {
          action: 'reservation.day.read',
          resourceType: 'reservation_service',
          resourceId: id,
          personalData: true,
          details: { date, reservations: page.items.length },
        });
        return {
          date,
          waiting: await waitingCount(pool, id, date),
          items: await withNames(pool, page.items),
          nextCursor: page.nextCursor,
        };
      },
    );

    fastify.get(
      '/admin/reservations/services/:id/reservations',
      {
        schema: {
          tags,
          summary: 'Search the service’s reservations by booking number or name (audited)',
          description:
            'q matches the beginning of a booking number or part of the walk-in’s or LINE display name ' +
            '(full-width letters, case and spaces do not matter). In the desk’s order: by slot, then queue number.',
          params: serviceIdParams,
          querystring: searchQuery,
          response: { 200: pageSchema(reservationSchema), ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const { id } = request.params;
        const q = request.query;
        requireServiceRole(request, id, 'viewer');
        await serviceOrFail(pool, id);
        const rows = await searchReservations(pool, {
          serviceId: id,
          start: q.from ? cityInstant(q.from, '00:00') : undefined,
          end: q.to ? cityDayRange(q.to, q.to).end : undefined,
          text: q.q,
          statuses: q.status,
          after: decodeCursor(q.cursor, deskCursor),
          limit: q.limit + 1,
        });
        const page = pageOf(rows, q.limit, deskOrderKey);
        // The words typed may be a name: the log keeps which bookings were shown (by number), not the name.
        await audit(pool, request, {
          action: 'reservation.search',
          resourceType: 'reservation_service',
          resourceId: id,
          personalData: true,
          details: { from: q.from, to: q.to, status: q.status, shown: page.items.map((r) => r.number) },
        });
        return { items: await withNames(pool, page.items), nextCursor: page.nextCursor };
      },
    );

    for (const by of ['number', 'id'] as const) {
      const path =
        by === 'number'
          ? '/admin/reservations/reservations/by-number/:number'
          : '/admin/reservations/reservations/:id';
      fastify.get(
        path,
        {
          schema: {
            tags,
            summary:
              by === 'number'
                ? 'The reservation with the number the resident shows at the desk (audited)'
                : 'One reservation by its internal id (audited)',
            params: by === 'number' ? reservationNumberParams : reservationIdParams,
            response: { 200: reservationSchema, ...errorResponses(400, 401, 403, 404) },
          },
        },
        async (request) => {
          const params = request.params as { number: string } | { id: string };
          const reservation = await authorizedReservation(pool, request, params, 'viewer');
          await audit(pool, request, {
            action: 'reservation.read',
            resourceType: 'reservation',
            resourceId: reservation.id,
            personalData: true,
          });
          return reservationWithName(pool, reservation);
        },
      );
    }

    fastify.post(
      '/admin/reservations/services/:id/walk-ins',
      {
        schema: {
          tags,
          summary: 'Book a seat for someone without LINE (誰一人取り残さない), optionally checking them in',
          description:
            'In slotId, or without it in the first slot with a seat left that is not over at `at` (default now), ' +
            'the same city day. Staff may book a slot the residents’ booking window has closed (e.g. on the day); ' +
            'the seat count still holds: a full slot, or no free slot left that day, is 409.',
          params: serviceIdParams,
          body: walkInBody,
          response: { 201: reservationSchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        requireServiceRole(request, id, 'operator');
        const body = request.body;
        const now = options.now();
        const result = await transact(pool, async (tx) => {
          await serviceOrFail(tx, id);
          let reservation = await bookWalkIn(
            tx,
            id,
            { slotId: body.slotId, at: body.at ?? now },
            { name: body.name, phone: body.phone ?? null },
            now,
          );
          if (body.checkIn) reservation = await checkInToday(tx, reservation, now);
          // The name and phone stay out of the log: it records who did what, not the resident's data again
          // (the answer carries them, hence personal data).
          await audit(tx, request, {
            action: 'reservation.walk_in',
            resourceType: 'reservation',
            resourceId: reservation.id,
            personalData: true,
            details: {
              number: reservation.number,
              slotId: reservation.slotId,
              slotPicked: body.slotId === undefined,
              checkedIn: body.checkIn,
            },
          });
          return reservationOut(reservation);
        });
        return reply.code(201).send(result);
      },
    );
  };
}
