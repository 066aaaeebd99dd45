// Moving the report conversation to a step: queue saving the state and send that step's prompt.
import type { HandlerContext } from '../../../events/handler-context.ts';
import { findCategory, statusLabel } from '../catalog/catalog.ts';
import type { NearbyReport } from '../resident-actions.ts';
import {
  categoryName,
  categoryPrompt,
  commentPrompt,
  confirmCard,
  locationPrompt,
  NEARBY_SHOWN,
  nearbyPrompt,
  photosPrompt,
} from './cards.ts';
import type { ReportChatDeps } from './deps.ts';
import { type FlowData, type Step, storeFlow } from './state.ts';

export function saveStep(ctx: HandlerContext, userId: string, step: Step, data: FlowData): void {
  ctx.write(async (tx) => {
    await storeFlow(tx, userId, { step, data });
  });
}

/** Shows the step and saves it; `nearby` is only for the nearby step (the reports to offer). */
export function goTo(
  ctx: HandlerContext,
  deps: ReportChatDeps,
  userId: string,
  step: Step,
  data: FlowData,
  nearby: readonly NearbyReport[] = [],
): void {
  const lang = ctx.language;
  const category = data.category ? findCategory(deps.catalog, data.category) : undefined;
  const name = category ? categoryName(lang, category) : '';
  switch (step) {
    case 'category':
      ctx.send(...categoryPrompt(lang, data.k, deps.catalog, ctx.services.config.rawDataRetentionDays));
      break;
    case 'photos':
      ctx.send(
        data.photos.length > 0
          ? photosPrompt(lang, data.k, 'photos.received', {}, data.photos.length)
          : photosPrompt(lang, data.k, 'photos.prompt', { category: name }, 0),
      );
      break;
    case 'location':
      ctx.send(locationPrompt(lang, data.k));
      break;
    case 'nearby': {
      const shown = nearby.slice(0, NEARBY_SHOWN);
      ctx.send(nearbyPrompt(lang, data.k, shown, (s) => statusLabel(deps.catalog, s, lang)));
      // A "me too" postback is checked against these: a crafted one must not join an unrelated report.
      saveStep(ctx, userId, step, { ...data, offered: shown.map((r) => r.id) });
      return;
    }
    case 'comment':
      ctx.send(commentPrompt(lang, data.k, findCategory(deps.catalog, data.category ?? '')));
      break;
    case 'confirm':
      ctx.send(
        confirmCard(lang, data.k, {
          category: name,
          address: data.address ?? null,
          comment: data.comment ?? null,
          photoCount: data.photos.length,
        }),
      );
      break;
  }
  saveStep(ctx, userId, step, data);
}
