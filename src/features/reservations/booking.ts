// Booking, changing and cancelling: the seat count and the one-active-booking rule are enforced by the
// database (a guarded UPDATE with a CHECK behind it, a partial unique index) inside the caller's transaction,
// so concurrent attempts for the last seat give exactly one booking and an error leaves nothing half-written.
import { randomInt } from 'node:crypto';
import type { Queryable } from '../../db/transact.ts';
import { BookingError } from './errors.ts';
import { findReservation } from './reservation-repository.ts';
import { findService } from './service-repository.ts';
import { findSlot } from './slot-repository.ts';
import { cityDate, type Reservation, type ReservationService, type Slot } from './types.ts';

// Unambiguous characters only (no 0/O, 1/I/L): the number is read aloud and typed at the desk.
const NUMBER_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export function newReservationNumber(): string {
  let out = '';
  for (let i = 0; i < 6; i += 1) out += NUMBER_ALPHABET[randomInt(NUMBER_ALPHABET.length)];
  return out;
}

/** Why a slot cannot be booked now under the service's rules, or null when it can. */
export function bookingRuleViolation(
  service: ReservationService,
  slot: Slot,
  now: Date,
): BookingError | null {
  const date = cityDate(slot.startsAt);
  if (!service.active) return new BookingError('OUTSIDE_WINDOW', 'the service is not taking bookings');
  if (service.closedDates.includes(date))
    return new BookingError('CLOSED_DAY', `the desk is closed on ${date}`);
  if (service.receptionStartsOn && date < service.receptionStartsOn) {
    return new BookingError('OUTSIDE_WINDOW', 'the slot is before the reception period');
  }
  if (service.receptionEndsOn && date > service.receptionEndsOn) {
    return new BookingError('OUTSIDE_WINDOW', 'the slot is after the reception period');
  }
  if (slot.startsAt.getTime() - service.cutoffMinutes * 60_000 <= now.getTime()) {
    return new BookingError('OUTSIDE_WINDOW', 'booking for this slot has closed');
  }
  if (slot.startsAt.getTime() > now.getTime() + service.opensDaysAhead * 86_400_000) {
    return new BookingError('OUTSIDE_WINDOW', 'booking for this slot has not opened yet');
  }
  return null;
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: string; constraint?: string };
  return e.code === '23505' && e.constraint === constraint;
}

export type Booker = { userId: string } | { walkIn: { name: string; phone: string | null } };

export interface BookOptions {
  now: Date;
  /** Staff may book a walk-in into a slot the rules would close to residents (e.g. on the day). */
  ignoreWindow?: boolean;
}

