// Who may do what in the reservations admin API: one role scope per service, `reservations:<serviceId>`
// (a role on plain `reservations` covers every service). viewer reads and exports, operator runs the desk,
// manager edits services and slots. Also finding the reservation a desk route names, before its role check.
import type { FastifyRequest } from 'fastify';
import { requireRole } from '../../admin/auth.ts';
import type { Role, StaffPrincipal } from '../../admin/roles.ts';
import type { Queryable } from '../../db/transact.ts';
import { BookingError } from './errors.ts';
import { findReservation, findReservationByNumber } from './reservation-repository.ts';
import { cityInstant, type Reservation } from './types.ts';

export interface ReservationsAdminOptions {
  /** The clock the desk actions use (tests fix it); the real time by default. */
  now: () => Date;
}

export function serviceScope(serviceId: string): string {
  return `reservations:${serviceId}`;
}

export function requireServiceRole(request: FastifyRequest, serviceId: string, role: Role): StaffPrincipal {
  return requireRole(request, serviceScope(serviceId), role);
}

/** City days from…to (inclusive) as the instants [start, end). */
export function cityDayRange(from: string, to: string): { start: Date; end: Date } {
  return {
    start: cityInstant(from, '00:00'),
    end: new Date(cityInstant(to, '00:00').getTime() + 86_400_000),
  };
}

/** How a desk route names a reservation: by the internal id, or by the booking number the resident reads out. */
export type ReservationRef = { id: string } | { number: string };

/** The reservation, once the caller holds `role` on its service (404 before 403: ids are not secret). */
export async function authorizedReservation(
  db: Queryable,
  request: FastifyRequest,
  ref: ReservationRef,
  role: Role,
): Promise<Reservation> {
  const reservation =
    'id' in ref ? await findReservation(db, ref.id) : await findReservationByNumber(db, ref.number);
  if (!reservation) {
    const named = 'id' in ref ? ref.id : `number ${ref.number}`;
    throw new BookingError('RESERVATION_NOT_FOUND', `reservation ${named} does not exist`);
  }
  requireServiceRole(request, reservation.serviceId, role);
  return reservation;
}
