// The report conversation as a Flow: each button names its step's operation (a button from another step or an
// older conversation is answered politely instead of acted on); photos, the place and the comment are messages,
// and anything else shows the step again.
import type { Flow } from '../../../conversation/flow-kit.ts';
import type { HandlerContext } from '../../../events/handler-context.ts';
import { findCategory } from '../catalog/catalog.ts';
import { findNearbyOpenReports } from '../resident-actions.ts';
import { meToo, submitReport } from './actions.ts';
import { text } from './cards.ts';
import type { ReportChatDeps } from './deps.ts';
import { onReportMessage, receivePlace } from './messages.ts';
import type { FlowOp } from './postback.ts';
import { type FlowData, reportKit, type Step } from './state.ts';
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

/** The step again; the nearby reports are looked up again (they may have changed meanwhile). */
async function reprompt(
  ctx: HandlerContext,
  deps: ReportChatDeps,
  userId: string,
  step: Step,
  data: FlowData,
): Promise<void> {
  if (step !== 'nearby' || data.lat === undefined || data.lon === undefined) {
    return goTo(ctx, deps, userId, step, data);
  }
  const nearby = await findNearbyOpenReports(ctx.services.pool, deps.catalog, {
    category: data.category ?? '',
    lat: data.lat,
    lon: data.lon,
    excludeUserId: userId,
  });
  goTo(ctx, deps, userId, nearby.length > 0 ? 'nearby' : 'comment', data, nearby);
}

export function reportFlow(deps: ReportChatDeps): Flow {
  return reportKit.flow({
    allowed: ALLOWED,
    stale: (ctx) => ctx.send(text(ctx.language, 'stale')),
    quitText: (ctx) => text(ctx.language, 'quitDone'),
    reprompt: (ctx, { userId, step, data }) => reprompt(ctx, deps, userId, step, data),
    onMessage: (ctx, { userId, step, data }, message) =>
      onReportMessage(ctx, deps, userId, { step, data }, message),
    async onOp(ctx, { userId, step, data }, op) {
      switch (op.op) {
        case 'cat':
          if (!findCategory(deps.catalog, op.c)?.active) {
            ctx.send(text(ctx.language, 'stale'));
            return;
          }
          return goTo(ctx, deps, userId, 'photos', { ...data, category: op.c });
        case 'done':
          if (data.photos.length === 0) return goTo(ctx, deps, userId, 'photos', data);
          // Started from a place the resident sent: no need to ask it again.
          if (data.pre && (await receivePlace(ctx, deps, userId, data, { ...data.pre, address: null })))
            return;
          return goTo(ctx, deps, userId, 'location', { ...data, pre: undefined });
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
          return goTo(ctx, deps, userId, PREVIOUS[step], data);
        case 'quit':
          return;
      }
    },
  });
}
