// Validated shapes of the webhook events the router handles (the envelope is checked at intake; these fields
// are checked here, so a malformed event of a known type fails clearly instead of deep in a handler).
import { z } from 'zod';

const contentProviderSchema = z.object({ type: z.enum(['line', 'external']) }).loose();

export const incomingMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), id: z.string(), text: z.string() }).loose(),
  z.object({ type: z.literal('image'), id: z.string(), contentProvider: contentProviderSchema }).loose(),
  z
    .object({
      type: z.literal('location'),
      id: z.string(),
      latitude: z.number().min(-90).max(90),
      longitude: z.number().min(-180).max(180),
      title: z.string().nullish(),
      address: z.string().nullish(),
    })
    .loose(),
  z
    .object({ type: z.literal('sticker'), id: z.string(), packageId: z.string(), stickerId: z.string() })
    .loose(),
  z.object({ type: z.enum(['video', 'audio', 'file']), id: z.string() }).loose(),
]);
export type IncomingMessage = z.infer<typeof incomingMessageSchema>;

export const messageEventSchema = z
  .object({ message: z.unknown(), replyToken: z.string().optional() })
  .loose();

export const postbackEventSchema = z
  .object({
    postback: z
      .object({ data: z.string().max(300), params: z.record(z.string(), z.string()).optional() })
      .loose(),
  })
  .loose();

/** Parses LINE's message object; a message type this platform does not know becomes 'other'. */
export function parseIncomingMessage(raw: unknown): IncomingMessage | { type: 'other'; rawType: string } {
  const parsed = incomingMessageSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const rawType = (raw as { type?: unknown } | null)?.type;
  return { type: 'other', rawType: typeof rawType === 'string' ? rawType : 'unknown' };
}
