// Emulated rich-menu aliases, which richmenuswitch actions use to move between tabs.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { isRecord, rejectBody, sendError } from './errors.ts';
import { failureBody } from './failures.ts';
import { ALIAS_ID } from './richmenu-validate.ts';
import type { EmulatorState } from './state.ts';
import type { LineErrorDetail } from './types.ts';

type AliasParams = { Params: { richMenuAliasId: string } };

/** An alias may only point at an existing menu that already has its image. */
function aliasTargetOk(state: EmulatorState, reply: FastifyReply, richMenuId: string): boolean {
  const menu = state.richMenus.get(richMenuId);
  if (!menu) {
    sendError(reply, 400, { message: 'richmenu not found' });
    return false;
  }
  if (!menu.image) {
    sendError(reply, 400, { message: 'must upload richmenu image before applying it to user' });
    return false;
  }
  return true;
}

export function registerRichMenuAliasRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.post('/v2/bot/richmenu/alias', async (request, reply) => {
    const body = isRecord(request.body) ? request.body : {};
    const details: LineErrorDetail[] = [];
    const aliasId = body.richMenuAliasId;
    if (typeof aliasId !== 'string' || !ALIAS_ID.test(aliasId)) {
      details.push({ property: 'richMenuAliasId', message: 'must match ^[a-z0-9_-]{1,32}$' });
    }
    if (typeof body.richMenuId !== 'string')
      details.push({ property: 'richMenuId', message: 'must be specified' });
    if (details.length > 0) return rejectBody(state, request, reply, details);
    if (state.aliases.has(aliasId as string))
      return sendError(reply, 400, { message: 'conflict richmenu alias id' });
    if (!aliasTargetOk(state, reply, body.richMenuId as string)) return reply;
    state.aliases.set(aliasId as string, body.richMenuId as string);
    return {};
  });

  app.get('/v2/bot/richmenu/alias/list', async () => ({
    aliases: [...state.aliases].map(([richMenuAliasId, richMenuId]) => ({ richMenuAliasId, richMenuId })),
  }));

  app.get<AliasParams>('/v2/bot/richmenu/alias/:richMenuAliasId', async (request, reply) => {
    const { richMenuAliasId } = request.params;
    const richMenuId = state.aliases.get(richMenuAliasId);
    if (!richMenuId) return sendError(reply, 404, { message: 'richmenu alias not found' });
    return { richMenuAliasId, richMenuId };
  });

  app.post<AliasParams>('/v2/bot/richmenu/alias/:richMenuAliasId', async (request, reply) => {
    const { richMenuAliasId } = request.params;
    const body = isRecord(request.body) ? request.body : {};
    if (typeof body.richMenuId !== 'string') {
      return rejectBody(state, request, reply, [{ property: 'richMenuId', message: 'must be specified' }]);
    }
    if (!state.aliases.has(richMenuAliasId))
      return sendError(reply, 400, { message: 'richmenu alias not found' });
    if (!aliasTargetOk(state, reply, body.richMenuId)) return reply;
    state.aliases.set(richMenuAliasId, body.richMenuId);
    return {};
  });

  app.delete<AliasParams>('/v2/bot/richmenu/alias/:richMenuAliasId', async (request, reply) => {
    const { richMenuAliasId } = request.params;
    if (!state.aliases.has(richMenuAliasId))
      return sendError(reply, 400, { message: 'richmenu alias not found' });
    if (!state.aliasDeleteLimit.take()) return sendError(reply, 429, failureBody(429));
    state.aliases.delete(richMenuAliasId);
    return {};
  });
}
