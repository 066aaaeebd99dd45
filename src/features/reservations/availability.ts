// What a resident may choose from: the coming days with seats, and a day's times with the seats left —
// only slots the service's rules allow booking now.
import type { Queryable } from '../../db/transact.ts';
import { bookingRuleViolation } from './booking.ts';
import { listSlots } from './slot-repository.ts';
import { cityDate, cityInstant, type ReservationService, type Slot } from './types.ts';

export interface DayAvailability {
  date: string;
  seatsLeft: number;
  slots: number;
}

export async function bookableSlots(
  db: Queryable,
  service: ReservationService,
  from: Date,
  to: Date,
  now: Date,
): Promise<Slot[]> {
  const slots = await listSlots(db, service.id, from, to);
  return slots.filter((slot) => bookingRuleViolation(service, slot, now) === null);
}

/** Up to `maxDays` coming days that have bookable slots, each with its seats left (0 = full, still shown). */
export async function comingDays(
  db: Queryable,
  service: ReservationService,
  now: Date,
  maxDays: number,
): Promise<DayAvailability[]> {
  const until = new Date(now.getTime() + (service.opensDaysAhead + 1) * 86_400_000);
  const slots = await bookableSlots(db, service, now, until, now);
  const days = new Map<string, DayAvailability>();
  for (const slot of slots) {
    const date = cityDate(slot.startsAt);
    const day = days.get(date) ?? { date, seatsLeft: 0, slots: 0 };
    day.seatsLeft += slot.capacity - slot.booked;
    day.slots += 1;
    days.set(date, day);
  }
  return [...days.values()].slice(0, maxDays);
}

export async function slotsOnDay(
  db: Queryable,
  service: ReservationService,
  date: string,
  now: Date,
): Promise<Slot[]> {
  const start = cityInstant(date, '00:00');
  return bookableSlots(db, service, start, new Date(start.getTime() + 86_400_000), now);
}
