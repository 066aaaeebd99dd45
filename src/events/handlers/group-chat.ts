// Group and room chats: the services are 1:1 (rich menu, flows, personal data), so there the bot says hello
// when it joins, answers a mention or a button with one short note pointing at the 1:1 chat, and stays silent
// otherwise; nothing is stored about the members (they may never have followed the account).
import type { StoredEvent } from '../event-repository.ts';
import type { HandlerContext } from '../handler-context.ts';

export function isGroupChat(event: StoredEvent): boolean {
  const type = (event.payload as { source?: { type?: unknown } } | null)?.source?.type;
  return type === 'group' || type === 'room';
}

function mentionsTheBot(payload: unknown): boolean {
  const mentionees = (payload as { message?: { mention?: { mentionees?: unknown } } } | null)?.message
    ?.mention?.mentionees;
  return (
    Array.isArray(mentionees) && mentionees.some((m) => (m as { isSelf?: unknown } | null)?.isSelf === true)
  );
}

/**
 * A note in a group is only worth a reply while its token is fresh: a push later (a redelivery, a retry)
 * would come out of context to everyone in the group and count against the month's messages.
 */
function canStillReply(ctx: HandlerContext): boolean {
  const event = ctx.event;
  const age = Date.now() - event.occurredAt.getTime();
  return (
    !event.isRedelivery && event.attempts === 1 && age < ctx.services.config.replyTokenMaxAgeSeconds * 1000
  );
}

export async function handleGroupEvent(ctx: HandlerContext): Promise<void> {
  if (!canStillReply(ctx)) return;
  switch (ctx.event.eventType) {
    case 'join':
      ctx.sendText('groupChat:joined');
      return;
    case 'message':
      if (mentionsTheBot(ctx.event.payload)) ctx.sendText('groupChat:oneToOneOnly');
      return;
    case 'postback':
      ctx.sendText('groupChat:oneToOneOnly');
      return;
    default:
      // leave, memberJoined, memberLeft, unsend…: nothing to say, nothing to keep.
      return;
  }
}
