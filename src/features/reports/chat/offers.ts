// A photo or a place a resident sends outside any conversation: 損傷報告 offers to start a report with it (a
// button), and the button starts the conversation with the photo attached or the place remembered. The photo's
// message id in the button is checked against this resident's own stored messages: a forged button cannot
// fetch someone else's photo.
import type { messagingApi } from '@line/bot-sdk';
import type { UnsolicitedMessage } from '../../../events/feature-registry.ts';
import type { HandlerContext } from '../../../events/handler-context.ts';
import { postbackData } from '../../../events/postback-data.ts';
import { containsPoint, loadCityBoundary } from '../../../geo/boundary.ts';
import { findCategory } from '../catalog/catalog.ts';
import { categoryPrompt, text } from './cards.ts';
import type { ReportChatDeps } from './deps.ts';
import { storePhotoOf } from './messages.ts';
import { newSessionKey } from './postback.ts';
import { goTo } from './steps.ts';

export const OFFER_FEATURE = 'reports';

function offerButton(ctx: HandlerContext, labelKey: string, fields: Record<string, string>) {
  const label = ctx.t(`reports:${labelKey}`);
  return {
    type: 'action',
    action: {
      type: 'postback',
      label,
      displayText: label,
      data: postbackData({ action: 'feature', feature: OFFER_FEATURE, ...fields }),
    },
  } satisfies messagingApi.QuickReplyItem;
}

/** Six decimals (~0.1 m) are all a phone gives; the button stays well under LINE's 300 characters. */
const coordinate = (value: number) => value.toFixed(6);

export async function reportOffer(
  ctx: HandlerContext,
  message: UnsolicitedMessage,
): Promise<messagingApi.QuickReplyItem[]> {
  if (message.type === 'image') return [offerButton(ctx, 'offer.photo', { do: 'photo', m: message.id })];
  if (!containsPoint(await loadCityBoundary(), message.latitude, message.longitude)) return [];
  return [
    offerButton(ctx, 'offer.place', {
      do: 'place',
      lat: coordinate(message.latitude),
      lon: coordinate(message.longitude),
    }),
  ];
}

/** True when `messageId` is an image this resident sent the account (its event is still stored). */
async function isOwnImage(ctx: HandlerContext, userId: string, messageId: string): Promise<boolean> {
  const { rows } = await ctx.services.pool.query(
    `SELECT 1 FROM webhook_events
      WHERE user_id = $1 AND event_type = 'message'
        AND payload->'message'->>'id' = $2 AND payload->'message'->>'type' = 'image'
      LIMIT 1`,
    [userId, messageId],
  );
  return rows.length > 0;
}

const MESSAGE_ID = /^[0-9]{1,32}$/;
const NUMBER = /^-?[0-9]{1,3}\.[0-9]{1,8}$/;

/** The offer's button: a report conversation starting with the photo, or remembering the place. */
export async function onReportOfferPostback(
  ctx: HandlerContext,
  deps: ReportChatDeps,
  fields: Record<string, string>,
): Promise<void> {
  const userId = ctx.userId;
  if (!userId) return;
  const k = newSessionKey();
  if (fields.do === 'photo' && MESSAGE_ID.test(fields.m ?? '')) {
    const messageId = fields.m as string;
    if (!(await isOwnImage(ctx, userId, messageId))) {
      ctx.send(text(ctx.language, 'stale'));
      return;
    }
    const stored = await storePhotoOf(ctx, deps, userId, messageId);
    if (!stored.ok) {
      ctx.send(text(ctx.language, 'offer.photoGone'));
      return goTo(ctx, deps, userId, 'category', { k, photos: [] });
    }
    return goTo(ctx, deps, userId, 'category', { k, photos: [stored.key] });
  }
  // よくある質問 routing 「道路に穴」: the report starts with the category chosen (after the usual introduction);
  // an emergency category still shows the category step with its urgent notice.
  if (fields.do === 'category') {
    const category = findCategory(deps.catalog, fields.c ?? '');
    if (category && !category.emergency) {
      const [intro] = categoryPrompt(ctx.language, k, deps.catalog, ctx.services.config.rawDataRetentionDays);
      if (intro) ctx.send(intro);
      return goTo(ctx, deps, userId, 'photos', { k, photos: [], category: category.id });
    }
    return goTo(ctx, deps, userId, 'category', { k, photos: [] });
  }
  if (fields.do === 'place' && NUMBER.test(fields.lat ?? '') && NUMBER.test(fields.lon ?? '')) {
    const lat = Number(fields.lat);
    const lon = Number(fields.lon);
    if (containsPoint(await loadCityBoundary(), lat, lon)) {
      return goTo(ctx, deps, userId, 'category', { k, photos: [], pre: { lat, lon } });
    }
  }
  ctx.send(text(ctx.language, 'stale'));
}
