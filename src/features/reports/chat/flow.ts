// The report conversation as a Flow: each button names its step's operation; a button from another step or
// an older conversation is answered politely instead of acted on.

import { acceptOp } from '../../../conversation/flow-buttons.ts';
import type { Flow } from '../../../conversation/flows.ts';
import { clearState } from '../../../conversation/state-repository.ts';
import { findCategory } from '../catalog/catalog.ts';
import { meToo, submitReport } from './actions.ts';
import { text } from './cards.ts';
import type { ReportChatDeps } from './deps.ts';
import { onReportMessage } from './messages.ts';
import { FLOW_NAME, type FlowOp, parseFlowOp } from './postback.ts';
import { FLOW_TTL_SECONDS, readFlowState, type Step } from './state.ts';
import { goTo } from './steps.ts';

const ALLOWED: Record<FlowOp['op'], readonly Step[]> = {
  cat: ['category'],
  done: ['photos'],
  metoo: ['nearby'],
  new: ['nearby'],
  skip: ['comment'],
  submit: ['confirm'],
  back: ['photos', 'location', 'nearby', 'comment', 'confirm'],
  quit: ['category', 'photos', 'location', 'nearby', 'comment', 'confirm'],
};

const PREVIOUS: Record<Step, Step> = {
  category: 'category',
  photos: 'category',
  location: 'photos',
  nearby: 'location',
  comment: 'location',
  confirm: 'comment',
};

export function reportFlow(deps: ReportChatDeps): Flow {
  return {
    name: FLOW_NAME,
    ttlSeconds: FLOW_TTL_SECONDS,
    async onMessage(ctx, state, message) {
      const flow = readFlowState(state);
      if (!ctx.userId || !flow) {
        ctx.send(text(ctx.language, 'stale'));
        return;
      }
      await onReportMessage(ctx, deps, ctx.userId, flow, message);
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
        case 'cat':
          if (!findCategory(deps.catalog, op.c)?.active) {
            ctx.send(text(ctx.language, 'stale'));
            return;
          }
          return goTo(ctx, deps, userId, 'photos', { ...data, category: op.c });
        case 'done':
          if (data.photos.length === 0) return goTo(ctx, deps, userId, 'photos', data);
          return goTo(ctx, deps, userId, 'location', data);
        case 'new':
        case 'skip':
          return goTo(ctx, deps, userId, op.op === 'new' ? 'comment' : 'confirm', {
            ...data,
            ...(op.op === 'skip' ? { comment: null } : {}),
          });
        case 'metoo':
          // Only a report this conversation offered: anything else is a crafted or mistaken postback.
          if (!data.offered?.includes(op.r)) {
            ctx.send(text(ctx.language, 'nearby.notOffered'));
            return;
          }
          return meToo(ctx, deps, userId, data, op.r);
        case 'submit':
          return submitReport(ctx, deps, userId, data);
        case 'back':
          return goTo(ctx, deps, userId, PREVIOUS[flow.step], data);
        case 'quit':
          ctx.send(text(ctx.language, 'quitDone'));
          ctx.write(async (tx) => {
            await clearState(tx, userId);
          });
          return;
      }
    },
  };
}
