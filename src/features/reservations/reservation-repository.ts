// Reservations: reads, one mapper. Changes that must keep seats and rules right live in booking.ts and queue.ts.
import type { Queryable } from '../../db/transact.ts';
import type { Reservation, ReservationStatus } from './types.ts';

export interface ReservationRow {
  id: string;
  number: string;
  service_id: string;
  slot_id: string;
  starts_at: Date;
  ends_at: Date;
  user_id: string | null;
  walk_in_name: string | null;
  walk_in_phone: string | null;
  status: ReservationStatus;
  queue_date: string | null;
  queue_number: number | null;
  cancel_reason: string | null;
  created_at: Date;
}

export function toReservation(row: ReservationRow): Reservation {
  return {
    id: String(row.id),
    number: row.number,
    serviceId: row.service_id,
    slotId: String(row.slot_id),
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    userId: row.user_id,
    walkInName: row.walk_in_name,
    walkInPhone: row.walk_in_phone,
    status: row.status,
    queueDate: row.queue_date,
    queueNumber: row.queue_number,
    cancelReason: row.cancel_reason,
    createdAt: row.created_at,
  };
}

export const RESERVATION_SELECT = `
  SELECT r.id, r.number, r.service_id, r.slot_id, s.starts_at, s.ends_at, r.user_id, r.walk_in_name,
         r.walk_in_phone, r.status, r.queue_date::text, r.queue_number, r.cancel_reason, r.created_at
    FROM reservations r JOIN reservation_slots s ON s.id = r.slot_id`;

export async function findReservation(db: Queryable, id: string): Promise<Reservation | null> {
  const result = await db.query<ReservationRow>(`${RESERVATION_SELECT} WHERE r.id = $1`, [id]);
  return result.rows[0] ? toReservation(result.rows[0]) : null;
}

export async function findReservationByNumber(db: Queryable, number: string): Promise<Reservation | null> {
  const result = await db.query<ReservationRow>(`${RESERVATION_SELECT} WHERE r.number = $1`, [number]);
  return result.rows[0] ? toReservation(result.rows[0]) : null;
}

/** The resident's active reservations (booked, checked in or called), soonest first. */
export async function listActiveReservations(db: Queryable, userId: string): Promise<Reservation[]> {
  const result = await db.query<ReservationRow>(
    `${RESERVATION_SELECT} WHERE r.user_id = $1 AND r.status IN ('booked', 'checked_in', 'called') ORDER BY s.starts_at`,
    [userId],
  );
  return result.rows.map(toReservation);
}

/** A service's reservations on one city day (the desk's list), in slot then queue order. */
export async function listReservationsOnDay(
  db: Queryable,
  serviceId: string,
  date: string,
): Promise<Reservation[]> {
  const result = await db.query<ReservationRow>(
    `${RESERVATION_SELECT}
      WHERE r.service_id = $1 AND s.starts_at >= ($2::date)::timestamp AT TIME ZONE 'Asia/Tokyo'
        AND s.starts_at < ($2::date + 1)::timestamp AT TIME ZONE 'Asia/Tokyo'
      ORDER BY s.starts_at, r.queue_number NULLS LAST, r.id`,
    [serviceId, date],
  );
  return result.rows.map(toReservation);
}
