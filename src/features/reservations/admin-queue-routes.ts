// The desk's queue actions: check-in (queue number), calling the next or a chosen resident, complete / no-show
// (from the booking's day on), and cancelling for the resident with a reason. Each action on a reservation is
// reachable by its internal id and by the booking number the resident reads out. Each is one transaction with
// its audit entry and the resident's notice (so nothing is half-written); the outbox is woken after commit.
// The answers carry the resident's name, phone or LINE id, so every action is audited as personal data.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { audit } from '../../admin/auth.ts';
import type { Role } from '../../admin/roles.ts';
import { type Queryable, transact } from '../../db/transact.ts';
import {
  authorizedReservation,
  type ReservationRef,
  type ReservationsAdminOptions,
  requireServiceRole,
} from './admin-access.ts';
import { notifyResident } from './admin-notify.ts';
import { reservationWithName, serviceOrFail } from './admin-repository.ts';
import {
  cancelBody,
  dayParams,
  errorResponses,
  type ReservationOut,
  reservationIdParams,
  reservationNumberParams,
  reservationSchema,
} from './admin-schemas.ts';
import { cancelReservation } from './booking.ts';
import { BookingError } from './errors.ts';
import { calledMessage, cancelledByStaffMessage, checkedInMessage, noShowMessage } from './notices.ts';
import { callNext, callReservation, checkIn, finish, queuePosition } from './queue.ts';
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

    /**
     * Registers a desk action on one reservation twice: under its internal id and under its booking number
     * (…/reservations/by-number/7KX3QP/check-in), each finding the reservation before checking the role.
     */
    function deskAction<B extends z.ZodType | undefined = undefined>(
      action: string,
      role: Role,
      route: { schema: { tags: string[]; summary: string; body?: B; response: Record<number, unknown> } },
      handler: (
        request: FastifyRequest<{ Body: B extends z.ZodType ? z.output<B> : undefined }>,
        found: Reservation,
      ) => Promise<ReservationOut>,
    ): void {
      const run = async (request: FastifyRequest, ref: ReservationRef) =>
        handler(request as never, await authorizedReservation(pool, request, ref, role));
      fastify.post(
        `/admin/reservations/reservations/:id/${action}`,
        { schema: { ...route.schema, params: reservationIdParams } },
        async (request) => run(request, { id: request.params.id }),
      );
      fastify.post(
        `/admin/reservations/reservations/by-number/:number/${action}`,
        { schema: { ...route.schema, params: reservationNumberParams } },
        async (request) => run(request, { number: request.params.number }),
      );
    }

    deskAction(
      'check-in',
      'operator',
      {
        schema: {
          tags,
          summary: 'Check a booked resident in today: gives the queue number and tells the resident',
          response: { 200: reservationSchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, found) => {
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

    deskAction(
      'call',
      'operator',
      {
        schema: {
          tags,
          summary: 'Call this checked-in resident (out of turn if need be); they are told',
          response: { 200: reservationSchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, found) => {
        const result = await transact(pool, async (tx) => {
          const service = await serviceOrFail(tx, found.serviceId);
          const reservation = await callReservation(tx, found.id);
          await notifyResident(tx, reservation, 'called', (lang) =>
            calledMessage(lang, service, reservation),
          );
          await audit(tx, request, {
            action: 'reservation.call',
            resourceType: 'reservation',
            resourceId: reservation.id,
            personalData: true,
            details: { number: reservation.number, queueNumber: reservation.queueNumber, chosen: true },
          });
          return reservationWithName(tx, reservation);
        });
        wakeOutbox();
        return result;
      },
    );

    deskAction(
      'complete',
      'operator',
      {
        schema: {
          tags,
          summary: 'Mark the visit done',
          response: { 200: reservationSchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, found) => {
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

    deskAction(
      'no-show',
      'operator',
      {
        schema: {
          tags,
          summary:
            'Mark that the resident did not come (from the day of the booking on); the resident is told',
          response: { 200: reservationSchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, found) => {
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

    deskAction(
      'cancel',
      'operator',
      {
        schema: {
          tags,
          summary: 'Cancel on the resident’s behalf; the resident is told the reason',
          body: cancelBody,
          response: { 200: reservationSchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, found) => {
        const { reason, reasons } = request.body;
        const result = await transact(pool, async (tx) => {
          const service = await serviceOrFail(tx, found.serviceId);
          const reservation = await cancelReservation(tx, found.id, 'staff', reason);
          await notifyResident(tx, reservation, 'cancelled-by-staff', (lang) =>
            cancelledByStaffMessage(lang, service, reservation, reason, reasons),
          );
          await audit(tx, request, {
            action: 'reservation.cancel',
            resourceType: 'reservation',
            resourceId: reservation.id,
            personalData: true,
            details: { number: reservation.number, reason, reasons },
          });
          return reservationWithName(tx, reservation);
        });
        wakeOutbox();
        return result;
      },
    );
  };
}
