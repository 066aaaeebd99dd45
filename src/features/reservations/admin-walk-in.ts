// Walk-ins at the desk: a seat in the slot staff chose, or in the first slot with a seat left from a time
// (now by default) on that city day. The seat is still taken by bookSlot's guarded update, so a slot filled
// meanwhile by someone else is skipped, never overbooked.
import { attemptInSavepoint } from '../../db/savepoint.ts';
import type { Queryable } from '../../db/transact.ts';
import { freeSlotsFrom } from './admin-repository.ts';
import { bookSlot } from './booking.ts';
import { BookingError } from './errors.ts';
import { findSlot } from './slot-repository.ts';
import { cityDate, cityInstant, cityTime, type Reservation } from './types.ts';

/** Slots tried when the server picks: more than a desk's day ever fills between one read and the booking. */
const CANDIDATES = 50;

export interface WalkInPlace {
  /** This slot (it must be the service's). */
  slotId?: string | undefined;
  /** Otherwise the first slot not over at this time, the same city day, with a seat left. */
  at: Date;
}

export async function bookWalkIn(
  tx: Queryable,
  serviceId: string,
  place: WalkInPlace,
  walkIn: { name: string; phone: string | null },
  now: Date,
): Promise<Reservation> {
  // Staff may book what the residents' booking window has closed (e.g. on the day); seats still hold.
  const options = { now, ignoreWindow: true };
  if (place.slotId) {
    const slot = await findSlot(tx, place.slotId);
    if (!slot || slot.serviceId !== serviceId) {
      throw new BookingError('SLOT_NOT_FOUND', `slot ${place.slotId} is not one of this service`);
    }
    return bookSlot(tx, slot.id, { walkIn }, options);
  }
  const day = cityDate(place.at);
  const dayEnd = new Date(cityInstant(day, '00:00').getTime() + 86_400_000);
  for (const slotId of await freeSlotsFrom(tx, serviceId, place.at, dayEnd, CANDIDATES)) {
    const attempt = await attemptInSavepoint(tx, BookingError, () =>
      bookSlot(tx, slotId, { walkIn }, options),
    );
    if (attempt.ok) return attempt.value;
    if (attempt.error.bookingCode !== 'SLOT_FULL') throw attempt.error;
  }
  throw new BookingError(
    'SLOT_FULL',
    `no slot of this service has a seat left on ${day} from ${cityTime(place.at)}`,
  );
}
