// Staff API for 子育て segment messages under /admin/childcare (stub: to build).
import type { FastifyInstance } from 'fastify';
import type { AdminRoutes } from '../../../admin/admin-plugin.ts';

export function createChildcareAdminRoutes(_options: { now?: () => Date }): AdminRoutes {
  return async function childcareAdmin(_fastify: FastifyInstance): Promise<void> {};
}
