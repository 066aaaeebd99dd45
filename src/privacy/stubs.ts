// The one shape raw rows keep once their content is scrubbed. An event keeps what statistics and operations need
// (its type, mode, time and id, redelivery, the kinds of source and message, which button was tapped); sent
// messages keep only their types. Both are allowlists: a field LINE adds later is dropped until it is added here.
import { z } from 'zod';

/** What `last_error` becomes: an error message may quote what the resident sent. */
export const SCRUBBED_ERROR = 'scrubbed';

/** Identifiers only (types, modes, menu items, operation names): never free text. */
const NAME = /^[A-Za-z0-9_-]{1,40}$/;
const name = z.string().regex(NAME);

/**
 * Postback fields that say what was tapped (a menu item, a language, a flow and its operation, a topic), never
 * whom or what about. Dropped: ids of children, reports, reservations and slots (`c`, `r`, `slot`, `s`), session
 * keys (`k`), school districts and days (`d`), pages, consent versions. A date picker's choice is in the event's
 * `postback.params`, which is dropped whole (a birth date).
 */
const KEPT_POSTBACK_FIELDS: ReadonlySet<string> = new Set([
  'action',
  'item',
  'lang',
  'tab',
  'flow',
  'feature',
  'topic',
  'do',
  'op',
]);

// Each field falls back to absent on its own: a strange payload still yields a stub, never an error.
const eventStubFields = z.object({
  type: name.optional().catch(undefined),
  mode: name.optional().catch(undefined),
  timestamp: z.number().int().nonnegative().optional().catch(undefined),
  webhookEventId: z
    .string()
    .regex(/^[0-9A-Za-z]{1,64}$/)
    .optional()
    .catch(undefined),
  deliveryContext: z.object({ isRedelivery: z.boolean() }).optional().catch(undefined),
  source: z.object({ type: name }).optional().catch(undefined),
  message: z.object({ type: name }).optional().catch(undefined),
  postback: z
    .object({ data: z.string().max(300) })
    .optional()
    .catch(undefined),
  follow: z.object({ isUnblocked: z.boolean() }).optional().catch(undefined),
});

export type EventStub = z.infer<typeof eventStubFields> & { scrubbed: true };

export interface MessageStub {
  type: string;
  scrubbed: true;
}

/** Postback data reduced to the fields that name what was tapped (URLSearchParams text, like the original). */
export function keptPostbackData(data: string): string {
  const kept = new URLSearchParams();
  for (const [key, value] of new URLSearchParams(data)) {
    if (KEPT_POSTBACK_FIELDS.has(key) && NAME.test(value)) kept.append(key, value);
  }
  return kept.toString();
}

/** The stub of a webhook event's payload (`webhook_events.payload`). */
export function eventStub(payload: unknown): EventStub {
  const parsed = eventStubFields.safeParse(payload);
  const fields = parsed.success ? parsed.data : {};
  const { postback, ...rest } = fields;
  return {
    scrubbed: true,
    ...rest,
    ...(postback ? { postback: { data: keptPostbackData(postback.data) } } : {}),
  };
}

const messageType = z.object({ type: name }).catch({ type: 'unknown' });

/** The stub of the messages of one send (`outbound_messages.messages`): an array still, one entry a message. */
export function messagesStub(messages: unknown): MessageStub[] {
  if (!Array.isArray(messages)) return [];
  return messages.map((message) => ({ type: messageType.parse(message).type, scrubbed: true }));
}
