// Emulated rich-menu linking: the default menu, per-user links and bulk link/unlink.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { isRecord, rejectBody, sendError } from './errors.ts';
import type { EmulatorState } from './state.ts';
import type { LineErrorDetail } from './types.ts';

const MAX_BULK_USERS = 500;

/** LINE refuses to show a menu without an image; answers the error and returns false when unusable. */
function usableMenu(state: EmulatorState, reply: FastifyReply, richMenuId: unknown): boolean {
  const menu = typeof richMenuId === 'string' ? state.richMenus.get(richMenuId) : undefined;
  if (!menu) {
    sendError(reply, 404, { message: 'richmenu not found' });
    return false;
  }
  if (!menu.image) {
    sendError(reply, 400, { message: 'must upload richmenu image before applying it to user' });
    return false;
  }
  return true;
}

function userIdsDetails(userIds: unknown): LineErrorDetail[] {
  if (!Array.isArray(userIds) || userIds.length < 1 || userIds.length > MAX_BULK_USERS) {
    return [{ property: 'userIds', message: `Size must be between 1 and ${MAX_BULK_USERS}` }];
  }
  if (!userIds.every((id) => typeof id === 'string' && id !== '')) {
    return [{ property: 'userIds', message: 'must be user IDs' }];
  }
  return [];
}

type UserParams = { Params: { userId: string } };
type MenuParams = { Params: { richMenuId: string } };
type UserMenuParams = { Params: { userId: string; richMenuId: string } };

export function registerRichMenuLinkRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.post<MenuParams>('/v2/bot/user/all/richmenu/:richMenuId', async (request, reply) => {
    if (!usableMenu(state, reply, request.params.richMenuId)) return reply;
    state.defaultRichMenuId = request.params.richMenuId;
    return {};
  });

  app.get('/v2/bot/user/all/richmenu', async (_request, reply) => {
    if (state.defaultRichMenuId === null) return sendError(reply, 404, { message: 'no default richmenu' });
    return { richMenuId: state.defaultRichMenuId };
  });

  app.delete('/v2/bot/user/all/richmenu', async () => {
    state.defaultRichMenuId = null;
    return {};
  });

  app.post<UserMenuParams>('/v2/bot/user/:userId/richmenu/:richMenuId', async (request, reply) => {
    if (!usableMenu(state, reply, request.params.richMenuId)) return reply;
    state.userRichMenus.set(request.params.userId, request.params.richMenuId);
    return {};
  });

  app.get<UserParams>('/v2/bot/user/:userId/richmenu', async (request, reply) => {
    const richMenuId = state.userRichMenus.get(request.params.userId);
    if (!richMenuId) return sendError(reply, 404, { message: 'the user has no richmenu' });
    return { richMenuId };
  });

  app.delete<UserParams>('/v2/bot/user/:userId/richmenu', async (request) => {
    state.userRichMenus.delete(request.params.userId);
    return {};
  });

  app.post('/v2/bot/richmenu/bulk/link', async (request, reply) => {
    const body = isRecord(request.body) ? request.body : {};
    const details = userIdsDetails(body.userIds);
    if (typeof body.richMenuId !== 'string')
      details.unshift({ property: 'richMenuId', message: 'must be specified' });
    if (details.length > 0) return rejectBody(state, request, reply, details);
    if (!usableMenu(state, reply, body.richMenuId)) return reply;
    for (const userId of body.userIds as string[]) state.userRichMenus.set(userId, body.richMenuId as string);
    return reply.code(202).send({});
  });

  app.post('/v2/bot/richmenu/bulk/unlink', async (request, reply) => {
    const body = isRecord(request.body) ? request.body : {};
    const details = userIdsDetails(body.userIds);
    if (details.length > 0) return rejectBody(state, request, reply, details);
    for (const userId of body.userIds as string[]) state.userRichMenus.delete(userId);
    return reply.code(202).send({});
  });
}