/** Books a seat. Run inside a transaction: on any error the caller's transaction must roll back. */
export async function bookSlot(
  tx: Queryable,
  slotId: string,
  booker: Booker,
  options: BookOptions,
): Promise<Reservation> {
  const slot = await findSlot(tx, slotId);
  if (!slot) throw new BookingError('SLOT_NOT_FOUND', `slot ${slotId} does not exist`);
  const service = await findService(tx, slot.serviceId);
  if (!service) throw new BookingError('SERVICE_NOT_FOUND', `service ${slot.serviceId} does not exist`);
  if (!options.ignoreWindow) {
    const violation = bookingRuleViolation(service, slot, options.now);
    if (violation) throw violation;
  }
  const seat = await tx.query(
    'UPDATE reservation_slots SET booked = booked + 1 WHERE id = $1 AND booked < capacity',
    [slotId],
  );
  if (seat.rowCount !== 1) throw new BookingError('SLOT_FULL', 'the slot is full');
  const userId = 'userId' in booker ? booker.userId : null;
  const walkIn = 'walkIn' in booker ? booker.walkIn : null;
  // A clash of the random number is astronomically rare; a savepoint lets us draw again without losing the seat.
  for (let attempt = 0; attempt < 5; attempt += 1) {
    await tx.query('SAVEPOINT reservation_number');
    try {
      const inserted = await tx.query<{ id: string }>(
        `INSERT INTO reservations (number, service_id, slot_id, user_id, walk_in_name, walk_in_phone, exclusive)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [
          newReservationNumber(),
          service.id,
          slotId,
          userId,
          walkIn?.name ?? null,
          walkIn?.phone ?? null,
          service.oneActivePerUser,
        ],
      );
      await tx.query('RELEASE SAVEPOINT reservation_number');
      const reservation = await findReservation(tx, String(inserted.rows[0]?.id));
      if (!reservation) throw new Error('reservation vanished after insert');
      return reservation;
    } catch (error) {
      await tx.query('ROLLBACK TO SAVEPOINT reservation_number');
      if (isUniqueViolation(error, 'reservations_one_active_per_user')) {
        throw new BookingError(
          'ALREADY_BOOKED',
          'the resident already has an active booking for this service',
        );
      }
      if (!isUniqueViolation(error, 'reservations_number_key')) throw error;
    }
  }
  throw new Error('could not draw a free reservation number');
}

/** Cancels an active reservation and frees its seat. */
export async function cancelReservation(
  tx: Queryable,
  reservationId: string,
  by: 'resident' | 'staff',
  reason: string | null,
): Promise<Reservation> {
  const result = await tx.query<{ slot_id: string }>(
    `UPDATE reservations SET status = 'cancelled', cancelled_at = now(), cancelled_by = $2, cancel_reason = $3,
            updated_at = now()
      WHERE id = $1 AND status IN ('booked', 'checked_in', 'called')
      RETURNING slot_id`,
    [reservationId, by, reason],
  );
  const row = result.rows[0];
  if (!row) {
    const existing = await findReservation(tx, reservationId);
    throw existing
      ? new BookingError('NOT_ACTIVE', `reservation ${existing.number} is ${existing.status}`)
      : new BookingError('RESERVATION_NOT_FOUND', `reservation ${reservationId} does not exist`);
  }
  await tx.query('UPDATE reservation_slots SET booked = booked - 1 WHERE id = $1', [row.slot_id]);
  const cancelled = await findReservation(tx, reservationId);
  if (!cancelled) throw new Error('reservation vanished after cancel');
  return cancelled;
}

/**
 * Moves a booked reservation to another slot of the same service. It stays the same booking with the same number
 * (the resident may already have written it down); the new seat is taken before the old one is freed, and the
 * day-before reminder is due again for the new day. Run inside a transaction: on any error roll back.
 */
export async function changeReservation(
  tx: Queryable,
  reservationId: string,
  newSlotId: string,
  options: BookOptions,
): Promise<{ before: Reservation; after: Reservation }> {
  const current = await findReservation(tx, reservationId);
  if (!current)
    throw new BookingError('RESERVATION_NOT_FOUND', `reservation ${reservationId} does not exist`);
  if (current.status !== 'booked')
    throw new BookingError('NOT_ACTIVE', `reservation ${current.number} is ${current.status}`);
  const slot = await findSlot(tx, newSlotId);
  if (!slot || slot.serviceId !== current.serviceId)
    throw new BookingError('SLOT_NOT_FOUND', `slot ${newSlotId} is not one of this service`);
  if (slot.id === current.slotId) return { before: current, after: current };
  const service = await findService(tx, slot.serviceId);
  if (!service) throw new BookingError('SERVICE_NOT_FOUND', `service ${slot.serviceId} does not exist`);
  if (!options.ignoreWindow) {
    const violation = bookingRuleViolation(service, slot, options.now);
    if (violation) throw violation;
  }
  const seat = await tx.query(
    'UPDATE reservation_slots SET booked = booked + 1 WHERE id = $1 AND booked < capacity',
    [newSlotId],
  );
  if (seat.rowCount !== 1) throw new BookingError('SLOT_FULL', 'the slot is full');
  // `changed_from_slot_id = slot_id` reads the old slot: SET sees the row as it was before the UPDATE.
  const moved = await tx.query(
    `UPDATE reservations
        SET changed_from_slot_id = slot_id, slot_id = $2, changed_at = now(), reminder_sent_at = NULL,
            updated_at = now()
      WHERE id = $1 AND status = 'booked'`,
    [reservationId, newSlotId],
  );
  if (moved.rowCount !== 1)
    throw new BookingError('NOT_ACTIVE', `reservation ${current.number} is no longer booked`);
  await tx.query('UPDATE reservation_slots SET booked = booked - 1 WHERE id = $1', [current.slotId]);
  const after = await findReservation(tx, reservationId);
  if (!after) throw new Error('reservation vanished after change');
  return { before: current, after };
}
