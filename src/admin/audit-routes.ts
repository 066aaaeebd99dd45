// GET /admin/audit: the audit log for administrators, newest first, paged, with bounded filters (reading it
// is itself audited).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listAudit } from './audit-repository.ts';
import { audit, requireAdmin } from './auth.ts';
import { cityDateTime } from './city-time.ts';
import { decodeCursor, idKey, pageOf, pageQuery, pageSchema } from './paging.ts';

const entrySchema = z.object({
  id: z.string(),
  at: cityDateTime,
  staffId: z.string().nullable(),
  staffName: z.string().nullable(),
  action: z.string(),
  resourceType: z.string(),
  resourceId: z.string().nullable(),
  personalData: z.boolean(),
  details: z.record(z.string(), z.unknown()),
  requestId: z.string().nullable(),
  ip: z.string().nullable().describe('the client address the request came from'),
});

// Ids are bigint in the database: more than 18 digits could overflow it.
const id = z.string().regex(/^\d{1,18}$/, 'must be a number of at most 18 digits');
const instant = z.iso
  .datetime({ offset: true })
  .or(z.iso.date())
  .transform((value) => new Date(value))
  .refine((at) => at.getUTCFullYear() >= 1970, 'must not be before 1970')
  .describe('an ISO date or date-time, e.g. 2027-02-16 or 2027-02-16T09:00:00+09:00');

export async function auditRoutes(app: FastifyInstance): Promise<void> {
  const fastify = app.withTypeProvider<ZodTypeProvider>();
  fastify.get(
    '/admin/audit',
    {
      schema: {
        tags: ['audit'],
        querystring: z.object({
          staffId: id.optional(),
          resourceType: z.string().max(64).optional(),
          resourceId: z.string().max(200).optional(),
          action: z.string().max(64).optional(),
          ip: z.string().max(64).optional().describe('only entries from this client address'),
          from: instant.optional(),
          to: instant.optional(),
          ...pageQuery(100, 1000),
        }),
        response: { 200: pageSchema(entrySchema) },
      },
    },
    async (request) => {
      requireAdmin(request);
      const q = request.query;
      const after = decodeCursor(q.cursor, z.tuple([idKey]));
      const rows = await listAudit(fastify.pg.pool, {
        staffId: q.staffId,
        resourceType: q.resourceType,
        resourceId: q.resourceId,
        action: q.action,
        ip: q.ip,
        from: q.from,
        to: q.to,
        beforeId: after?.[0],
        limit: q.limit + 1,
      });
      // The entries name staff and client addresses.
      await audit(fastify.pg.pool, request, {
        action: 'audit.read',
        resourceType: 'audit_log',
        personalData: true,
        details: { filter: q },
      });
      return pageOf(rows, q.limit, (entry) => [entry.id]);
    },
  );
}
