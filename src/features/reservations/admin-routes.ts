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

export function createReservationsAdminRoutes(options: Partial<ReservationsAdminOptions> = {}): AdminRoutes {
  const resolved: ReservationsAdminOptions = { now: options.now ?? (() => new Date()) };
  return async function reservationsAdmin(fastify: FastifyInstance): Promise<void> {
    fastify.staffEnums.add(reservationStatusEnum, reservationChannelEnum);
    await fastify.register(serviceRoutes);
    await fastify.register(deskRoutes(resolved));
    await fastify.register(queueRoutes(resolved));
    await fastify.register(exportRoutes);
  };
}

/** For `adminPlugin({ features: [reservationsAdminRoutes] })`. */
export const reservationsAdminRoutes: AdminRoutes = createReservationsAdminRoutes();
