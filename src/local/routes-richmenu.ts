// The simulator API for what the phone shows besides the chat: the user's rich menu, its image, a tab switch
// (which sends LINE's switch postback through /webhook) and the content of images the user sent.
import type { FastifyInstance } from 'fastify';
import { buildSwitchPostback, userMessageOf } from './event-builder.ts';
import { findUser, sendSimError } from './routes-api.ts';
import { parseBody, switchSchema } from './schemas.ts';
import { deliverEvents } from './send-event.ts';
import { loadContent } from './sim-contents.ts';
import type { SimulatorContext } from './simulator-context.ts';

type UserParams = { Params: { userId: string } };

export async function simulatorRichMenuRoutes(app: FastifyInstance, sim: SimulatorContext): Promise<void> {
  app.get<UserParams>('/api/users/:userId/richmenu', async (request, reply) => {
    const user = findUser(sim, request.params.userId, reply);
    if (!user) return reply;
    const view = sim.menus.view(user.userId);
    if (!view) return reply.code(404).send({ error: 'the user has no rich menu' });
    return view;
  });

  app.post<UserParams>('/api/users/:userId/richmenu/switch', async (request, reply) => {
    const user = findUser(sim, request.params.userId, reply);
    if (!user) return reply;
    const body = parseBody(switchSchema, request.body, reply);
    if (!body) return reply;
    if (sim.users.hasBlocked(user.userId)) {
      return reply.code(409).send({ error: 'the user has blocked the account: send a follow event first' });
    }
    const status = sim.menus.switchTo(user.userId, body.richMenuAliasId);
    const event = buildSwitchPostback(
      { userId: user.userId, replyToken: sim.emulator.issueReplyToken(user.userId) },
      body.data,
      { newRichMenuAliasId: body.richMenuAliasId, status },
    );
    await sim.transcript.addUserMessage(
      user.userId,
      userMessageOf({ type: 'postback', data: body.data }, ''),
    );
    try {
      await deliverEvents(sim, [event]);
    } catch (error) {
      return sendSimError(reply, error);
    }
    const view = sim.menus.view(user.userId);
    if (!view) return reply.code(404).send({ error: 'the user has no rich menu' });
    return view;
  });

  app.get<{ Params: { richMenuId: string } }>('/api/richmenus/:richMenuId/image', async (request, reply) => {
    const image = sim.menus.image(request.params.richMenuId);
    if (!image) return reply.code(404).send({ error: 'no such rich menu image' });
    // A rich menu's image can never change on LINE (a new design is a new menu id), so it caches forever.
    return reply
      .type(image.contentType)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(image.data);
  });

  app.get<{ Params: { messageId: string } }>('/api/content/:messageId', async (request, reply) => {
    const { messageId } = request.params;
    if (!/^\d{1,30}$/.test(messageId)) return reply.code(404).send({ error: 'no such content' });
    // Through the app's LINE client, from the emulator's content endpoint, as the bot itself would get it.
    // A photo of an earlier run: the emulator has forgotten it, the database has not.
    const content = (await sim.line.getMessageContent(messageId)) ?? (await loadContent(sim.db, messageId));
    if (!content) return reply.code(404).send({ error: 'no such content' });
    return reply
      .type(content.contentType)
      .header('cache-control', 'private, max-age=3600')
      .send(content.data);
  });
}
