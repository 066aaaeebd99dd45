// Reads the staff screens need beyond the booking engine's: reservations over a date range (exports), the
// LINE display names that go with them, and a service that must exist.
import type { Queryable } from '../../db/transact.ts';
import { type ReservationOut, reservationOut } from './admin-schemas.ts';
import { BookingError } from './errors.ts';
import { RESERVATION_SELECT, type ReservationRow, toReservation } from './reservation-repository.ts';
import { findService } from './service-repository.ts';
import type { Reservation, ReservationService } from './types.ts';

/** A service's reservations whose slots fall on the city days from…to (inclusive), in slot then queue order. */
export async function listReservationsInRange(
  db: Queryable,
  serviceId: string,
  from: string,
  to: string,
): Promise<Reservation[]> {
  const result = await db.query<ReservationRow>(
    `${RESERVATION_SELECT}
      WHERE r.service_id = $1 AND s.starts_at >= ($2::date)::timestamp AT TIME ZONE 'Asia/Tokyo'
        AND s.starts_at < ($3::date + 1)::timestamp AT TIME ZONE 'Asia/Tokyo'
      ORDER BY s.starts_at, r.queue_number NULLS LAST, r.id`,
    [serviceId, from, to],
  );
  return result.rows.map(toReservation);
}

/** LINE display names of these users (missing ones are simply absent). */
export async function displayNames(db: Queryable, userIds: (string | null)[]): Promise<Map<string, string>> {
  const ids = [...new Set(userIds.filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map();
  const result = await db.query<{ user_id: string; display_name: string | null }>(
    'SELECT user_id, display_name FROM line_users WHERE user_id = ANY($1::text[])',
    [ids],
  );
  return new Map(
    result.rows.flatMap((row) =>
      row.display_name === null ? [] : [[row.user_id, row.display_name] as const],
    ),
  );
}

/** The service, or a 404 (SERVICE_NOT_FOUND). */
export async function serviceOrFail(db: Queryable, id: string): Promise<ReservationService> {
  const service = await findService(db, id);
  if (!service) throw new BookingError('SERVICE_NOT_FOUND', `service ${id} does not exist`);
  return service;
}

/** The reservation as the admin API shows it, with the resident's LINE display name. */
export async function reservationWithName(db: Queryable, reservation: Reservation): Promise<ReservationOut> {
  const names = await displayNames(db, [reservation.userId]);
  return reservationOut(reservation, reservation.userId ? (names.get(reservation.userId) ?? null) : null);
}
