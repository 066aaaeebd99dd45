// Staff routes of the shelters: the list (viewer), a status change from a phone (operator, audited with the
// previous status) and the import of the national files (manager, one transaction, audited; a bad file is a
// 400 naming each problem's file, row and column).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { audit, requireRole } from '../../../admin/auth.ts';
import { decodeCursor, pageOf, pageSchema } from '../../../admin/paging.ts';
import { transact } from '../../../db/transact.ts';
import { notFound } from '../../../http/http-error.ts';
import { ShelterImportError } from '../shelters/parse.ts';
import { listShelters, setShelterStatus } from '../shelters/repository.ts';
import { parseShelterFiles, writeShelters } from '../shelters/store.ts';
import {
  errorSchema,
  importBody,
  importErrorSchema,
  importResultSchema,
  SCOPE,
  shelterListQuery,
  shelterParams,
  shelterSchema,
  statusBody,
} from './schemas.ts';

export function shelterRoutes(options: { now: () => Date }) {
  return async function routes(app: FastifyInstance): Promise<void> {
    const fastify = app.withTypeProvider<ZodTypeProvider>();
    const pool = fastify.pg.pool;
    const tags = ['bousai'];
    const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema };

    fastify.get(
      '/admin/bousai/shelters',
      {
        schema: {
          tags,
          summary: 'Shelters offered to residents, by 共通ID, with their status, paged',
          querystring: shelterListQuery,
          response: { 200: pageSchema(shelterSchema), ...errors },
        },
      },
      async (request) => {
        requireRole(request, SCOPE, 'viewer');
        const { status, kind, q, limit, cursor } = request.query;
        const rows = await listShelters(
          pool,
          { statuses: status, kind, q },
          { limit: limit + 1, afterId: decodeCursor(cursor, z.tuple([z.string().max(40)]))?.[0] },
        );
        return pageOf(rows, limit, (shelter) => [shelter.id]);
      },
    );

    fastify.put(
      '/admin/bousai/shelters/:id/status',
      {
        schema: {
          tags,
          summary: 'Sets a shelter’s status (未開設, 開設, 混雑, 満, 閉鎖); residents see it at once',
          params: shelterParams,
          body: statusBody,
          response: { 200: shelterSchema, ...errors, 404: errorSchema },
        },
      },
      async (request) => {
        const staff = requireRole(request, SCOPE, 'operator');
        return transact(pool, async (tx) => {
          const changed = await setShelterStatus(tx, {
            id: request.params.id,
            status: request.body.status,
            at: options.now(),
            staffId: staff.id,
          });
          if (!changed) throw notFound(`shelter ${request.params.id}`);
          await audit(tx, request, {
            action: 'bousai.shelter.status',
            resourceType: 'bousai_shelter',
            resourceId: changed.shelter.id,
            details: { from: changed.previous, to: changed.shelter.status, name: changed.shelter.name },
          });
          return changed.shelter;
        });
      },
    );

    fastify.post(
      '/admin/bousai/shelters/import',
      {
        bodyLimit: 64 * 1024 * 1024,
        schema: {
          tags,
          summary:
            'Imports 国土地理院「指定緊急避難場所・指定避難所データ」 files (CSV or GeoJSON): each replaces the ' +
            'shelters of its kind (statuses kept), all in one transaction; a bad file imports nothing',
          body: importBody,
          response: {
            200: importResultSchema,
            400: importErrorSchema.or(errorSchema),
            401: errorSchema,
            403: errorSchema,
          },
        },
      },
      async (request, reply) => {
        requireRole(request, SCOPE, 'manager');
        const files = request.body.files.map((file) => ({
          name: file.name,
          bytes:
            file.content !== undefined
              ? new TextEncoder().encode(file.content)
              : new Uint8Array(Buffer.from(file.contentBase64 ?? '', 'base64')),
        }));
        let rows: ReturnType<typeof parseShelterFiles>;
        try {
          rows = parseShelterFiles(files);
        } catch (error) {
          if (!(error instanceof ShelterImportError)) throw error;
          return reply.code(400).send({ error: error.message, problems: [...error.problems] });
        }
        return transact(pool, async (tx) => {
          const result = await writeShelters(tx, rows, options.now());
          await audit(tx, request, {
            action: 'bousai.shelters.import',
            resourceType: 'bousai_shelter',
            details: { files: files.map((file) => file.name), ...result },
          });
          return result;
        });
      },
    );
  };
}
