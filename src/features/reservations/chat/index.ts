// The resident side of 申告予約 in the chat: registers the booking conversation and its two menu entries.
import type { Services } from '../../../events/services.ts';
import { registerMenuItem } from '../../menu/menu-actions.ts';
import { openReservations } from './browse.ts';
import type { ChatDeps } from './deps.ts';
import { reservationFlow } from './flow.ts';
import { openMyReservations } from './manage.ts';

export type { ChatDeps } from './deps.ts';
export { FLOW_NAME as RESERVATION_FLOW } from './postback.ts';

/** Call once per app; `now` is the clock the rules are checked against (tests pass their own). */
export function registerReservationFeature(
  services: Pick<Services, 'flows'>,
  options: Partial<ChatDeps> = {},
): void {
  const deps: ChatDeps = { now: options.now ?? (() => new Date()) };
  services.flows.register(reservationFlow(deps));
  registerMenuItem('reservations', async (ctx) => {
    if (ctx.userId) await openReservations(ctx, deps, ctx.userId);
  });
  registerMenuItem('myReservations', async (ctx) => {
    if (ctx.userId) await openMyReservations(ctx, ctx.userId);
  });
}
