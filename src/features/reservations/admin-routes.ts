// The reservations (申告予約) admin API, registered by the admin plugin as one of its features:
// schedules (services, closed days, slots), the day's desk queue, walk-ins, and CSV exports.
import type { FastifyInstance } from 'fastify';
import type { AdminRoutes } from '../../admin/admin-plugin.ts';
import type { ReservationsAdminOptions } from './admin-access.ts';
import { deskRoutes } from './admin-desk-routes.ts';
import { exportRoutes } from './admin-export-routes.ts';
import { queueRoutes } from './admin-queue-routes.ts';
import { reservationChannelEnum, reservationStatusEnum } from './admin-schemas.ts';
import { serviceRoutes } from './admin-service-routes.ts';
import { statsRoutes } from './admin-stats-routes.ts';
import { liveAdminRoutes } from './live/admin-live-routes.ts';
import { createQueueChanges, type QueueChanges } from './live/changes.ts';

export function createReservationsAdminRoutes(
  options: Partial<ReservationsAdminOptions> & { changes?: QueueChanges } = {},
): AdminRoutes {
  const resolved: ReservationsAdminOptions = { now: options.now ?? (() => new Date()) };
  const changes = options.changes ?? createQueueChanges();
  return async function reservationsAdmin(fastify: FastifyInstance): Promise<void> {
    fastify.staffEnums.add(reservationStatusEnum, reservationChannelEnum);
    // Every successful change through this API may move a queue: live desks and displays look at once.
    fastify.addHook('onResponse', async (request, reply) => {
      if (request.method !== 'GET' && reply.statusCode < 400) changes.notify();
    });
    await fastify.register(liveAdminRoutes({ changes }));
    await fastify.register(serviceRoutes);
    await fastify.register(deskRoutes(resolved));
    await fastify.register(queueRoutes(resolved));
    await fastify.register(exportRoutes);
    await fastify.register(statsRoutes);
  };
}

/** For `adminPlugin({ features: [reservationsAdminRoutes] })`. */
export const reservationsAdminRoutes: AdminRoutes = createReservationsAdminRoutes();
