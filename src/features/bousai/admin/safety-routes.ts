// Staff routes of disasters and 安否 reports: open and close a disaster (manager, audited; disaster mode may
// open it too), counts per situation and shelter (viewer, no names), and the people who need help as a list
// and as GeoJSON for a map (operator; personal data, every read audited).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { audit, requireRole } from '../../../admin/auth.ts';
import { decodeCursor, idKey, pageOf, pageSchema } from '../../../admin/paging.ts';
import { transact } from '../../../db/transact.ts';
import { conflict, notFound } from '../../../http/http-error.ts';
import { closeDisaster, findDisaster, listDisasters, startDisaster } from '../disasters.ts';
import { countsOf, listHelpRequests } from '../safety/repository.ts';
import {
  countsSchema,
  disasterBody,
  disasterListQuery,
  disasterParams,
  disasterSchema,
  errorSchema,
  helpListQuery,
  helpSchema,
  SCOPE,
} from './schemas.ts';

const MAP_LIMIT = 5000;

export function safetyRoutes(options: { now: () => Date }) {
  return async function routes(app: FastifyInstance): Promise<void> {
    const fastify = app.withTypeProvider<ZodTypeProvider>();
    const pool = fastify.pg.pool;
    const tags = ['bousai'];
    const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema };

    async function disasterOr404(id: string) {
      const disaster = await findDisaster(pool, id);
      if (!disaster) throw notFound(`disaster ${id}`);
      return disaster;
    }

    fastify.get(
      '/admin/bousai/disasters',
      {
        schema: {
          tags,
          summary: 'Disasters, newest first, paged',
          querystring: disasterListQuery,
          response: { 200: pageSchema(disasterSchema), ...errors },
        },
      },
      async (request) => {
        requireRole(request, SCOPE, 'viewer');
        const { limit, cursor } = request.query;
        const rows = await listDisasters(pool, limit + 1, decodeCursor(cursor, z.tuple([idKey]))?.[0]);
        return pageOf(rows, limit, (disaster) => [disaster.id]);
      },
    );

    fastify.post(
      '/admin/bousai/disasters',
      {
        schema: {
          tags,
          summary: 'Opens a disaster: residents see open shelters first and may send 安否 reports',
          body: disasterBody,
          response: { 201: disasterSchema, ...errors, 409: errorSchema },
        },
      },
      async (request, reply) => {
        const staff = requireRole(request, SCOPE, 'manager');
        const disaster = await transact(pool, async (tx) => {
          const opened = await startDisaster(tx, {
            title: request.body.title,
            at: options.now(),
            staffId: staff.id,
          });
          if (!opened) throw conflict('a disaster is open already; close it first');
          await audit(tx, request, {
            action: 'bousai.disaster.open',
            resourceType: 'bousai_disaster',
            resourceId: opened.id,
            details: { title: opened.title },
          });
          return opened;
        });
        return reply.code(201).send(disaster);
      },
    );

    fastify.post(
      '/admin/bousai/disasters/:id/close',
      {
        schema: {
          tags,
          summary: 'Closes the disaster; its 安否 reports are deleted 30 days later',
          params: disasterParams,
          response: { 200: disasterSchema, ...errors, 404: errorSchema, 409: errorSchema },
        },
      },
      async (request) => {
        const staff = requireRole(request, SCOPE, 'manager');
        await disasterOr404(request.params.id);
        return transact(pool, async (tx) => {
          const closed = await closeDisaster(tx, {
            id: request.params.id,
            at: options.now(),
            staffId: staff.id,
          });
          if (!closed) throw conflict(`disaster ${request.params.id} is closed already`);
          await audit(tx, request, {
            action: 'bousai.disaster.close',
            resourceType: 'bousai_disaster',
            resourceId: closed.id,
          });
          return closed;
        });
      },
    );

    fastify.get(
      '/admin/bousai/disasters/:id/counts',
      {
        schema: {
          tags,
          summary: '安否 reports of a disaster counted by situation and by shelter (no names)',
          params: disasterParams,
          response: { 200: countsSchema, ...errors, 404: errorSchema },
        },
      },
      async (request) => {
        requireRole(request, SCOPE, 'viewer');
        const disaster = await disasterOr404(request.params.id);
        return { disaster, ...(await countsOf(pool, disaster.id)) };
      },
    );

    fastify.get(
      '/admin/bousai/disasters/:id/help',
      {
        schema: {
          tags,
          summary: 'People who need help, oldest report first, paged (personal data: audited)',
          params: disasterParams,
          querystring: helpListQuery,
          response: { 200: pageSchema(helpSchema), ...errors, 404: errorSchema },
        },
      },
      async (request) => {
        requireRole(request, SCOPE, 'operator');
        const disaster = await disasterOr404(request.params.id);
        const { limit, cursor } = request.query;
        return transact(pool, async (tx) => {
          const rows = await listHelpRequests(tx, disaster.id, {
            limit: limit + 1,
            afterId: decodeCursor(cursor, z.tuple([idKey]))?.[0],
          });
          const page = pageOf(rows, limit, (row) => [row.id]);
          await audit(tx, request, {
            action: 'bousai.help.list',
            resourceType: 'bousai_disaster',
            resourceId: disaster.id,
            personalData: true,
            details: { reports: page.items.map((row) => row.id) },
          });
          return { items: page.items.map(({ userId: _userId, ...row }) => row), nextCursor: page.nextCursor };
        });
      },
    );

    fastify.get(
      '/admin/bousai/disasters/:id/help.geojson',
      {
        schema: {
          tags,
          summary:
            'People who need help and shared a place, as a GeoJSON FeatureCollection for a map (personal data: audited)',
          params: disasterParams,
          response: {
            200: z.object({
              type: z.literal('FeatureCollection'),
              features: z.array(
                z.object({
                  type: z.literal('Feature'),
                  geometry: z.object({
                    type: z.literal('Point'),
                    coordinates: z.tuple([z.number(), z.number()]),
                  }),
                  properties: helpSchema.omit({ latitude: true, longitude: true }),
                }),
              ),
            }),
            ...errors,
            404: errorSchema,
          },
        },
      },
      async (request, reply) => {
        requireRole(request, SCOPE, 'operator');
        const disaster = await disasterOr404(request.params.id);
        const body = await transact(pool, async (tx) => {
          const rows = await listHelpRequests(tx, disaster.id, { limit: MAP_LIMIT });
          const placed = rows.filter((row) => row.latitude !== null && row.longitude !== null);
          await audit(tx, request, {
            action: 'bousai.help.map',
            resourceType: 'bousai_disaster',
            resourceId: disaster.id,
            personalData: true,
            details: { reports: placed.map((row) => row.id) },
          });
          return {
            type: 'FeatureCollection' as const,
            features: placed.map(({ userId: _userId, latitude, longitude, ...properties }) => ({
              type: 'Feature' as const,
              geometry: {
                type: 'Point' as const,
                coordinates: [longitude ?? 0, latitude ?? 0] as [number, number],
              },
              properties,
            })),
          };
        });
        return reply.type('application/geo+json').send(body);
      },
    );
  };
}
