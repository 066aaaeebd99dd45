// The shape a webhook body must have to be stored: LINE's envelope, each event's common fields and the ids it
// carries (they reach LINE's API and our queries later, so only LINE's formats pass). Other event fields are
// kept as they came (unknown event types are stored too); handlers validate their own.
import { z } from 'zod';

// Formats from LINE's webhook reference and OpenAPI spec (line-openapi/webhook.yml).
const userIdSchema = z.string().regex(/^U[0-9a-f]{32}$/, 'must be a LINE user id (U and 32 hex digits)');
const groupIdSchema = z.string().regex(/^C[0-9a-f]{32}$/, 'must be a LINE group id (C and 32 hex digits)');
const roomIdSchema = z.string().regex(/^R[0-9a-f]{32}$/, 'must be a LINE room id (R and 32 hex digits)');
/** A ULID (Crockford base32: no I, L, O or U in what LINE sends; accepted anyway, it changes nothing here). */
const eventIdSchema = z.string().regex(/^[0-9A-Z]{26}$/, 'must be a ULID (26 digits or capital letters)');
const messageIdSchema = z.string().regex(/^[0-9]{1,32}$/, 'must be a LINE message id (digits)');
/** Opaque to us (LINE's are about 32 characters): printable ASCII of a sane length. */
const replyTokenSchema = z.string().regex(/^[\x21-\x7e]{1,255}$/, 'must be a reply token (ASCII, 1-255)');

const sourceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('user'), userId: userIdSchema.optional() }).loose(),
  z.object({ type: z.literal('group'), groupId: groupIdSchema, userId: userIdSchema.optional() }).loose(),
  z.object({ type: z.literal('room'), roomId: roomIdSchema, userId: userIdSchema.optional() }).loose(),
]);

const mentionSchema = z
  .object({ mentionees: z.array(z.object({ userId: userIdSchema.optional() }).loose()).max(100) })
  .loose();

/** The ids inside the events that carry some. */
const idsByEventType: Record<string, z.ZodType> = {
  message: z
    .object({
      message: z
        .object({
          id: messageIdSchema,
          quotedMessageId: messageIdSchema.optional(),
          mention: mentionSchema.optional(),
        })
        .loose(),
    })
    .loose(),
  unsend: z.object({ unsend: z.object({ messageId: messageIdSchema }).loose() }).loose(),
  memberJoined: z.object({ joined: z.object({ members: z.array(sourceSchema).max(1000) }).loose() }).loose(),
  memberLeft: z.object({ left: z.object({ members: z.array(sourceSchema).max(1000) }).loose() }).loose(),
};

/** The last millisecond of year 9999: later ones have no four-digit ISO date PostgreSQL reads back. */
const LATEST_TIMESTAMP = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export const webhookEventSchema = z
  .object({
    // LINE's event types are camelCase words; an unknown one is stored, so keep it a plain name.
    type: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'must be an event type name'),
    webhookEventId: eventIdSchema,
    timestamp: z.number().int().nonnegative().max(LATEST_TIMESTAMP),
    mode: z.enum(['active', 'standby']),
    deliveryContext: z.object({ isRedelivery: z.boolean() }).loose(),
    source: sourceSchema.optional(),
    replyToken: replyTokenSchema.optional(),
  })
  .loose()
  .superRefine((event, ctx) => {
    const ids = idsByEventType[event.type]?.safeParse(event);
    for (const issue of ids?.error?.issues ?? []) {
      ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path, input: undefined });
    }
  });

export const webhookBodySchema = z.object({
  destination: z.string().min(1).max(64),
  events: z.array(webhookEventSchema).max(1000),
});

export type WebhookEnvelopeEvent = z.infer<typeof webhookEventSchema>;
export type WebhookBody = z.infer<typeof webhookBodySchema>;

export function chatIdOf(event: WebhookEnvelopeEvent): string | null {
  const source = event.source;
  switch (source?.type) {
    case 'group':
      return source.groupId;
    case 'room':
      return source.roomId;
    case 'user':
      return source.userId ?? null;
    default:
      return null;
  }
}
