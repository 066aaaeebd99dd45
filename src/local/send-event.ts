// Turns one thing the simulated user did into a LINE webhook event and sends it through /webhook: issues the
// reply token in the emulator, stores an image's bytes there, and records the user's side in the transcript.
import {
  buildWebhookEvent,
  type EventContext,
  newMessageId,
  userMessageOf,
  type WebhookEvent,
} from './event-builder.ts';
import type { SimEvent } from './schemas.ts';
import { postToOwnWebhook } from './self-webhook.ts';
import { storeContent } from './sim-contents.ts';
import type { SimulatorContext } from './simulator-context.ts';

export interface SentEvent {
  webhookStatus: number;
  eventId: string;
}

export class SimEventError extends Error {
  readonly statusCode: number;
  constructor(statusCode: number, message: string) {
    super(message);
    this.statusCode = statusCode;
  }
}

const SIGNATURES: Record<'image/jpeg' | 'image/png', Buffer> = {
  'image/jpeg': Buffer.from([0xff, 0xd8, 0xff]),
  'image/png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
};

/** The decoded bytes, checked to be the image type they claim to be. */
export function decodeImage(dataBase64: string, contentType: 'image/jpeg' | 'image/png'): Buffer {
  const bytes = Buffer.from(dataBase64, 'base64');
  const signature = SIGNATURES[contentType];
  if (bytes.length <= signature.length || !bytes.subarray(0, signature.length).equals(signature)) {
    throw new SimEventError(
      400,
      `dataBase64: is not a ${contentType === 'image/png' ? 'PNG' : 'JPEG'} image`,
    );
  }
  return bytes;
}

export function contentPath(messageId: string): string {
  return `/simulator/api/content/${messageId}`;
}

/** Signs and posts events to this server's /webhook; a server that cannot be reached is a 502. */
export async function deliverEvents(sim: SimulatorContext, events: WebhookEvent[]): Promise<number> {
  try {
    return await postToOwnWebhook(sim.webhook(), events);
  } catch (error) {
    throw new SimEventError(502, `the webhook could not be reached: ${(error as Error).message}`);
  }
}

export async function sendUserEvent(
  sim: SimulatorContext,
  userId: string,
  input: SimEvent,
): Promise<SentEvent> {
  if (input.type !== 'follow' && input.type !== 'unfollow' && sim.users.hasBlocked(userId)) {
    throw new SimEventError(409, 'the user has blocked the account: send a follow event to unblock it first');
  }
  const messageId = newMessageId();
  const image = input.type === 'image' ? decodeImage(input.dataBase64, input.contentType) : null;
  if (image && input.type === 'image') {
    sim.emulator.setContent(messageId, image, input.contentType);
    await storeContent(sim.db, { messageId, userId, contentType: input.contentType, bytes: image });
  }

  const ctx: EventContext = { userId, messageId };
  if (input.type === 'follow') {
    ctx.isUnblocked = await sim.users.follow(userId);
    // LINE delivers again to a user who unblocks the account.
    sim.emulator.setBlocked(userId, false);
  } else if (input.type === 'unfollow') {
    await sim.users.unfollow(userId);
    sim.emulator.setBlocked(userId, true);
  }
  if (input.type !== 'unfollow') ctx.replyToken = sim.emulator.issueReplyToken(userId);

  const event = buildWebhookEvent(input, ctx);
  // Recorded before sending, so the user's message always precedes the bot's answer in the transcript.
  await sim.transcript.addUserMessage(userId, userMessageOf(input, contentPath(messageId)));
  const webhookStatus = await deliverEvents(sim, [event]);
  return { webhookStatus, eventId: event.webhookEventId };
}
