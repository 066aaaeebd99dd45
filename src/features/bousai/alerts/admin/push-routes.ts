// Staff 避難情報 pushes (scope bousai): the templates (every language) and districts, the count before sending
// (viewer), sending (operator, audited, once per requestKey; wakes the sender), the list and one push's results.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { audit, requireRole } from '../../../../admin/auth.ts';
import { decodeCursor, idKey, pageOf, pageSchema } from '../../../../admin/paging.ts';
import type { Queryable } from '../../../../db/transact.ts';
import { transact } from '../../../../db/transact.ts';
import { notFound } from '../../../../http/http-error.ts';
import { DISTRICTS } from '../../../childcare/districts.ts';
import { countAudience } from '../push/audience.ts';
import { alertBatchCounts } from '../push/batches.ts';
import {
  type AlertSend,
  alertResults,
  createAlertSend,
  findAlertSend,
  listAlertSends,
} from '../push/repository.ts';
import { ALERT_TEMPLATES, renderAlertTexts, templateName } from '../push/templates.ts';
import type { AlertsRouteOptions } from './mode-routes.ts';
import {
  alertSchema,
  countSchema,
  createBody,
  createdSchema,
  errorSchema,
  idParams,
  listQuery,
  previewBody,
  SCOPE,
  templatesSchema,
} from './schemas.ts';

async function alertOut(db: Queryable, send: AlertSend) {
  return {
    id: send.id,
    template: send.template,
    districts: send.districts,
    texts: send.texts,
    status: send.status,
    createdAt: send.createdAt,
    startedAt: send.startedAt,
    finishedAt: send.finishedAt,
    results: await alertResults(db, send.id),
    batches: await alertBatchCounts(db, send.id),
  };
}

export function pushRoutes(options: AlertsRouteOptions) {
  return async function routes(app: FastifyInstance): Promise<void> {
    const fastify = app.withTypeProvider<ZodTypeProvider>();
    const pool = fastify.pg.pool;
    const tags = ['bousai'];
    const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema };

    fastify.get(
      '/admin/bousai/alerts/templates',
      {
        schema: {
          tags,
          summary:
            '避難情報 templates with their text in every language (for the whole city), and the districts',
          response: { 200: templatesSchema, ...errors },
        },
      },
      async (request) => {
        requireRole(request, SCOPE, 'viewer');
        const now = options.now();
        return {
          templates: ALERT_TEMPLATES.map((id) => ({
            id,
            name: templateName(id, 'ja'),
            example: renderAlertTexts(id, null, now),
          })),
          districts: DISTRICTS.map((d) => ({ id: d.id, name: d.ja })),
        };
      },
    );

    fastify.post(
      '/admin/bousai/alerts/preview',
      {
        schema: {
          tags,
          summary:
            'How many followers a 避難情報 push reaches (and how many blocked the account), before sending',
          body: previewBody,
          response: { 200: countSchema, ...errors },
        },
      },
      async (request) => {
        requireRole(request, SCOPE, 'viewer');
        return countAudience(pool, request.body.districts ?? null);
      },
    );

    fastify.post(
      '/admin/bousai/alerts',
      {
        schema: {
          tags,
          summary: 'Sends a 避難情報 template to every follower or to districts, at once (any hour); audited',
          body: createBody,
          response: { 200: createdSchema, 201: createdSchema, ...errors },
        },
      },
      async (request, reply) => {
        requireRole(request, SCOPE, 'operator');
        const now = options.now();
        const districts = request.body.districts ? [...new Set(request.body.districts)].sort() : null;
        const result = await transact(pool, async (tx) => {
          const preview = await countAudience(tx, districts);
          const { send, created } = await createAlertSend(tx, {
            requestKey: request.body.requestKey,
            template: request.body.template,
            districts,
            texts: renderAlertTexts(request.body.template, districts, now),
            createdBy: request.staff?.id ?? null,
            now,
          });
          if (created) {
            await audit(tx, request, {
              action: 'bousai.alert.send',
              resourceType: 'bousai_alert',
              resourceId: send.id,
              details: { template: send.template, districts, preview },
            });
          }
          return { send, created, preview, out: await alertOut(tx, send) };
        });
        if (result.created) options.onAlertCreated();
        return reply
          .code(result.created ? 201 : 200)
          .send({ ...result.out, created: result.created, preview: result.preview });
      },
    );

    fastify.get(
      '/admin/bousai/alerts',
      {
        schema: {
          tags,
          summary: '避難情報 pushes, newest first, with their results, paged',
          querystring: listQuery,
          response: { 200: pageSchema(alertSchema), ...errors },
        },
      },
      async (request) => {
        requireRole(request, SCOPE, 'viewer');
        const { limit, cursor } = request.query;
        const after = decodeCursor(cursor, z.tuple([idKey]));
        const sends = await listAlertSends(pool, { limit: limit + 1, afterId: after?.[0] });
        const page = pageOf(sends, limit, (send) => [send.id]);
        const items = [];
        for (const send of page.items) items.push(await alertOut(pool, send));
        return { items, nextCursor: page.nextCursor };
      },
    );

    fastify.get(
      '/admin/bousai/alerts/:id',
      {
        schema: {
          tags,
          summary: 'One 避難情報 push with its results',
          params: idParams,
          response: { 200: alertSchema, ...errors, 404: errorSchema },
        },
      },
      async (request) => {
        requireRole(request, SCOPE, 'viewer');
        const send = await findAlertSend(pool, request.params.id);
        if (!send) throw notFound('alert');
        return alertOut(pool, send);
      },
    );
  };
}
