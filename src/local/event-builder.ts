// Builds webhook events exactly as LINE sends them (ids, timestamp, source, deliveryContext, reply token) from
// what the simulator page did, and the transcript's view of the user's own message.
import { randomBytes } from 'node:crypto';
import type { SimEvent } from './schemas.ts';

export type WebhookEvent = Record<string, unknown> & { type: string; webhookEventId: string };

/** What the transcript shows for the user's own action. */
export type UserMessage =
  | { type: 'text'; text: string }
  | { type: 'sticker'; packageId: string; stickerId: string }
  | { type: 'image'; url: string }
  | { type: 'location'; latitude: number; longitude: number; title?: string; address?: string }
  | { type: 'postback'; displayText?: string }
  | { type: 'follow' }
  | { type: 'unfollow' };

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID, as LINE's webhookEventId: 48-bit millisecond time then 80 random bits, Crockford base32. */
export function newWebhookEventId(now = Date.now()): string {
  let time = '';
  let rest = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[rest % 32] + time;
    rest = Math.floor(rest / 32);
  }
  const random = Array.from(randomBytes(16), (byte) => CROCKFORD[byte % 32]).join('');
  return time + random;
}

/** LINE message ids are decimal strings of about 18 digits. */
export function newMessageId(): string {
  return (BigInt(`0x${randomBytes(7).toString('hex')}`) + 10n ** 17n).toString();
}

function newQuoteToken(): string {
  return randomBytes(48).toString('base64url');
}

export function newBotUserId(): string {
  return `U${randomBytes(16).toString('hex')}`;
}

export interface EventContext {
  userId: string;
  /** Absent for unfollow, which LINE sends without one. */
  replyToken?: string;
  /** Message events: the message id (image content is stored in the emulator under it); else unused. */
  messageId?: string;
  /** Follow only: true when a user who had blocked the account unblocks it. */
  isUnblocked?: boolean;
  now?: number;
}

function base(type: string, ctx: EventContext): WebhookEvent {
  const timestamp = ctx.now ?? Date.now();
  return {
    type,
    mode: 'active',
    timestamp,
    source: { type: 'user', userId: ctx.userId },
    webhookEventId: newWebhookEventId(timestamp),
    deliveryContext: { isRedelivery: false },
    ...(ctx.replyToken ? { replyToken: ctx.replyToken } : {}),
  };
}

function message(ctx: EventContext, content: Record<string, unknown>): WebhookEvent {
  return { ...base('message', ctx), message: { id: ctx.messageId ?? newMessageId(), ...content } };
}

export function buildWebhookEvent(input: SimEvent, ctx: EventContext): WebhookEvent {
  switch (input.type) {
    case 'follow':
      return { ...base('follow', ctx), follow: { isUnblocked: ctx.isUnblocked ?? false } };
    case 'unfollow':
      return base('unfollow', { ...ctx, replyToken: undefined });
    case 'text':
      return message(ctx, { type: 'text', quoteToken: newQuoteToken(), text: input.text });
    case 'sticker':
      return message(ctx, {
        type: 'sticker',
        quoteToken: newQuoteToken(),
        packageId: input.packageId,
        stickerId: input.stickerId,
        stickerResourceType: 'STATIC',
      });
    case 'image':
      return message(ctx, { type: 'image', quoteToken: newQuoteToken(), contentProvider: { type: 'line' } });
    case 'location':
      return message(ctx, {
        type: 'location',
        latitude: input.latitude,
        longitude: input.longitude,
        ...(input.title ? { title: input.title } : {}),
        ...(input.address ? { address: input.address } : {}),
      });
    case 'postback':
      return {
        ...base('postback', ctx),
        postback: { data: input.data, ...(input.params ? { params: input.params } : {}) },
      };
  }
}

/** The postback LINE sends after a richmenuswitch tap. */
export function buildSwitchPostback(
  ctx: EventContext,
  data: string,
  params: { newRichMenuAliasId: string; status: string },
): WebhookEvent {
  return { ...base('postback', ctx), postback: { data, params } };
}

export function userMessageOf(input: SimEvent, contentUrl: string): UserMessage {
  switch (input.type) {
    case 'follow':
    case 'unfollow':
      return { type: input.type };
    case 'text':
      return { type: 'text', text: input.text };
    case 'sticker':
      return { type: 'sticker', packageId: input.packageId, stickerId: input.stickerId };
    case 'image':
      return { type: 'image', url: contentUrl };
    case 'location':
      return {
        type: 'location',
        latitude: input.latitude,
        longitude: input.longitude,
        ...(input.title ? { title: input.title } : {}),
        ...(input.address ? { address: input.address } : {}),
      };
    case 'postback':
      return { type: 'postback', ...(input.displayText ? { displayText: input.displayText } : {}) };
  }
}
