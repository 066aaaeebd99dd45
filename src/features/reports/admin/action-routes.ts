// Staff actions on a report, each with its audit entry in the same transaction: status (with the residents'
// pushes queued there too), notes, department, merging a duplicate, photo approval, publishing, the exact
// location's approval, hiding and redaction. Answers showing the report carry the reporter's LINE id: those
// actions are audited as personal data.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { audit } from '../../../admin/auth.ts';
import type { Role } from '../../../admin/roles.ts';
import { type Queryable, transact } from '../../../db/transact.ts';
import { notifyStatusChange } from '../notices.ts';
import { isPhotoKey } from '../photos/store.ts';
import { lockReport } from '../repository.ts';
import {
  addNote,
  assignDepartment,
  changeStatus,
  mergeDuplicate,
  redactComment,
  setExactLocationPublic,
  setHidden,
  setPhotoPublic,
  setPublished,
} from '../staff-actions.ts';
import type { Report } from '../types.ts';
import { idParams, type ReportsAdminOptions, reportForRole } from './access.ts';
import { errorSchema, reportSchemas, staffViewOf } from './schemas.ts';

const reason = z.string().trim().max(1000).nullable().optional();

export function actionRoutes(options: ReportsAdminOptions) {
  const { catalog, enums } = options;
  const schemas = reportSchemas(enums);
  const errors = {
    400: errorSchema,
    401: errorSchema,
    403: errorSchema,
    404: errorSchema,
    409: errorSchema.describe('refused by the workflow (e.g. a move statuses.json does not allow)'),
  };
  return async function routes(app: FastifyInstance): Promise<void> {
    const fastify = app.withTypeProvider<ZodTypeProvider>();
    const pool = fastify.pg.pool;
    const tags = ['reports'];
    const wakeOutbox = () => fastify.workers?.outbox.wake();

    /** Checks the role on the report's department, then runs the action and its audit in one transaction. */
    async function act<T>(
      request: FastifyRequest,
      id: string,
      role: Role,
      run: (tx: Queryable, staffId: string | null, report: Report) => Promise<T>,
      preLock = true,
    ): Promise<T> {
      return transact(pool, async (tx) => {
        // Locked before the role check: the department checked is the one the action sees.
        if (preLock) await lockReport(tx, id);
        const report = await reportForRole(tx, request, id, role);
        return run(tx, request.staff?.id ?? null, report);
      });
    }

    fastify.post(
      '/admin/reports/:id/status',
      {
        schema: {
          tags,
          summary: 'Moves the report through the workflow and tells the reporter and me-too residents',
          params: idParams,
          body: z.object({ status: enums.status.input(), reason }),
          response: { 200: schemas.notified, ...errors },
        },
      },
      async (request) => {
        const { status, reason: why } = request.body;
        const result = await act(request, request.params.id, 'operator', async (tx, staffId) => {
          const change = await changeStatus(tx, catalog, {
            reportId: request.params.id,
            to: status,
            reason: why ?? null,
            staffId,
          });
          const notified = await notifyStatusChange(tx, catalog, change);
          await audit(tx, request, {
            action: 'report.status',
            resourceType: 'report',
            personalData: true,
            resourceId: change.report.id,
            details: { from: change.from, to: change.to, reason: change.reason, notified },
          });
          return { report: change.report, notified };
        });
        if (result.notified > 0) wakeOutbox();
        return { report: await staffViewOf(pool, result.report), notified: result.notified };
      },
    );

    fastify.post(
      '/admin/reports/:id/notes',
      {
        schema: {
          tags,
          summary: 'Adds a staff note',
          params: idParams,
          body: z.object({ note: z.string().trim().min(1).max(4000) }),
          response: { 201: z.object({ ok: z.literal(true) }), ...errors },
        },
      },
      async (request, reply) => {
        await act(request, request.params.id, 'operator', async (tx, staffId) => {
          await addNote(tx, { reportId: request.params.id, note: request.body.note, staffId });
          await audit(tx, request, {
            action: 'report.note',
            resourceType: 'report',
            resourceId: request.params.id,
          });
        });
        return reply.code(201).send({ ok: true });
      },
    );

    fastify.post(
      '/admin/reports/:id/department',
      {
        schema: {
          tags,
          summary: 'Assigns the department (needs operator on both departments)',
          params: idParams,
          body: z.object({ department: enums.department.input() }),
          response: { 200: schemas.changed, ...errors },
        },
      },
      async (request) => {
        const report = await act(request, request.params.id, 'operator', async (tx, staffId, before) => {
          const after = await assignDepartment(tx, catalog, {
            reportId: before.id,
            department: request.body.department,
            staffId,
          });
          // Handing a report to a department one has no role on is allowed only to staff of both.
          await reportForRole(tx, request, after.id, 'operator');
          await audit(tx, request, {
            action: 'report.department',
            resourceType: 'report',
            personalData: true,
            resourceId: after.id,
            details: { from: before.department, to: after.department },
          });
          return after;
        });
        return { report: await staffViewOf(pool, report) };
      },
    );

    fastify.post(
      '/admin/reports/:id/merge',
      {
        schema: {
          tags,
          summary: 'Marks the report a duplicate of another; its residents follow the original',
          params: idParams,
          body: z.object({ originalId: z.string().regex(/^\d{1,18}$/, 'must be a report id'), reason }),
          response: { 200: schemas.notified, ...errors },
        },
      },
      async (request) => {
        // No pre-lock: mergeDuplicate locks both reports in id order (opposite merges cannot deadlock).
        const result = await act(
          request,
          request.params.id,
          'operator',
          async (tx, staffId) => {
            await reportForRole(tx, request, request.body.originalId, 'viewer');
            const change = await mergeDuplicate(tx, catalog, {
              duplicateId: request.params.id,
              originalId: request.body.originalId,
              reason: request.body.reason ?? null,
              staffId,
            });
            const notified = await notifyStatusChange(tx, catalog, change);
            await audit(tx, request, {
              action: 'report.merge',
              resourceType: 'report',
              personalData: true,
              resourceId: change.report.id,
              details: { into: change.original.number, notified },
            });
            return { report: change.report, notified };
          },
          false,
        );
        if (result.notified > 0) wakeOutbox();
        return { report: await staffViewOf(pool, result.report), notified: result.notified };
      },
    );

    fastify.post(
      '/admin/reports/:id/photos/:key/public',
      {
        schema: {
          tags,
          summary: 'Approves a photo for publication, or withdraws it',
          params: idParams.extend({ key: z.string().refine(isPhotoKey, 'must be a photo key') }),
          body: z.object({ public: z.boolean() }),
          response: { 200: schemas.changed, ...errors },
        },
      },
      async (request) => {
        const report = await act(request, request.params.id, 'operator', async (tx, staffId) => {
          const after = await setPhotoPublic(tx, {
            reportId: request.params.id,
            photoKey: request.params.key,
            public: request.body.public,
            staffId,
          });
          await audit(tx, request, {
            action: 'report.photo.public',
            resourceType: 'report',
            personalData: true,
            resourceId: after.id,
            details: { key: request.params.key, public: request.body.public },
          });
          return after;
        });
        return { report: await staffViewOf(pool, report) };
      },
    );

    for (const published of [true, false]) {
      fastify.post(
        `/admin/reports/:id/${published ? 'publish' : 'unpublish'}`,
        {
          schema: {
            tags,
            summary: published
              ? 'Publishes the reviewed report (Open311, open-data exports): town-level address, point rounded to ~10 m'
              : 'Withdraws the report from every publication',
            params: idParams,
            response: { 200: schemas.changed, ...errors },
          },
        },
        async (request) => {
          const report = await act(request, request.params.id, 'operator', async (tx, staffId) => {
            const after = await setPublished(tx, { reportId: request.params.id, published, staffId });
            await audit(tx, request, {
              action: published ? 'report.publish' : 'report.unpublish',
              resourceType: 'report',
              resourceId: after.id,
            });
            return after;
          });
          return { report: await staffViewOf(pool, report) };
        },
      );
    }

    fastify.post(
      '/admin/reports/:id/exact-location',
      {
        schema: {
          tags,
          summary: 'Approves publishing the exact point (it shows no one’s home), or goes back to ~10 m',
          params: idParams,
          body: z.object({ exact: z.boolean() }),
          response: { 200: schemas.changed, ...errors },
        },
      },
      async (request) => {
        const report = await act(request, request.params.id, 'manager', async (tx, staffId) => {
          const after = await setExactLocationPublic(tx, {
            reportId: request.params.id,
            exact: request.body.exact,
            staffId,
          });
          await audit(tx, request, {
            action: 'report.location',
            resourceType: 'report',
            resourceId: after.id,
            details: { exact: request.body.exact },
          });
          return after;
        });
        return { report: await staffViewOf(pool, report) };
      },
    );

    fastify.post(
      '/admin/reports/:id/hidden',
      {
        schema: {
          tags,
          summary: 'Hides the report from every publication, or shows it again',
          params: idParams,
          body: z.object({ hidden: z.boolean(), reason }),
          response: { 200: schemas.changed, ...errors },
        },
      },
      async (request) => {
        const report = await act(request, request.params.id, 'manager', async (tx, staffId) => {
          const after = await setHidden(tx, {
            reportId: request.params.id,
            hidden: request.body.hidden,
            reason: request.body.reason ?? null,
            staffId,
          });
          await audit(tx, request, {
            action: request.body.hidden ? 'report.hide' : 'report.unhide',
            resourceType: 'report',
            personalData: true,
            resourceId: after.id,
            details: { reason: request.body.reason ?? null },
          });
          return after;
        });
        return { report: await staffViewOf(pool, report) };
      },
    );

    fastify.post(
      '/admin/reports/:id/public-comment',
      {
        schema: {
          tags,
          summary: 'Sets the comment as it may be published (redacted), or null for none',
          params: idParams,
          body: z.object({ publicComment: z.string().max(1000).nullable() }),
          response: { 200: schemas.changed, ...errors },
        },
      },
      async (request) => {
        const report = await act(request, request.params.id, 'manager', async (tx, staffId) => {
          const after = await redactComment(tx, {
            reportId: request.params.id,
            publicComment: request.body.publicComment,
            staffId,
          });
          await audit(tx, request, {
            action: 'report.redact',
            resourceType: 'report',
            resourceId: after.id,
            personalData: true,
          });
          return after;
        });
        return { report: await staffViewOf(pool, report) };
      },
    );
  };
}
