// The 防災 alerts staff API under /admin/bousai: disaster mode, 避難情報 pushes, JMA rule matches (scope bousai).
import type { FastifyInstance } from 'fastify';
import type { AdminRoutes } from '../../../../admin/admin-plugin.ts';
import { jmaRoutes } from './jma-routes.ts';
import { type AlertsRouteOptions, modeRoutes } from './mode-routes.ts';
import { pushRoutes } from './push-routes.ts';
import { ALL_ENUMS } from './schemas.ts';

export function createAlertsAdminRoutes(options: AlertsRouteOptions): AdminRoutes {
  return async function bousaiAlertsAdmin(fastify: FastifyInstance): Promise<void> {
    for (const labelled of ALL_ENUMS) fastify.staffEnums.add(labelled);
    await fastify.register(modeRoutes(options));
    await fastify.register(pushRoutes(options));
    await fastify.register(jmaRoutes(options));
  };
}
