// The shape a webhook body must have to be stored: LINE's envelope and each event's common fields.
// Event-specific fields are kept as they came (unknown event types are stored too); handlers validate their own.
import { z } from 'zod';

const sourceSchema = z
  .object({
    type: z.enum(['user', 'group', 'room']),
    userId: z.string().min(1).optional(),
    groupId: z.string().min(1).optional(),
    roomId: z.string().min(1).optional(),
  })
  .loose();

export const webhookEventSchema = z
  .object({
    type: z.string().min(1).max(64),
    webhookEventId: z.string().min(1).max(64),
    timestamp: z.number().int().nonnegative(),
    mode: z.enum(['active', 'standby']),
    deliveryContext: z.object({ isRedelivery: z.boolean() }).loose(),
    source: sourceSchema.optional(),
  })
  .loose();

export const webhookBodySchema = z.object({
  destination: z.string().min(1).max(64),
  events: z.array(webhookEventSchema).max(1000),
});

export type WebhookEnvelopeEvent = z.infer<typeof webhookEventSchema>;
export type WebhookBody = z.infer<typeof webhookBodySchema>;

export function chatIdOf(event: WebhookEnvelopeEvent): string | null {
  const source = event.source;
  if (!source) return null;
  return source.groupId ?? source.roomId ?? source.userId ?? null;
}
