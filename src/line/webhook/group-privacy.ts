// Messages in group and room chats are residents talking among themselves, many of whom never followed the
// account: the bot only needs to know whether it was addressed, so their content is never stored.
import type { WebhookEnvelopeEvent } from './envelope.ts';

interface GroupMessage {
  id?: unknown;
  type?: unknown;
  mention?: { mentionees?: unknown };
}

/** A group or room message keeps its id, its type and whether it mentions the bot; text, location, etc. go. */
export function withoutGroupChatter(event: WebhookEnvelopeEvent): WebhookEnvelopeEvent {
  const inGroup = event.source?.type === 'group' || event.source?.type === 'room';
  if (!inGroup || event.type !== 'message') return event;
  const message = (event.message ?? {}) as GroupMessage;
  const mentionees = Array.isArray(message.mention?.mentionees) ? message.mention.mentionees : [];
  const mentionsBot = mentionees.some((m) => (m as { isSelf?: unknown } | null)?.isSelf === true);
  return {
    ...event,
    message: {
      id: message.id,
      type: message.type,
      ...(mentionsBot ? { mention: { mentionees: [{ type: 'user', isSelf: true }] } } : {}),
    },
  };
}
