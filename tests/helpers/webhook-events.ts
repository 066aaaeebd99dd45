// Builders for signed LINE webhooks as LINE sends them (same field names, a fresh webhookEventId each).
import { createHmac, randomBytes, randomInt } from 'node:crypto';

export const TEST_CHANNEL_SECRET = 'test-channel-secret-0123456789ab';
export const TEST_ACCESS_TOKEN = 'test-channel-access-token';
export const DESTINATION = 'U0000000000000000000000000000bot';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID-shaped id, as LINE's webhookEventId. */
export function newEventId(): string {
  const bytes = randomBytes(26);
  return Array.from(bytes, (b) => CROCKFORD[b % 32]).join('');
}

export function newUserId(): string {
  return `U${randomBytes(16).toString('hex')}`;
}

export function newGroupId(): string {
  return `C${randomBytes(16).toString('hex')}`;
}

export function newRoomId(): string {
  return `R${randomBytes(16).toString('hex')}`;
}

/** LINE message ids are decimal strings. */
export function newMessageId(): string {
  return `${Date.now()}${randomInt(100_000, 1_000_000)}`;
}

export function sign(body: string, secret = TEST_CHANNEL_SECRET): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

export type LineEvent = Record<string, unknown> & { webhookEventId: string };

interface Common {
  /** The sender; LINE leaves it out of some group events (join, leave) and for users who did not consent. */
  userId?: string | undefined;
  /** A group or room chat instead of the 1:1 chat (LINE's `source` then names the group or room). */
  groupId?: string;
  roomId?: string;
  replyToken?: string | undefined;
  webhookEventId?: string;
  timestamp?: number;
  mode?: 'active' | 'standby';
  isRedelivery?: boolean;
}

function sourceOf(c: Common): Record<string, string> {
  const user: Record<string, string> = c.userId ? { userId: c.userId } : {};
  if (c.groupId) return { type: 'group', groupId: c.groupId, ...user };
  if (c.roomId) return { type: 'room', roomId: c.roomId, ...user };
  return { type: 'user', ...user };
}

function base(type: string, c: Common): LineEvent {
  return {
    type,
    mode: c.mode ?? 'active',
    timestamp: c.timestamp ?? Date.now(),
    source: sourceOf(c),
    webhookEventId: c.webhookEventId ?? newEventId(),
    deliveryContext: { isRedelivery: c.isRedelivery ?? false },
    ...(c.replyToken ? { replyToken: c.replyToken } : {}),
  };
}

export const events = {
  follow: (c: Common) => ({ ...base('follow', c), follow: { isUnblocked: false } }),
  unfollow: (c: Common) => base('unfollow', c),
  text: (c: Common, text: string) => ({
    ...base('message', c),
    message: { type: 'text', id: newMessageId(), quoteToken: 'q', text },
  }),
  sticker: (c: Common) => ({
    ...base('message', c),
    message: {
      type: 'sticker',
      id: '1',
      quoteToken: 'q',
      packageId: '446',
      stickerId: '1988',
      stickerResourceType: 'STATIC',
    },
  }),
  image: (c: Common, id: string) => ({
    ...base('message', c),
    message: { type: 'image', id, quoteToken: 'q', contentProvider: { type: 'line' } },
  }),
  postback: (c: Common, data: string) => ({ ...base('postback', c), postback: { data } }),
  join: (c: Common) => base('join', c),
  leave: (c: Common) => base('leave', c),
  custom: (c: Common, type: string, extra: Record<string, unknown> = {}) => ({ ...base(type, c), ...extra }),
};

export function webhookBody(list: LineEvent[]): string {
  return JSON.stringify({ destination: DESTINATION, events: list });
}

/** POSTs events to a server's /webhook as LINE would: signed with the channel secret. */
export function postWebhook(
  baseUrl: string,
  list: LineEvent[],
  secret = TEST_CHANNEL_SECRET,
): Promise<Response> {
  const body = webhookBody(list);
  return fetch(`${baseUrl}/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-line-signature': sign(body, secret) },
    body,
  });
}
