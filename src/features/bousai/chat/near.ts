// 防災 → share a location → the nearest shelters: the menu entry opens a one-step conversation waiting for a
// location (so the place is not taken for a report), the answer lists the five nearest with a hazard filter,
// during a disaster the open ones first, and a place outside the city is answered too, with a note.
import { z } from 'zod';
import { flowKit } from '../../../conversation/flow-kit.ts';
import type { Flow } from '../../../conversation/flows.ts';
import type { HandlerContext } from '../../../events/handler-context.ts';
import { containsPoint, loadCityBoundary } from '../../../geo/boundary.ts';
import { openDisaster } from '../disasters.ts';
import { HAZARD_GROUP_IDS, type HazardGroup } from '../shelters/gsi-format.ts';
import { ACCEPTING, nearestShelters } from '../shelters/nearest.ts';
import { locationItem, nearData, postbackItem, safetyItems } from './postback.ts';
import { shelterCarousel } from './shelter-cards.ts';

/** How many shelters one answer shows (a carousel holds 12; five keep it readable on a phone). */
export const NEAR_COUNT = 5;

export async function answerNear(
  ctx: HandlerContext,
  place: { latitude: number; longitude: number },
  group?: HazardGroup,
): Promise<void> {
  const disaster = await openDisaster(ctx.services.pool);
  const shelters = await nearestShelters(ctx.services.pool, {
    ...place,
    group,
    openFirst: disaster !== null,
    limit: NEAR_COUNT,
  });
  const notes: string[] = [];
  if (!containsPoint(await loadCityBoundary(), place.latitude, place.longitude))
    notes.push(ctx.t('bousai:near.outside'));
  if (disaster) {
    const anyOpen = shelters.some((shelter) => ACCEPTING.includes(shelter.status));
    notes.push(ctx.t(anyOpen ? 'bousai:near.openFirst' : 'bousai:near.noneOpen'));
  }
  notes.push(
    group
      ? ctx.t('bousai:near.filtered', { hazard: ctx.t(`bousai:hazard.${group}`) })
      : ctx.t('bousai:near.intro'),
  );
  const filters = [
    ...(group ? [postbackItem(ctx.t('bousai:hazard.all'), nearData(place))] : []),
    ...HAZARD_GROUP_IDS.filter((id) => id !== group).map((id) =>
      postbackItem(ctx.t(`bousai:hazard.${id}`), nearData(place, id)),
    ),
    locationItem(ctx.language),
    ...(disaster ? safetyItems(ctx.language) : []),
  ];
  if (shelters.length === 0) {
    ctx.send({ type: 'text', text: [...notes, ctx.t('bousai:near.none')].join('\n') });
  } else {
    ctx.send({ type: 'text', text: notes.join('\n') }, shelterCarousel(ctx.language, place, shelters));
  }
  ctx.addQuickReplies(filters);
}

const kit = flowKit({
  name: 'bousai.near',
  ttlSeconds: 30 * 60,
  steps: ['location'] as const,
  dataSchema: z.object({ k: z.string() }),
  opSchema: z.object({ op: z.literal('quit') }),
});

/** The 防災 menu: waits for a location; quick replies to send it, and the 安否 report during a disaster. */
export async function openNearMenu(ctx: HandlerContext): Promise<void> {
  const userId = ctx.userId;
  if (!userId) return;
  const k = kit.newKey();
  kit.save(ctx, userId, { step: 'location', data: { k } });
  const disaster = await openDisaster(ctx.services.pool);
  ctx.sendText(disaster ? 'bousai:menu.textDisaster' : 'bousai:menu.text');
  // 安否 reports are taken during a disaster only: their buttons are shown then.
  ctx.addQuickReplies([
    locationItem(ctx.language),
    ...(disaster ? safetyItems(ctx.language) : []),
    kit.wayOut(ctx, k),
  ]);
}

export function nearFlow(): Flow {
  return kit.flow({
    allowed: { quit: ['location'] },
    onOp() {},
    async onMessage(ctx, turn, message) {
      if (message.type !== 'location') return 'reprompt';
      kit.clear(ctx, turn.userId);
      await answerNear(ctx, { latitude: message.latitude, longitude: message.longitude });
      return 'handled';
    },
    reprompt(ctx) {
      ctx.sendText('bousai:near.askLocation');
      ctx.addQuickReplies([locationItem(ctx.language)]);
    },
    quitText: (ctx) => ({ type: 'text', text: ctx.t('bousai:near.quit') }),
  });
}
