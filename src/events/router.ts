// Routes a stored event to its handler by type (group and room chats to their own); types this platform does
// not handle are logged and done.
import type { HandlerContext } from './handler-context.ts';
import { ensureUser } from './handlers/ensure-user.ts';
import { handleFollow, handleUnfollow } from './handlers/follow.ts';
import { handleGroupEvent, isGroupChat } from './handlers/group-chat.ts';
import { handleMessage } from './handlers/message.ts';
import { handlePostback } from './handlers/postback.ts';

type Handler = (ctx: HandlerContext) => Promise<void>;

const handlers: Record<string, Handler> = {
  follow: handleFollow,
  unfollow: handleUnfollow,
  message: async (ctx) => {
    await ensureUser(ctx);
    await handleMessage(ctx);
  },
  postback: async (ctx) => {
    await ensureUser(ctx);
    await handlePostback(ctx);
  },
};

export async function routeEvent(ctx: HandlerContext): Promise<void> {
  // The handlers above serve a resident in their 1:1 chat; a group or room gets none of them.
  if (isGroupChat(ctx.event)) {
    await handleGroupEvent(ctx);
    return;
  }
  const handler = handlers[ctx.event.eventType];
  if (!handler) {
    ctx.log.info('event type not handled by this platform; stored only');
    return;
  }
  await handler(ctx);
}
