// Choosing a booking: the service (skipped when there is one), a day from the coming days, a time, then the
// confirmation card. Reads only; each step saves where the resident is.
import type { HandlerContext } from '../../../events/handler-context.ts';
import { comingDays, slotsOnDay } from '../availability.ts';
import { bookingRuleViolation } from '../booking.ts';
import { findReservation, listActiveReservations } from '../reservation-repository.ts';
import { findService, listServices } from '../service-repository.ts';
import { findSlot } from '../slot-repository.ts';
import { cityDate, type Reservation, type ReservationService } from '../types.ts';
import { confirmCard, daysCarousel, introCard, servicesCarousel, text, timesCarousel } from './cards.ts';
import type { ChatDeps } from './deps.ts';
import { serviceTexts } from './format.ts';
import { FLOW_NAME, newSessionKey } from './postback.ts';
import { clearFlow, type FlowData, saveFlow } from './state.ts';

/** How far ahead days are listed for paging; the service's own window usually ends sooner. */
export const MAX_LISTED_DAYS = 120;

/** Ends this flow's conversation, if the resident was in it, when a step has nothing left to offer. */
export function endFlow(ctx: HandlerContext, userId: string): void {
  if (ctx.state?.flow === FLOW_NAME) clearFlow(ctx, userId);
}

/** The menu entry 申告予約. */
export async function openReservations(ctx: HandlerContext, deps: ChatDeps, userId: string): Promise<void> {
  const services = await listServices(ctx.services.pool, true);
  const k = newSessionKey();
  const only = services.length === 1 ? services[0] : undefined;
  if (services.length === 0) {
    ctx.send(text(ctx.language, 'service.none'));
    endFlow(ctx, userId);
  } else if (only) {
    await enterService(ctx, deps, userId, { k }, only);
  } else {
    ctx.send(servicesCarousel(ctx.language, k, services));
    saveFlow(ctx, userId, { step: 'service', data: { k } });
  }
}

export async function chooseService(
  ctx: HandlerContext,
  deps: ChatDeps,
  userId: string,
  data: FlowData,
  serviceId: string,
): Promise<void> {
  const service = await findService(ctx.services.pool, serviceId);
  if (!service?.active) {
    ctx.send(text(ctx.language, 'error.SERVICE_NOT_FOUND'));
    return;
  }
  await enterService(ctx, deps, userId, { k: data.k }, service);
}

/** Shows a service and its coming days; for a change, the days only. */
export async function enterService(
  ctx: HandlerContext,
  deps: ChatDeps,
  userId: string,
  data: FlowData,
  service: ReservationService,
  changing: Reservation | null = null,
): Promise<void> {
  const lang = ctx.language;
  const pool = ctx.services.pool;
  if (!changing && service.oneActivePerUser) {
    const active = await listActiveReservations(pool, userId);
    if (active.some((r) => r.serviceId === service.id)) {
      // Said now rather than after choosing a time; the database enforces it again when booking.
      ctx.send(text(lang, 'error.ALREADY_BOOKED'));
      endFlow(ctx, userId);
      return;
    }
  }
  const days = await comingDays(pool, service, deps.now(), MAX_LISTED_DAYS);
  if (!changing) ctx.send(introCard(lang, service));
  if (days.length === 0) {
    ctx.send(text(lang, 'days.none', { period: serviceTexts(lang, service).reception }));
    endFlow(ctx, userId);
    return;
  }
  ctx.send(daysCarousel(lang, data.k, service, days, 0));
  const next: FlowData = { k: data.k, serviceId: service.id };
  if (changing) next.changeOf = changing.id;
  saveFlow(ctx, userId, { step: 'day', data: next });
}

async function serviceOf(ctx: HandlerContext, data: FlowData): Promise<ReservationService | null> {
  const service = data.serviceId ? await findService(ctx.services.pool, data.serviceId) : null;
  if (!service?.active) ctx.send(text(ctx.language, 'error.SERVICE_NOT_FOUND'));
  return service?.active ? service : null;
}

/** Another page of the coming days, or the first again after a day turned out to have nothing left. */
export async function showDays(
  ctx: HandlerContext,
  deps: ChatDeps,
  userId: string,
  data: FlowData,
  page: number,
): Promise<void> {
  const service = await serviceOf(ctx, data);
  if (!service) return;
  const days = await comingDays(ctx.services.pool, service, deps.now(), MAX_LISTED_DAYS);
  if (days.length === 0) {
    ctx.send(text(ctx.language, 'days.none', { period: serviceTexts(ctx.language, service).reception }));
    endFlow(ctx, userId);
    return;
  }
  ctx.send(daysCarousel(ctx.language, data.k, service, days, page));
  saveFlow(ctx, userId, { step: 'day', data: { ...data, date: undefined, slotId: undefined } });
}

export async function showTimes(
  ctx: HandlerContext,
  deps: ChatDeps,
  userId: string,
  data: FlowData,
  date: string,
  page: number,
): Promise<void> {
  const service = await serviceOf(ctx, data);
  if (!service) return;
  const slots = await slotsOnDay(ctx.services.pool, service, date, deps.now());
  if (slots.length === 0) {
    ctx.send(text(ctx.language, 'times.none'));
    await showDays(ctx, deps, userId, data, 0);
    return;
  }
  ctx.send(timesCarousel(ctx.language, data.k, date, slots, page));
  saveFlow(ctx, userId, { step: 'time', data: { ...data, date, slotId: undefined } });
}

export async function showConfirm(
  ctx: HandlerContext,
  deps: ChatDeps,
  userId: string,
  data: FlowData,
  slotId: string,
): Promise<void> {
  const service = await serviceOf(ctx, data);
  if (!service) return;
  const pool = ctx.services.pool;
  const slot = await findSlot(pool, slotId);
  if (!slot || slot.serviceId !== service.id) {
    ctx.send(text(ctx.language, 'error.SLOT_NOT_FOUND'));
    return;
  }
  const refusal =
    bookingRuleViolation(service, slot, deps.now())?.bookingCode ??
    (slot.booked >= slot.capacity ? 'SLOT_FULL' : null);
  if (refusal) {
    ctx.send(text(ctx.language, `error.${refusal}`));
    await showTimes(ctx, deps, userId, data, cityDate(slot.startsAt), 0);
    return;
  }
  const changing = data.changeOf ? await findReservation(pool, data.changeOf) : null;
  if (changing?.slotId === slot.id) {
    // Moving to the same time would only swap the reservation number.
    ctx.send(text(ctx.language, 'confirm.sameTime'));
    return;
  }
  ctx.send(confirmCard(ctx.language, data.k, service, slot, changing));
  saveFlow(ctx, userId, {
    step: 'confirm',
    data: { ...data, date: cityDate(slot.startsAt), slotId: slot.id },
  });
}
