// Who may do what in the reports admin API: scope `reports` (every department) or `reports:<department>`;
// viewer reads and exports the public fields, operator changes status/notes/department/merges/photo approval
// and publishes, manager hides, redacts, approves the exact location and exports the internal columns. Also
// the shared request schemas.
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
import type { ReportEnums } from './enums.ts';

export interface ReportsAdminOptions {
  store: PhotoStore;
  catalog: ReportCatalog;
  enums: ReportEnums;
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

export const idParams = z.object({
  id: z
    .string()
    .regex(/^\d{1,18}$/, 'must be a report id')
    .describe('the internal id'),
});
