// The waiting-room display's public routes: a display link's secret (?token=, kept out of the request log)
// reads only its service's called and next queue numbers — as JSON, or live as Server-Sent Events.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from '../../../http/http-error.ts';
import { cityDate } from '../types.ts';
import type { QueueChanges } from './changes.ts';
import { displayBoard, displayLinkService, queueVersion } from './display-repository.ts';
import { versionedStreams } from './versioned-stream.ts';

export function displayRoutes(options: { changes: QueueChanges; now: () => Date; pollMs?: number }) {
  return async function routes(fastify: FastifyInstance): Promise<void> {
    const pool = fastify.pg.pool;
    const serve = versionedStreams(fastify, { changes: options.changes, pollMs: options.pollMs ?? 3000 });
    const serviceOf = async (request: FastifyRequest): Promise<string> => {
      const token = (request.query as { token?: unknown }).token;
      const service = typeof token === 'string' ? await displayLinkService(pool, token) : null;
      if (!service) throw new HttpError(404, 'NOT_FOUND', 'this display link is unknown or was revoked');
      return service;
    };
    fastify.get('/display-api/board', async (request, reply) => {
      const service = await serviceOf(request);
      reply.header('cache-control', 'no-store');
      return displayBoard(pool, service, options.now());
    });
    fastify.get('/display-api/stream', async (request, reply) => {
      const service = await serviceOf(request);
      serve(request, reply, {
        version: () => queueVersion(pool, service, cityDate(options.now())),
        state: () => displayBoard(pool, service, options.now()),
      });
    });
  };
}
