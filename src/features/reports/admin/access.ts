// Who may do what in the reports admin API: scope `reports` (every department) or `reports:<department>`;
// viewer reads and exports, operator changes status/notes/department/merges/photo approval and publishes,
// manager hides, redacts and approves the exact location. Also the shared request schemas and the report as
// staff see it (exact data: staff of the department only).
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { currentStaff, requireRole } from '../../../admin/auth.ts';
import { allows, type Role } from '../../../admin/roles.ts';
import type { Queryable } from '../../../db/transact.ts';
import { forbidden, notFound } from '../../../http/http-error.ts';
import type { ReportCatalog } from '../catalog/catalog.ts';
import type { PhotoStore } from '../photos/store.ts';
import { findReport } from '../repository.ts';
import type { Report } from '../types.ts';

export interface ReportsAdminOptions {
  store: PhotoStore;
  catalog: ReportCatalog;
}

export const departmentScope = (department: string) => `reports:${department}`;

/** The departments the staff member holds `role` on; throws 403 when none. */
export function allowedDepartments(request: FastifyRequest, catalog: ReportCatalog, role: Role): string[] {
  const staff = currentStaff(request);
  const departments = catalog.departments
    .map((d) => d.id)
    .filter((d) => allows(staff, departmentScope(d), role));
  if (departments.length === 0)
    throw forbidden(`this needs the ${role} role on reports or reports:<department>`);
  return departments;
}

export async function reportForRole(
  db: Queryable,
  request: FastifyRequest,
  id: string,
  role: Role,
): Promise<Report> {
  const report = await findReport(db, id);
  if (!report) throw notFound(`report ${id}`);
  requireRole(request, departmentScope(report.department), role);
  return report;
}

export const idParams = z.object({ id: z.string().regex(/^\d{1,18}$/, 'must be a report id') });

export const errorSchema = z.object({ error: z.string(), fields: z.array(z.string()).optional() });

export function staffView(report: Report, photoUrl: (id: string, key: string) => string) {
  return {
    id: report.id,
    number: report.number,
    category: report.category,
    department: report.department,
    status: report.status,
    lat: report.lat,
    lon: report.lon,
    address: report.address,
    comment: report.comment,
    publicComment: report.publicComment,
    reporter: report.userId,
    hidden: report.hidden,
    published: report.published,
    publishedAt: report.publishedAt?.toISOString() ?? null,
    exactLocationPublic: report.exactLocationPublic,
    duplicateOf: report.duplicateOf,
    photos: report.photos.map((p) => ({ ...p, url: photoUrl(report.id, p.key) })),
    supporterCount: report.supporterCount,
    createdAt: report.createdAt.toISOString(),
    updatedAt: report.updatedAt.toISOString(),
    closedAt: report.closedAt?.toISOString() ?? null,
  };
}
