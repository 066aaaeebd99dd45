// The desk's lists and walk-ins: the day's reservations with the residents' names, finding a booking by the
// number the resident shows, and booking a seat for someone without LINE. Reads of personal data are audited.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { audit } from '../../admin/auth.ts';
import { transact } from '../../db/transact.ts';
import { notFound } from '../../http/http-error.ts';
import { type ReservationsAdminOptions, requireServiceRole } from './admin-access.ts';
import { checkInToday } from './admin-queue-routes.ts';
import { displayNames, reservationWithName, serviceOrFail } from './admin-repository.ts';
import {
  dayParams,
  errorResponses,
  reservationOut,
  reservationSchema,
  serviceIdParams,
  walkInBody,
} from './admin-schemas.ts';
import { bookSlot } from './booking.ts';
import { BookingError } from './errors.ts';
import { findReservationByNumber, listReservationsOnDay } from './reservation-repository.ts';
import { findSlot } from './slot-repository.ts';

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
          summary: 'The day’s reservations with the residents’ names (a read of personal data, audited)',
          params: dayParams,
          response: {
            200: z.object({
              date: z.string(),
              waiting: z.number().describe('checked in, not called yet'),
              reservations: z.array(reservationSchema),
            }),
            ...errorResponses(400, 401, 403, 404),
          },
        },
      },
      async (request) => {
        const { id, date } = request.params;
        requireServiceRole(request, id, 'viewer');
        await serviceOrFail(pool, id);
        const list = await listReservationsOnDay(pool, id, date);
        const names = await displayNames(
          pool,
          list.map((r) => r.userId),
        );
        await audit(pool, request, {
          action: 'reservation.day.read',
          resourceType: 'reservation_service',
          resourceId: id,
          personalData: true,
          details: { date, reservations: list.length },
        });
        return {
          date,
          waiting: list.filter((r) => r.status === 'checked_in').length,
          reservations: list.map((r) => reservationOut(r, r.userId ? (names.get(r.userId) ?? null) : null)),
        };
      },
    );

    fastify.get(
      '/admin/reservations/reservations/by-number/:number',
      {
        schema: {
          tags,
          summary: 'The reservation with the number the resident shows at the desk (audited)',
          params: z.object({
            number: z.string().regex(/^[0-9A-Za-z]{4,12}$/, 'must be a reservation number'),
          }),
          response: { 200: reservationSchema, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const reservation = await findReservationByNumber(pool, request.params.number.toUpperCase());
        if (!reservation) throw notFound('reservation');
        requireServiceRole(request, reservation.serviceId, 'viewer');
        await audit(pool, request, {
          action: 'reservation.read',
          resourceType: 'reservation',
          resourceId: reservation.id,
          personalData: true,
        });
        return reservationWithName(pool, reservation);
      },
    );

    fastify.post(
      '/admin/reservations/services/:id/walk-ins',
      {
        schema: {
          tags,
          summary: 'Book a seat for someone without LINE (誰一人取り残さない), optionally checking them in',
          description:
            'Staff may book a slot the residents’ booking window has closed (e.g. on the day); the seat count still holds: a full slot is 409.',
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
          const slot = await findSlot(tx, body.slotId);
          if (!slot || slot.serviceId !== id) {
            throw new BookingError('SLOT_NOT_FOUND', `slot ${body.slotId} is not one of this service`);
          }
          let reservation = await bookSlot(
            tx,
            slot.id,
            { walkIn: { name: body.name, phone: body.phone ?? null } },
            { now, ignoreWindow: true },
          );
          if (body.checkIn) reservation = await checkInToday(tx, reservation, now);
          // The name and phone stay out of the log: it records who did what, not the resident's data again
          // (the answer carries them, hence personal data).
          await audit(tx, request, {
            action: 'reservation.walk_in',
            resourceType: 'reservation',
            resourceId: reservation.id,
            personalData: true,
            details: { number: reservation.number, slotId: slot.id, checkedIn: body.checkIn },
          });
          return reservationOut(reservation);
        });
        return reply.code(201).send(result);
      },
    );
  };
}
