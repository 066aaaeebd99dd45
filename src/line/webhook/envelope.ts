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

/** The last millisecond of year 9999: later ones have no four-digit ISO date PostgreSQL reads back. */
const LATEST_TIMESTAMP = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export const webhookEventSchema = z
  .object({
    // LINE's event types are camelCase words; an unknown one is stored, so keep it a plain name.
    type: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'must be an event type name'),
    webhookEventId: z.string().min(1).max(64),
    timestamp: z.number().int().nonnegative().max(LATEST_TIMESTAMP),
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
