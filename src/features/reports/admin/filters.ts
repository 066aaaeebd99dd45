// The filters of the reports list and exports (status, category, department, dates, bounding box, text,
// moderation), and the repository filter they become, restricted to the departments the caller holds a role on.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { pageQuery } from '../../../admin/paging.ts';
import type { Role } from '../../../admin/roles.ts';
import { badRequest, forbidden } from '../../../http/http-error.ts';
import type { ReportCatalog } from '../catalog/catalog.ts';
import { hasControlCharacters } from '../control-characters.ts';
import { MAX_PAGE, type ReportFilter } from '../repository.ts';
import { allowedDepartments } from './access.ts';
import type { ReportEnums } from './enums.ts';

const dateParam = z.iso
  .datetime({ offset: true })
  .or(z.iso.date())
  .describe('an ISO date (midnight UTC) or date-time with any offset, e.g. 2027-04-01T00:00:00+09:00');
// Filters go into SQL parameters and the audit log's JSON: NUL or other control characters would be a
// database error there (a 500), so they are a 400 here.
const filterText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((value) => !hasControlCharacters(value), { error: 'must not contain control characters' });

export function filterSchemas(enums: ReportEnums) {
  const fields = {
    status: enums.status.listInput().optional(),
    category: enums.category.input().optional(),
    department: enums.department.input().optional(),
    from: dateParam.optional(),
    to: dateParam.optional(),
    bbox: z
      .string()
      .regex(/^-?[\d.]+,-?[\d.]+,-?[\d.]+,-?[\d.]+$/, 'must be west,south,east,north')
      .optional(),
    text: filterText(200).optional().describe('part of the report number, the address or a comment'),
    published: z
      .enum(['true', 'false'])
      .optional()
      .describe('true: published reports only; false: those still to review'),
  };
  return {
    list: z.object({ ...fields, ...pageQuery(50, MAX_PAGE) }),
    export: z.object({
      ...fields,
      limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(MAX_PAGE).describe('newest first'),
    }),
  };
}

type FilterQuery = z.output<ReturnType<typeof filterSchemas>['export']>;

/** The filter a query asks for, restricted to the departments the staff member holds `role` on. */
export function toFilter(
  request: FastifyRequest,
  catalog: ReportCatalog,
  q: Omit<FilterQuery, 'limit'> & { limit: number },
  role: Role = 'viewer',
): ReportFilter {
  const departments = allowedDepartments(request, catalog, role);
  const all = departments.length === catalog.departments.length;
  let department = q.department;
  if (department && !departments.includes(department)) {
    throw forbidden(`this needs the ${role} role on reports:${department}`);
  }
  if (!department && !all) {
    if (departments.length > 1)
      throw badRequest('query.department: required for staff of several departments');
    department = departments[0];
  }
  const filter: ReportFilter = { limit: q.limit };
  if (q.status?.length) filter.status = q.status;
  if (q.category) filter.category = q.category;
  if (department) filter.department = department;
  if (q.from) filter.from = new Date(q.from);
  if (q.to) filter.to = new Date(q.to);
  if (q.bbox) {
    const [west, south, east, north] = q.bbox.split(',').map(Number) as [number, number, number, number];
    if (![west, south, east, north].every(Number.isFinite) || south > north || west > east) {
      throw badRequest('query.bbox: must be west,south,east,north');
    }
    filter.bbox = { west, south, east, north };
  }
  if (q.text) filter.text = q.text;
  if (q.published) filter.published = q.published === 'true';
  return filter;
}
