// GET /healthz: the process answers. GET /readyz: the database answers too (load balancers route on this).
import type { FastifyInstance } from 'fastify';

export async function healthRoutes(fastify: FastifyInstance): Promise<void> {
  fastify.get('/healthz', async () => ({ status: 'ok' }));

  fastify.get('/readyz', async (request, reply) => {
    try {
      await fastify.pg.query('SELECT 1');
      return { status: 'ok', database: 'ok' };
    } catch (error) {
      request.log.warn({ err: error }, 'readiness check: database unreachable');
      return reply.code(503).send({ status: 'unavailable', database: 'unreachable' });
    }
  });
}
