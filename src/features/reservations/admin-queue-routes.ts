// The desk's queue actions: check-in (queue number), calling the next, complete / no-show (from the booking's
// day on), and cancelling for the resident with a reason. Each action is one transaction with its audit entry
// and the resident's notice (so nothing is half-written); the outbox is woken after commit. The answers carry
// the resident's name, phone or LINE id, so every action is audited as personal data.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { audit } from '../../admin/auth.ts';
import type { Role } from '../../admin/roles.ts';
import { type Queryable, transact } from '../../db/transact.ts';
import { type ReservationsAdminOptions, requireServiceRole } from './admin-access.ts';
import { notifyResident } from './admin-notify.ts';
import { reservationWithName, serviceOrFail } from './admin-repository.ts';
import {
  cancelBody,
  dayParams,
  errorResponses,
  reservationIdParams,
  reservationSchema,
} from './admin-schemas.ts';
import { cancelReservation } from './booking.ts';
import { BookingError } from './errors.ts';
import { calledMessage, cancelledByStaffMessage, checkedInMessage, noShowMessage } from './notices.ts';
import { callNext, checkIn, finish, queuePosition } from './queue.ts';
import { findReservation } from './reservation-repository.ts';
import { cityDate, type Reservation } from './types.ts';

/** Check-in hands out today's queue number: a booking for another day is not at the desk's queue today. */
export async function checkInToday(tx: Queryable, reservation: Reservation, now: Date): Promise<Reservation> {
  const day = cityDate(reservation.startsAt);
  if (day !== cityDate(now)) {
    throw new BookingError('WRONG_STATUS', `reservation ${reservation.number} is for ${day}, not today`);
  }
  return checkIn(tx, reservation.id, now);
}

/**
 * A booking is missed only once its day has come (city time): marking tomorrow's booking a no-show would end
 * a booking the resident may still keep. (A reservation's slot never changes: a change is a new reservation.)
 */
export async function noShowFromTheDay(
  tx: Queryable,
  reservation: Reservation,
  now: Date,
): Promise<Reservation> {
  const day = cityDate(reservation.startsAt);
  if (cityDate(now) < day) {
    throw new BookingError(
      'WRONG_STATUS',
      `reservation ${reservation.number} is for ${day}: it can be marked a no-show from that day on`,
    );
  }
  return finish(tx, reservation.id, 'no_show');
}

export function queueRoutes(options: ReservationsAdminOptions) {
  return async function routes(app: FastifyInstance): Promise<void> {
    const fastify = app.withTypeProvider<ZodTypeProvider>();
    const pool = fastify.pg.pool;
    const tags = ['reservations'];
    const wakeOutbox = () => fastify.workers.outbox.wake();

    /** The reservation, once the caller holds `role` on its service (404 before 403: ids are not secret). */
    async function authorizedReservation(
      request: FastifyRequest,
      id: string,
      role: Role,
    ): Promise<Reservation> {
      const reservation = await findReservation(pool, id);
      if (!reservation) throw new BookingError('RESERVATION_NOT_FOUND', `reservation ${id} does not exist`);
      requireServiceRole(request, reservation.serviceId, role);
      return reservation;
    }

    fastify.post(
      '/admin/reservations/reservations/:id/check-in',
      {
        schema: {
          tags,
          summary: 'Check a booked resident in today: gives the queue number and tells the resident',
          params: reservationIdParams,
          response: { 200: reservationSchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const found = await authorizedReservation(request, request.params.id, 'operator');
        const now = options.now();
        const result = await transact(pool, async (tx) => {
          const service = await serviceOrFail(tx, found.serviceId);
          const reservation = await checkInToday(tx, found, now);
          const position = await queuePosition(tx, reservation);
          if (position) {
            await notifyResident(tx, reservation, 'checked-in', (lang) =>
              checkedInMessage(lang, service, reservation, position),
            );
          }
          await audit(tx, request, {
            action: 'reservation.check_in',
            resourceType: 'reservation',
            resourceId: reservation.id,
            personalData: true,
            details: { number: reservation.number, queueNumber: reservation.queueNumber },
          });
          return reservationWithName(tx, reservation);
        });
        wakeOutbox();
        return result;
      },
    );

    fastify.post(
      '/admin/reservations/services/:id/days/:date/call-next',
      {
        schema: {
          tags,
          summary:
            'Call the checked-in resident with the lowest queue number (pushed to them); 404 if nobody waits',
          params: dayParams,
          response: { 200: reservationSchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const { id, date } = request.params;
        requireServiceRole(request, id, 'operator');
        const result = await transact(pool, async (tx) => {
          const service = await serviceOrFail(tx, id);
          const reservation = await callNext(tx, id, date);
          await notifyResident(tx, reservation, 'called', (lang) =>
            calledMessage(lang, service, reservation),
          );
          await audit(tx, request, {
            action: 'reservation.call',
            resourceType: 'reservation',
            resourceId: reservation.id,
            personalData: true,
            details: { number: reservation.number, queueNumber: reservation.queueNumber },
          });
          return reservationWithName(tx, reservation);
        });
        wakeOutbox();
        return result;
      },
    );

    fastify.post(
      '/admin/reservations/reservations/:id/complete',
      {
        schema: {
          tags,
          summary: 'Mark the visit done',
          params: reservationIdParams,
          response: { 200: reservationSchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const found = await authorizedReservation(request, request.params.id, 'operator');
        return transact(pool, async (tx) => {
          const reservation = await finish(tx, found.id, 'complete');
          await audit(tx, request, {
            action: 'reservation.complete',
            resourceType: 'reservation',
            resourceId: reservation.id,
            personalData: true,
            details: { number: reservation.number },
          });
          return reservationWithName(tx, reservation);
        });
      },
    );

    fastify.post(
      '/admin/reservations/reservations/:id/no-show',
      {
        schema: {
          tags,
          summary:
            'Mark that the resident did not come (from the day of the booking on); the resident is told',
          params: reservationIdParams,
          response: { 200: reservationSchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const found = await authorizedReservation(request, request.params.id, 'operator');
        const result = await transact(pool, async (tx) => {
          const reservation = await noShowFromTheDay(tx, found, options.now());
          const service = await serviceOrFail(tx, reservation.serviceId);
          await notifyResident(tx, reservation, 'no-show', (lang) =>
            noShowMessage(lang, service, reservation),
          );
          await audit(tx, request, {
            action: 'reservation.no_show',
            resourceType: 'reservation',
            resourceId: reservation.id,
            personalData: true,
            details: { number: reservation.number },
          });
          return reservationWithName(tx, reservation);
        });
        wakeOutbox();
        return result;
      },
    );

    fastify.post(
      '/admin/reservations/reservations/:id/cancel',
      {
        schema: {
          tags,
          summary: 'Cancel on the resident’s behalf; the resident is told the reason',
          params: reservationIdParams,
          body: cancelBody,
          response: { 200: reservationSchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const found = await authorizedReservation(request, request.params.id, 'operator');
        const { reason } = request.body;
        const result = await transact(pool, async (tx) => {
          const service = await serviceOrFail(tx, found.serviceId);
          const reservation = await cancelReservation(tx, found.id, 'staff', reason);
          await notifyResident(tx, reservation, 'cancelled-by-staff', (lang) =>
            cancelledByStaffMessage(lang, service, reservation, reason),
          );
          await audit(tx, request, {
            action: 'reservation.cancel',
            resourceType: 'reservation',
            resourceId: reservation.id,
            personalData: true,
            details: { number: reservation.number, reason },
          });
          return reservationWithName(tx, reservation);
        });
        wakeOutbox();
        return result;
      },
    );
  };
}
