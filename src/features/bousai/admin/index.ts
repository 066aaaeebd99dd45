// The 防災 staff API under /admin/bousai (scope `bousai`: viewer reads, operator sets shelter statuses and reads
// who needs help, manager imports shelters and opens/closes disasters).
import type { FastifyInstance } from 'fastify';
import type { AdminRoutes } from '../../../admin/admin-plugin.ts';
import { safetyRoutes } from './safety-routes.ts';
import { needEnum, shelterKindEnum, shelterStatusEnum, situationEnum } from './schemas.ts';
import { shelterRoutes } from './shelter-routes.ts';

export function createBousaiAdminRoutes(options: { now: () => Date }): AdminRoutes {
  return async function bousaiAdmin(fastify: FastifyInstance): Promise<void> {
    for (const labelled of [shelterStatusEnum, shelterKindEnum, situationEnum, needEnum])
      fastify.staffEnums.add(labelled);
    await fastify.register(shelterRoutes(options));
    await fastify.register(safetyRoutes(options));
  };
}
