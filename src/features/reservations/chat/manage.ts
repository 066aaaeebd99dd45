// 予約の確認・変更・キャンセル: the resident's active bookings (with the queue once checked in), a change
// that goes through the same day/time choice, and a cancel after a confirmation.
import type { HandlerContext } from '../../../events/handler-context.ts';
import { cancelReservation } from '../booking.ts';
import { BookingError } from '../errors.ts';
import { queuePosition } from '../queue.ts';
import { findReservation, listActiveReservations } from '../reservation-repository.ts';
import { findService } from '../service-repository.ts';
import type { Reservation, ReservationService } from '../types.ts';
import { endFlow, enterService } from './browse.ts';
import { cancelCard, type MineItem, mineCarousel, text } from './cards.ts';
import type { ChatDeps } from './deps.ts';
import { newSessionKey } from './postback.ts';
import { attempt } from './savepoint.ts';
import { clearFlow, type FlowData, saveFlow } from './state.ts';

/** The menu entry 予約の確認・変更. */
export async function openMyReservations(ctx: HandlerContext, userId: string): Promise<void> {
  const pool = ctx.services.pool;
  const active = await listActiveReservations(pool, userId);
  if (active.length === 0) {
    ctx.send(text(ctx.language, 'mine.none'));
    endFlow(ctx, userId);
    return;
  }
  const services = new Map<string, ReservationService | null>();
  const items: MineItem[] = [];
  for (const reservation of active) {
    if (!services.has(reservation.serviceId)) {
      services.set(reservation.serviceId, await findService(pool, reservation.serviceId));
    }
    const service = services.get(reservation.serviceId);
    if (service) items.push({ service, reservation, position: await queuePosition(pool, reservation) });
  }
  const k = newSessionKey();
  ctx.send(mineCarousel(ctx.language, k, items));
  // Only booked ones have buttons; without any, there is no conversation to keep.
  if (active.some((r) => r.status === 'booked')) saveFlow(ctx, userId, { step: 'manage', data: { k } });
  else endFlow(ctx, userId);
}

/** The resident's own booking that is still only booked, or null after saying why not. */
async function ownBooked(
  ctx: HandlerContext,
  userId: string,
  reservationId: string,
): Promise<Reservation | null> {
  const reservation = await findReservation(ctx.services.pool, reservationId);
  if (!reservation || reservation.userId !== userId) {
    ctx.send(text(ctx.language, 'error.RESERVATION_NOT_FOUND'));
    return null;
  }
  if (reservation.status !== 'booked') {
    ctx.send(text(ctx.language, 'error.NOT_ACTIVE'));
    return null;
  }
  return reservation;
}

export async function startChange(
  ctx: HandlerContext,
  deps: ChatDeps,
  userId: string,
  data: FlowData,
  reservationId: string,
): Promise<void> {
  const reservation = await ownBooked(ctx, userId, reservationId);
  if (!reservation) return;
  const service = await findService(ctx.services.pool, reservation.serviceId);
  if (!service?.active) {
    ctx.send(text(ctx.language, 'error.SERVICE_NOT_FOUND'));
    return;
  }
  await enterService(ctx, deps, userId, { k: data.k }, service, reservation);
}

export async function askCancel(
  ctx: HandlerContext,
  userId: string,
  data: FlowData,
  reservationId: string,
): Promise<void> {
  const reservation = await ownBooked(ctx, userId, reservationId);
  if (!reservation) return;
  const service = await findService(ctx.services.pool, reservation.serviceId);
  if (!service) {
    ctx.send(text(ctx.language, 'error.SERVICE_NOT_FOUND'));
    return;
  }
  ctx.send(cancelCard(ctx.language, data.k, service, reservation));
  saveFlow(ctx, userId, { step: 'cancel', data: { k: data.k, reservationId: reservation.id } });
}

export function confirmCancel(ctx: HandlerContext, userId: string, reservationId: string): void {
  const lang = ctx.language;
  ctx.write(async (tx) => {
    const result = await attempt(tx, async () => {
      const current = await findReservation(tx, reservationId);
      if (!current || current.userId !== userId) {
        throw new BookingError(
          'RESERVATION_NOT_FOUND',
          `reservation ${reservationId} is not this resident's`,
        );
      }
      // At the desk already: staff handle it there.
      if (current.status !== 'booked')
        throw new BookingError('NOT_ACTIVE', `reservation is ${current.status}`);
      return cancelReservation(tx, reservationId, 'resident', null);
    });
    ctx.send(
      result.ok
        ? text(lang, 'cancel.done', { number: result.value.number })
        : text(lang, `error.${result.error.bookingCode}`),
    );
  });
  clearFlow(ctx, userId);
}

export function keepBooking(ctx: HandlerContext, userId: string, data: FlowData): void {
  ctx.send(text(ctx.language, 'cancel.kept'));
  saveFlow(ctx, userId, { step: 'manage', data: { k: data.k } });
}
