// What the resident types or sends while reporting: photos (stored at once, appended in event order), the place
// (checked against the city outline, then nearby duplicates looked up), and the optional comment.
import type { MessageOutcome } from '../../../conversation/flow-kit.ts';
import type { HandlerContext } from '../../../events/handler-context.ts';
import type { IncomingMessage } from '../../../events/incoming.ts';
import { containsPoint, loadCityBoundary } from '../../../geo/boundary.ts';
import { findCategory } from '../catalog/catalog.ts';
import { fetchAndStorePhoto, type PhotoFailureReason } from '../photos/fetch-and-store.ts';
import { recordPhotoUpload } from '../photos/uploads.ts';
import { findNearbyOpenReports } from '../resident-actions.ts';
import { MAX_COMMENT_LENGTH, MAX_PHOTOS } from '../types.ts';
import { commentPrompt, locationPrompt, photosPrompt, text } from './cards.ts';
import type { ReportChatDeps } from './deps.ts';
import { currentFlow, type FlowData, type FlowState, storeFlow } from './state.ts';
import { goTo } from './steps.ts';

// A photo LINE lost may be sent again; one the server refused would only be refused again: ask for another.
const FAILURE_PROMPT: Record<PhotoFailureReason, string> = {
  gone: 'photos.failed',
  download_failed: 'photos.failed',
  not_an_image: 'photos.notImage',
  too_large: 'photos.tooLarge',
};

export async function onReportMessage(
  ctx: HandlerContext,
  deps: ReportChatDeps,
  userId: string,
  flow: FlowState,
  message: IncomingMessage,
): Promise<MessageOutcome | undefined> {
  const lang = ctx.language;
  const { data } = flow;
  switch (flow.step) {
    case 'photos':
      if (message.type !== 'image') {
        ctx.send(photosPrompt(lang, data.k, 'photos.notPhoto', {}, data.photos.length));
        return;
      }
      await receivePhoto(ctx, deps, userId, flow, message.id);
      return 'handled';
    case 'location':
      if (message.type !== 'location') {
        ctx.send(locationPrompt(lang, data.k, 'location.notLocation'));
        return;
      }
      await receiveLocation(ctx, deps, userId, flow, message);
      return 'handled';
    case 'comment':
      if (message.type !== 'text') {
        ctx.send(commentPrompt(lang, data.k, findCategory(deps.catalog, data.category ?? '')));
        return;
      }
      if (message.text.trim().length > MAX_COMMENT_LENGTH) {
        ctx.send(
          commentPrompt(lang, data.k, findCategory(deps.catalog, data.category ?? ''), 'comment.tooLong', {
            max: MAX_COMMENT_LENGTH,
          }),
        );
        return;
      }
      goTo(ctx, deps, userId, 'confirm', { ...data, comment: message.text.trim() || null });
      return 'handled';
    default:
      // The category, nearby and confirmation steps take buttons only.
      return 'reprompt';
  }
}

async function receivePhoto(
  ctx: HandlerContext,
  deps: ReportChatDeps,
  userId: string,
  flow: FlowState,
  messageId: string,
): Promise<void> {
  const lang = ctx.language;
  const k = flow.data.k;
  if (flow.data.photos.length >= MAX_PHOTOS) {
    ctx.send(photosPrompt(lang, k, 'photos.full', {}, flow.data.photos.length));
    return;
  }
  const result = await storePhotoOf(ctx, deps, userId, messageId);
  if (!result.ok) {
    ctx.send(photosPrompt(lang, k, FAILURE_PROMPT[result.reason], {}, flow.data.photos.length));
    return;
  }
  ctx.write(async (tx) => {
    // Re-read in the transaction: photos sent together arrive as separate events, each appending in turn.
    const current = await currentFlow(tx, userId);
    if (current?.step !== 'photos' || current.data.k !== k) {
      await deps.store.delete(result.key);
      ctx.send(text(lang, 'stale'));
      return;
    }
    const photos = current.data.photos;
    if (photos.length >= MAX_PHOTOS) {
      await deps.store.delete(result.key);
      ctx.send(photosPrompt(lang, k, 'photos.full', {}, photos.length));
      return;
    }
    const next = { ...current.data, photos: [...photos, result.key] };
    await storeFlow(tx, userId, { step: 'photos', data: next });
    ctx.send(photosPrompt(lang, k, 'photos.received', {}, next.photos.length));
  });
}

async function receiveLocation(
  ctx: HandlerContext,
  deps: ReportChatDeps,
  userId: string,
  flow: FlowState,
  message: Extract<IncomingMessage, { type: 'location' }>,
): Promise<void> {
  const { latitude: lat, longitude: lon } = message;
  const address = message.address?.trim() || message.title?.trim() || null;
  if (!(await receivePlace(ctx, deps, userId, flow.data, { lat, lon, address }))) {
    ctx.send(locationPrompt(ctx.language, flow.data.k, 'location.outside'));
  }
}

/**
 * The place of the damage (sent in the location step, or given when the resident started from a place): refused
 * outside the city outline (false: nothing done), then the open reports of the same category nearby are offered,
 * else the comment.
 */
export async function receivePlace(
  ctx: HandlerContext,
  deps: ReportChatDeps,
  userId: string,
  data: FlowData,
  place: { lat: number; lon: number; address: string | null },
): Promise<boolean> {
  const { lat, lon, address } = place;
  if (!containsPoint(await loadCityBoundary(), lat, lon)) return false;
  const nearby = await findNearbyOpenReports(ctx.services.pool, deps.catalog, {
    category: data.category ?? '',
    lat,
    lon,
    excludeUserId: userId,
  });
  const next = { ...data, lat, lon, address, pre: undefined, hadNearby: nearby.length > 0, offered: [] };
  goTo(ctx, deps, userId, nearby.length > 0 ? 'nearby' : 'comment', next, nearby);
  return true;
}

/** Fetches a photo of this resident's chat from LINE, re-encodes and stores it for a report. */
export function storePhotoOf(ctx: HandlerContext, deps: ReportChatDeps, userId: string, messageId: string) {
  const line = ctx.services.line;
  if (!line) throw new Error('photos need the LINE client');
  return fetchAndStorePhoto({
    line,
    store: deps.store,
    messageId,
    logger: ctx.log,
    // Through the pool (autocommitted): the record must survive this event failing after the file is written.
    beforePut: (key) => recordPhotoUpload(ctx.services.pool, { key, userId, at: deps.now() }),
  });
}
