// Staff reads of 子育て segment sends (viewer): the districts to target, the list and one send with its
// delivery results. Counts only: no parent's LINE id and nothing about children leaves these routes.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole } from '../../../admin/auth.ts';
import { decodeCursor, idKey, pageOf, pageSchema } from '../../../admin/paging.ts';
import { notFound } from '../../../http/http-error.ts';
import { DISTRICTS } from '../districts.ts';
import { batchCounts, findSend, listSends, resultsOf } from '../segments/repository.ts';
import {
  detailOut,
  detailSchema,
  errorSchema,
  idParams,
  listQuery,
  SCOPE,
  summaryOut,
  summarySchema,
} from './schemas.ts';

export async function readRoutes(app: FastifyInstance): Promise<void> {
  const fastify = app.withTypeProvider<ZodTypeProvider>();
  const pool = fastify.pg.pool;
  const tags = ['childcare'];
  const errors = { 401: errorSchema, 403: errorSchema };

  fastify.get(
    '/admin/childcare/districts',
    {
      schema: {
        tags,
        summary: 'The districts a segment may target',
        response: {
          200: z.object({ districts: z.array(z.object({ id: z.string(), name: z.string() })) }),
          ...errors,
        },
      },
    },
    async (request) => {
      requireRole(request, SCOPE, 'viewer');
      return { districts: DISTRICTS.map((d) => ({ id: d.id, name: d.ja })) };
    },
  );

  fastify.get(
    '/admin/childcare/segments',
    {
      schema: {
        tags,
        summary: 'Segment sends, newest first, with their results, paged',
        querystring: listQuery,
        response: { 200: pageSchema(summarySchema), ...errors, 400: errorSchema },
      },
    },
    async (request) => {
      requireRole(request, SCOPE, 'viewer');
      const { status, limit, cursor } = request.query;
      const sends = await listSends(pool, {
        limit: limit + 1,
        afterId: decodeCursor(cursor, z.tuple([idKey]))?.[0],
        statuses: status,
      });
      return pageOf(
        sends.map(({ send, results }) => summaryOut(send, results)),
        limit,
        (send) => [send.id],
      );
    },
  );

  fastify.get(
    '/admin/childcare/segments/:id',
    {
      schema: {
        tags,
        summary: 'One segment send: its texts, recipients by status and batches by status',
        params: idParams,
        response: { 200: detailSchema, ...errors, 404: errorSchema },
      },
    },
    async (request) => {
      requireRole(request, SCOPE, 'viewer');
      const send = await findSend(pool, request.params.id);
      if (!send) throw notFound(`segment send ${request.params.id}`);
      return detailOut(send, await resultsOf(pool, send.id), await batchCounts(pool, send.id));
    },
  );
}
