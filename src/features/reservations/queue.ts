// The day's queue at the desk: check-in hands out the next queue number, staff call the next, then complete
// or mark a no-show. Each step is one guarded UPDATE, so two desks never call the same resident.
import type { Queryable } from '../../db/transact.ts';
import { BookingError } from './errors.ts';
import { findReservation } from './reservation-repository.ts';
import { cityDate, type Reservation, type ReservationStatus } from './types.ts';

async function reload(tx: Queryable, id: string): Promise<Reservation> {
  const reservation = await findReservation(tx, id);
  if (!reservation) throw new BookingError('RESERVATION_NOT_FOUND', `reservation ${id} does not exist`);
  return reservation;
}

async function wrongStatus(tx: Queryable, id: string, action: string): Promise<never> {
  const current = await reload(tx, id);
  throw new BookingError(
    'WRONG_STATUS',
    `cannot ${action} reservation ${current.number}: it is ${current.status}`,
  );
}

/** Checks a booked resident in on the day and gives them the next queue number. */
export async function checkIn(tx: Queryable, reservationId: string, now: Date): Promise<Reservation> {
  const current = await reload(tx, reservationId);
  if (current.status !== 'booked') return wrongStatus(tx, reservationId, 'check in');
  const day = cityDate(now);
  const counter = await tx.query<{ last_number: number }>(
    `INSERT INTO reservation_queue_counters (service_id, queue_date, last_number) VALUES ($1, $2, 1)
     ON CONFLICT (service_id, queue_date) DO UPDATE SET last_number = reservation_queue_counters.last_number + 1
     RETURNING last_number`,
    [current.serviceId, day],
  );
  const updated = await tx.query(
    `UPDATE reservations SET status = 'checked_in', checked_in_at = now(), queue_date = $2, queue_number = $3,
            updated_at = now()
      WHERE id = $1 AND status = 'booked'`,
    [reservationId, day, counter.rows[0]?.last_number],
  );
  if (updated.rowCount !== 1) return wrongStatus(tx, reservationId, 'check in');
  return reload(tx, reservationId);
}

/** Calls the checked-in resident with the lowest queue number of that service and day. */
export async function callNext(tx: Queryable, serviceId: string, date: string): Promise<Reservation> {
  const result = await tx.query<{ id: string }>(
    `UPDATE reservations SET status = 'called', called_at = now(), updated_at = now()
      WHERE id = (SELECT id FROM reservations
                   WHERE service_id = $1 AND queue_date = $2 AND status = 'checked_in'
                   ORDER BY queue_number LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING id`,
    [serviceId, date],
  );
  const id = result.rows[0]?.id;
  if (!id) throw new BookingError('QUEUE_EMPTY', 'nobody is waiting');
  return reload(tx, String(id));
}

/** Calls this checked-in resident, out of turn if need be (the desk chose them, e.g. by their number). */
export async function callReservation(tx: Queryable, reservationId: string): Promise<Reservation> {
  const result = await tx.query(
    `UPDATE reservations SET status = 'called', called_at = now(), updated_at = now()
      WHERE id = $1 AND status = 'checked_in'`,
    [reservationId],
  );
  if (result.rowCount !== 1) return wrongStatus(tx, reservationId, 'call');
  return reload(tx, reservationId);
}

const NEXT: Record<
  'complete' | 'no_show',
  { from: ReservationStatus[]; to: ReservationStatus; column: string }
> = {
  complete: { from: ['called', 'checked_in'], to: 'completed', column: 'completed_at' },
  no_show: { from: ['booked', 'called', 'checked_in'], to: 'no_show', column: 'completed_at' },
};

export async function finish(
  tx: Queryable,
  reservationId: string,
  how: 'complete' | 'no_show',
): Promise<Reservation> {
  const step = NEXT[how];
  const result = await tx.query<{ slot_id: string }>(
    `UPDATE reservations SET status = $2, ${step.column} = now(), updated_at = now()
      WHERE id = $1 AND status = ANY($3::text[]) RETURNING slot_id`,
    [reservationId, step.to, step.from],
  );
  if (result.rowCount !== 1) return wrongStatus(tx, reservationId, how.replace('_', '-'));
  return reload(tx, reservationId);
}

/** Where a checked-in resident stands: their number and how many checked-in residents are before them. */
export async function queuePosition(
  db: Queryable,
  reservation: Reservation,
): Promise<{ queueNumber: number; ahead: number } | null> {
  if (reservation.status !== 'checked_in' || reservation.queueNumber === null) return null;
  const result = await db.query<{ ahead: number }>(
    `SELECT count(*)::int AS ahead FROM reservations
      WHERE service_id = $1 AND queue_date = $2 AND status = 'checked_in' AND queue_number < $3`,
    [reservation.serviceId, reservation.queueDate, reservation.queueNumber],
  );
  return { queueNumber: reservation.queueNumber, ahead: result.rows[0]?.ahead ?? 0 };
}
