// The ごみ staff API, registered by the admin plugin: labelled enums for /admin/meta, then the routes.
import type { FastifyInstance } from 'fastify';
import type { AdminRoutes } from '../../../admin/admin-plugin.ts';
import type { DatasetStore } from '../dataset/store.ts';
import { gomiRoutes } from './routes.ts';
import { bulkyChannelEnum, bulkyStatusEnum } from './schemas.ts';

export function createGomiAdminRoutes(options: { store: DatasetStore; now: () => Date }): AdminRoutes {
  return async function gomiAdmin(fastify: FastifyInstance): Promise<void> {
    fastify.staffEnums.add(bulkyStatusEnum);
    fastify.staffEnums.add(bulkyChannelEnum);
    await fastify.register(gomiRoutes(options));
  };
}
