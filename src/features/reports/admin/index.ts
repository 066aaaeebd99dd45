// The 損傷報告 staff API under /admin/reports, registered by the admin plugin as one of its features.
import type { FastifyInstance } from 'fastify';
import type { AdminRoutes } from '../../../admin/admin-plugin.ts';
import { loadReportCatalog, type ReportCatalog } from '../catalog/catalog.ts';
import type { PhotoStore } from '../photos/store.ts';
import { actionRoutes } from './action-routes.ts';
import { reportEnums } from './enums.ts';
import { exportRoutes } from './export-routes.ts';
import { readRoutes } from './read-routes.ts';
import { statsRoutes } from './stats-routes.ts';

export function createReportsAdminRoutes(options: {
  store: PhotoStore;
  catalog?: ReportCatalog;
}): AdminRoutes {
  const catalog = options.catalog ?? loadReportCatalog();
  const resolved = { store: options.store, catalog, enums: reportEnums(catalog) };
  return async function reportsAdmin(fastify: FastifyInstance): Promise<void> {
    fastify.staffEnums.add(resolved.enums.status, resolved.enums.department, resolved.enums.category);
    // Before the report routes: /admin/reports/stats is no report id.
    await fastify.register(statsRoutes(resolved));
    await fastify.register(readRoutes(resolved));
    await fastify.register(exportRoutes(resolved));
    await fastify.register(actionRoutes(resolved));
  };
}
