// One error handler: 4xx keep their message (the caller can fix the request), 5xx are logged and masked.
import type { FastifyError, FastifyInstance } from 'fastify';

export function installErrorHandler(fastify: FastifyInstance): void {
  fastify.setErrorHandler((error: FastifyError, request, reply) => {
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.code(status).send({ error: 'internal error' });
    }
    request.log.info({ err: error, status }, 'request rejected');
    return reply.code(status).send({ error: error.message });
  });
  fastify.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: `no route ${request.method} ${request.url}` }),
  );
}
