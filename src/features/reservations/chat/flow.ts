// The reservation conversation as a Flow: each button names its step's operation (a button from another step or
// an older conversation is answered politely instead of acted on), and anything typed shows the step again.
import type { Flow } from '../../../conversation/flow-kit.ts';
import type { HandlerContext } from '../../../events/handler-context.ts';
import { listServices } from '../service-repository.ts';
import { book } from './book.ts';
import { chooseService, showConfirm, showDays, showTimes } from './browse.ts';
import { servicesCarousel, text } from './cards.ts';
import type { ChatDeps } from './deps.ts';
import { askCancel, confirmCancel, keepBooking, openMyReservations, startChange } from './manage.ts';
import type { FlowOp } from './postback.ts';
import { type FlowData, reservationKit, type Step } from './state.ts';

const BROWSING: readonly Step[] = ['day', 'time', 'confirm'];

/** The steps in which each operation's button is live. */
const ALLOWED: Record<FlowOp['op'], readonly Step[]> = {
  service: ['service', 'day', 'time', 'confirm'],
  days: BROWSING,
  day: BROWSING,
  slot: ['time', 'confirm'],
  book: ['confirm'],
  quit: ['service', 'day', 'time', 'confirm', 'cancel'],
  change: ['manage', 'cancel'],
  cancel: ['manage', 'cancel'],
  'cancel-yes': ['cancel'],
  'cancel-no': ['cancel'],
};

/** The current step's cards again (same conversation key), for a resident who typed instead of tapping. */
async function reprompt(
  ctx: HandlerContext,
  deps: ChatDeps,
  userId: string,
  step: Step,
  data: FlowData,
): Promise<void> {
  switch (step) {
    case 'service': {
      const services = await listServices(ctx.services.pool, true);
      if (services.length > 0) ctx.send(servicesCarousel(ctx.language, data.k, services));
      return;
    }
    case 'day':
      return showDays(ctx, deps, userId, data, 0);
    case 'time':
      return data.date
        ? showTimes(ctx, deps, userId, data, data.date, 0)
        : showDays(ctx, deps, userId, data, 0);
    case 'confirm':
      return data.slotId ? showConfirm(ctx, deps, userId, data, data.slotId) : undefined;
    case 'manage':
      return openMyReservations(ctx, userId);
    case 'cancel':
      return data.reservationId ? askCancel(ctx, userId, data, data.reservationId) : undefined;
  }
}

export function reservationFlow(deps: ChatDeps): Flow {
  return reservationKit.flow({
    allowed: ALLOWED,
    stale: (ctx) => ctx.send(text(ctx.language, 'stale')),
    quitText: (ctx) => text(ctx.language, 'quit'),
    reprompt: (ctx, { userId, step, data }) => reprompt(ctx, deps, userId, step, data),
    async onOp(ctx, { userId, data }, op) {
      switch (op.op) {
        case 'service':
          // The service of a booking being changed is fixed.
          if (data.changeOf) {
            ctx.send(text(ctx.language, 'stale'));
            return;
          }
          return chooseService(ctx, deps, userId, data, op.s);
        case 'days':
          return showDays(ctx, deps, userId, data, op.page);
        case 'day':
          return showTimes(ctx, deps, userId, data, op.d, op.page);
        case 'slot':
          return showConfirm(ctx, deps, userId, data, op.slot);
        case 'book':
          // The card's own slot: an older confirmation card of this conversation must not book another time.
          if (op.slot !== data.slotId) {
            ctx.send(text(ctx.language, 'stale'));
            return;
          }
          return book(ctx, deps, userId, data, op.slot);
        case 'quit':
          return;
        case 'change':
          return startChange(ctx, deps, userId, data, op.r);
        case 'cancel':
          return askCancel(ctx, userId, data, op.r);
        case 'cancel-yes':
          if (op.r !== data.reservationId) {
            ctx.send(text(ctx.language, 'stale'));
            return;
          }
          return confirmCancel(ctx, userId, op.r);
        case 'cancel-no':
          return keepBooking(ctx, userId, data);
      }
    },
  });
}
