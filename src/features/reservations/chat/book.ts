// The 予約する / 変更する button: books (or moves) the seat inside the event's transaction. A refusal becomes
// a friendly explanation and, where it helps, the times still open — without failing the event.
import type pg from 'pg';
import { clearState, saveState } from '../../../conversation/state-repository.ts';
import type { HandlerContext } from '../../../events/handler-context.ts';
import type { Language } from '../../../i18n/languages.ts';
import { comingDays, slotsOnDay } from '../availability.ts';
import { bookSlot, changeReservation } from '../booking.ts';
import { BookingError, type BookingErrorCode } from '../errors.ts';
import { findReservation } from '../reservation-repository.ts';
import { findService } from '../service-repository.ts';
import type { ReservationService } from '../types.ts';
import { MAX_LISTED_DAYS } from './browse.ts';
import { bookedCard, daysCarousel, text, timesCarousel } from './cards.ts';
import type { ChatDeps } from './deps.ts';
import { FLOW_NAME } from './postback.ts';
import { attempt } from './savepoint.ts';
import { FLOW_TTL_SECONDS, type FlowData } from './state.ts';

/** Refusals after which choosing another time makes sense. */
const RETRYABLE: ReadonlySet<BookingErrorCode> = new Set([
  'SLOT_FULL',
  'OUTSIDE_WINDOW',
  'CLOSED_DAY',
  'SLOT_NOT_FOUND',
]);

export function book(
  ctx: HandlerContext,
  deps: ChatDeps,
  userId: string,
  data: FlowData,
  slotId: string,
): void {
  const lang = ctx.language;
  const now = deps.now();
  ctx.write(async (tx) => {
    const result = await attemptBooking(tx, userId, data, slotId, now);
    if (result.ok) {
      const service = await findService(tx, result.value.serviceId);
      if (!service) throw new Error(`service ${result.value.serviceId} of a new booking vanished`);
      ctx.send(bookedCard(lang, service, result.value, data.changeOf !== undefined, now));
      await clearState(tx, userId);
      return;
    }
    const code = result.error.bookingCode;
    ctx.send(text(lang, `error.${code}`));
    const service = data.serviceId ? await findService(tx, data.serviceId) : null;
    if (service && RETRYABLE.has(code) && (await offerOtherTimes(ctx, tx, lang, userId, data, service, now)))
      return;
    await clearState(tx, userId);
  });
}

async function attemptBooking(tx: pg.PoolClient, userId: string, data: FlowData, slotId: string, now: Date) {
  return attempt(tx, async () => {
    if (!data.changeOf) return bookSlot(tx, slotId, { userId }, { now });
    const current = await findReservation(tx, data.changeOf);
    // The id came from a button; only the resident's own booking may be moved.
    if (!current || current.userId !== userId) {
      throw new BookingError('RESERVATION_NOT_FOUND', `reservation ${data.changeOf} is not this resident's`);
    }
    return (await changeReservation(tx, data.changeOf, slotId, { now })).after;
  });
}

/** After a refusal: the same day's times if any has a seat, else the coming days; false if nothing is open. */
async function offerOtherTimes(
  ctx: HandlerContext,
  tx: pg.PoolClient,
  lang: Language,
  userId: string,
  data: FlowData,
  service: ReservationService,
  now: Date,
): Promise<boolean> {
  const save = (step: string, next: FlowData) =>
    saveState(tx, { userId, flow: FLOW_NAME, step, data: next, ttlSeconds: FLOW_TTL_SECONDS });
  const sameDay = data.date ? await slotsOnDay(tx, service, data.date, now) : [];
  if (data.date && sameDay.some((slot) => slot.booked < slot.capacity)) {
    ctx.send(timesCarousel(lang, data.k, data.date, sameDay, 0));
    await save('time', { ...data, slotId: undefined });
    return true;
  }
  const days = await comingDays(tx, service, now, MAX_LISTED_DAYS);
  if (!days.some((day) => day.seatsLeft > 0)) return false;
  ctx.send(daysCarousel(lang, data.k, service, days, 0));
  await save('day', { ...data, date: undefined, slotId: undefined });
  return true;
}
