// Emulated api-data.line.me content download for messages users sent (images, video, audio, files).
import type { FastifyInstance } from 'fastify';
import { sendError } from './errors.ts';
import type { EmulatorState } from './state.ts';

export function registerContentRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.get<{ Params: { messageId: string } }>('/v2/bot/message/:messageId/content', async (request, reply) => {
    const content = state.contents.get(request.params.messageId);
    if (!content) return sendError(reply, 404, { message: 'Not found' });
    return reply.type(content.contentType).send(content.body);
  });
}
