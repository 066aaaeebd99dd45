// The 子育て staff API under /admin/childcare, registered by the admin plugin as one of its features: segment
// messages (districts, preview count, schedule, list, results, cancel) in scope `childcare`.
import type { FastifyInstance } from 'fastify';
import type { AdminRoutes } from '../../../admin/admin-plugin.ts';
import { actionRoutes } from './action-routes.ts';
import { readRoutes } from './read-routes.ts';
import { segmentStatusEnum } from './schemas.ts';

export function createChildcareAdminRoutes(options: {
  now?: (() => Date) | undefined;
  /** Called after a send was scheduled (wakes the segment sender). */
  onScheduled?: () => void;
}): AdminRoutes {
  const resolved = { now: options.now ?? (() => new Date()), onScheduled: options.onScheduled ?? (() => {}) };
  return async function childcareAdmin(fastify: FastifyInstance): Promise<void> {
    fastify.staffEnums.add(segmentStatusEnum);
    await fastify.register(readRoutes);
    await fastify.register(actionRoutes(resolved));
  };
}
