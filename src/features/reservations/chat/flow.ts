// The reservation conversation as a Flow: each button names its step's operation; a button from another
// step or an older conversation is answered politely instead of acted on.

import { acceptOp } from '../../../conversation/flow-buttons.ts';
import type { Flow } from '../../../conversation/flows.ts';
import { book } from './book.ts';
import { chooseService, showConfirm, showDays, showTimes } from './browse.ts';
import { text } from './cards.ts';
import type { ChatDeps } from './deps.ts';
import { askCancel, confirmCancel, keepBooking, startChange } from './manage.ts';
import { FLOW_NAME, type FlowOp, parseFlowOp } from './postback.ts';
import { clearFlow, FLOW_TTL_SECONDS, readFlowState, type Step } from './state.ts';

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

export function reservationFlow(deps: ChatDeps): Flow {
  return {
    name: FLOW_NAME,
    ttlSeconds: FLOW_TTL_SECONDS,
    async onMessage(ctx) {
      ctx.send(text(ctx.language, 'useButtons'));
    },
    async onPostback(ctx, state, fields) {
      const userId = ctx.userId;
      const flow = readFlowState(state);
      const op = acceptOp(parseFlowOp(fields), flow, ALLOWED);
      if (!userId || !flow || !op) {
        ctx.send(text(ctx.language, 'stale'));
        return;
      }
      const data = flow.data;
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
          ctx.send(text(ctx.language, 'quit'));
          return clearFlow(ctx, userId);
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
  };
}
