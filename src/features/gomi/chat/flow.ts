// The ごみ conversation: in 'search' whatever is typed is an item name (a shared place picks the area); the
// 粗大ごみ steps take items, a day, the address and the confirmation.
import type { Flow } from '../../../conversation/flow-kit.ts';
import { answerSearch, gomiQuickReplies } from './answers.ts';
import { chooseArea, nearestArea } from './area.ts';
import { addItem, bookBulky, chooseDay, showDays, typedAddress, typedBulkyItem } from './bulky.ts';
import type { GomiDeps } from './deps.ts';
import { type GomiOp, gomiKit, type Step } from './state.ts';

const ALLOWED: Record<GomiOp['op'], readonly Step[]> = {
  quit: ['search', 'bulky-items', 'bulky-date', 'bulky-address', 'bulky-confirm'],
  add: ['bulky-items'],
  'items-done': ['bulky-items'],
  day: ['bulky-date', 'bulky-address', 'bulky-confirm'],
  book: ['bulky-confirm'],
};

export function gomiFlow(deps: GomiDeps): Flow {
  return gomiKit.flow({
    allowed: ALLOWED,
    quitText: (ctx) => ({ type: 'text', text: ctx.t('gomi:quit') }),
    async reprompt(ctx, { step, userId, data }) {
      switch (step) {
        case 'search':
          ctx.sendText('gomi:search.prompt');
          ctx.addQuickReplies(gomiQuickReplies(ctx));
          return;
        case 'bulky-items':
          return addItem(ctx, deps, userId, data, '');
        case 'bulky-date':
          return showDays(ctx, deps, userId, data);
        case 'bulky-address':
          ctx.sendText('gomi:bulky.askAddress');
          return;
        case 'bulky-confirm':
          ctx.sendText('gomi:bulky.pressBook');
          return;
      }
    },
    async onMessage(ctx, { step, userId, data }, message) {
      if (message.type === 'location' && step === 'search') {
        const area = nearestArea(await deps.store.current(), message.latitude, message.longitude);
        if (!area) {
          ctx.sendText('gomi:area.outside');
          return 'handled';
        }
        chooseArea(ctx, userId, area);
        ctx.addQuickReplies(gomiQuickReplies(ctx));
        return 'handled';
      }
      if (message.type !== 'text') return 'reprompt';
      switch (step) {
        case 'search':
          await answerSearch(ctx, deps, message.text);
          return 'handled';
        case 'bulky-items':
          await typedBulkyItem(ctx, deps, userId, data, message.text);
          return 'handled';
        case 'bulky-address':
          return typedAddress(ctx, deps, userId, data, message.text);
        default:
          return 'reprompt';
      }
    },
    async onOp(ctx, { userId, data }, op) {
      switch (op.op) {
        case 'quit':
          return;
        case 'add':
          return addItem(ctx, deps, userId, data, op.i);
        case 'items-done':
          return showDays(ctx, deps, userId, data);
        case 'day':
          return chooseDay(ctx, deps, userId, data, op.d);
        case 'book':
          return bookBulky(ctx, deps, userId, data);
      }
    },
  });
}
