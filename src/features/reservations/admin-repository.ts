// Reads the staff screens need beyond the booking engine's: reservations over a date range (exports), the
// desk's search by booking number or name, free slots for a walk-in, the LINE display names that go with
// them, and a service that must exist.
import type { Queryable } from '../../db/transact.ts';
import { type ReservationOut, reservationOut } from './admin-schemas.ts';
import { escapeLike, foldBookingNumber, foldName } from './admin-text.ts';
import { BookingError } from './errors.ts';
import { RESERVATION_SELECT, type ReservationRow, toReservation } from './reservation-repository.ts';
import { findService } from './service-repository.ts';
import type { Reservation, ReservationService, ReservationStatus } from './types.ts';

/** Sorts reservations without a queue number after those with one (NULLS LAST, but usable in a row compare). */
const NO_QUEUE_NUMBER = 2_147_483_647;

/** The desk's order: by slot, then queue number, then id; a page goes on after this key. */
export interface DeskOrderKey {
  startsAt: string;
  queue: number;
  id: string;
}

export function deskOrderKey(r: Reservation): [string, number, string] {
  return [r.startsAt.toISOString(), r.queueNumber ?? NO_QUEUE_NUMBER, r.id];
}

export interface ReservationSearch {
  serviceId: string;
  /** Slots starting within [start, end). */
  start?: Date | undefined;
  end?: Date | undefined;
  /** A booking number (its beginning is enough) or part of the walk-in's or LINE display name. */
  text?: string | undefined;
  statuses?: readonly ReservationStatus[] | undefined;
  after?: DeskOrderKey | undefined;
  limit: number;
}

/** A service's reservations matching the search, in the desk's order (slot, queue number, id). */
export async function searchReservations(db: Queryable, search: ReservationSearch): Promise<Reservation[]> {
  const text = search.text?.trim() ? search.text : undefined;
  const number = text ? foldBookingNumber(text) : '';
  const name = text ? foldName(text) : '';
  const result = await db.query<ReservationRow>(
    `${RESERVATION_SELECT}
       LEFT JOIN line_users u ON u.user_id = r.user_id
      WHERE r.service_id = $1
        AND ($2::timestamptz IS NULL OR s.starts_at >= $2)
        AND ($3::timestamptz IS NULL OR s.starts_at < $3)
        AND ($4::text[] IS NULL OR r.status = ANY($4::text[]))
        AND ($5::text IS NULL
             OR ($6::text IS NOT NULL AND r.number LIKE $6)
             OR replace(lower(normalize(COALESCE(r.walk_in_name, u.display_name, ''), NFKC)), ' ', '') LIKE $5)
        AND ($7::timestamptz IS NULL
             OR (s.starts_at, COALESCE(r.queue_number, ${NO_QUEUE_NUMBER}), r.id) > ($7, $8::int, $9::bigint))
      ORDER BY s.starts_at, COALESCE(r.queue_number, ${NO_QUEUE_NUMBER}), r.id
      LIMIT $10`,
    [
      search.serviceId,
      search.start ?? null,
      search.end ?? null,
      search.statuses?.length ? search.statuses : null,
      text ? `%${escapeLike(name)}%` : null,
      /^[0-9A-Z]{2,12}$/.test(number) ? `${escapeLike(number)}%` : null,
      search.after?.startsAt ?? null,
      search.after?.queue ?? null,
      search.after?.id ?? null,
      search.limit,
    ],
  );
  return result.rows.map(toReservation);
}

/** Checked-in residents not called yet, of a service on a city day. */
export async function waitingCount(db: Queryable, serviceId: string, date: string): Promise<number> {
  const result = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM reservations
      WHERE service_id = $1 AND queue_date = $2 AND status = 'checked_in'`,
    [serviceId, date],
  );
  return result.rows[0]?.n ?? 0;
}

/**
 * Slots of the service with seats left that are not over at `from`, on the same city day, soonest first: the
 * ones a walk-in at the desk can take. (The seat itself is taken by bookSlot's guarded update.)
 */
export async function freeSlotsFrom(
  db: Queryable,
  serviceId: string,
  from: Date,
  dayEnd: Date,
  limit: number,
): Promise<string[]> {
  const result = await db.query<{ id: string }>(
    `SELECT id FROM reservation_slots
      WHERE service_id = $1 AND ends_at > $2 AND starts_at < $3 AND booked < capacity
      ORDER BY starts_at LIMIT $4`,
    [serviceId, from, dayEnd, limit],
  );
  return result.rows.map((row) => String(row.id));
}

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
