// The ごみ staff API under /admin/gomi (scope `gomi`): the dataset (summary, CSV export per file, import of
// any files — checked with the others, all or nothing, problems by file/row/column), an area's calendar as
// computed, residents per area, unanswered searches, and 粗大ごみ days, capacities and the ledger (phone
// applications go into the same ledger as LINE ones; lists with names and phones are audited).

import { stringify } from 'csv-stringify/sync';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { audit, requireRole } from '../../../admin/auth.ts';
import { cityDateTime } from '../../../admin/city-time.ts';
import { decodeCursor, idKey, pageOf, pageQuery, pageSchema } from '../../../admin/paging.ts';
import { attemptInSavepoint } from '../../../db/savepoint.ts';
import { transact } from '../../../db/transact.ts';
import { badRequest, conflict, notFound } from '../../../http/http-error.ts';
import {
  applicationNumber,
  type BulkyApplication,
  BulkyDayFullError,
  cancelApplication,
  createApplication,
  dayApplications,
  listDays,
  setDayCapacity,
} from '../bulky/repository.ts';
import { calendar } from '../calendar/collections.ts';
import { addDays, cityDate } from '../calendar/dates.ts';
import { formatProblem, GomiDataError } from '../dataset/errors.ts';
import type { DatasetStore } from '../dataset/store.ts';
import { countByArea } from '../residents.ts';
import {
  applicationSchema,
  datasetSummary,
  date,
  errorSchema,
  exceptionBody,
  fileName,
  importBody,
  importErrorSchema,
  KIND_WORD,
  phoneApplicationBody,
  SCOPE,
} from './schemas.ts';

function applicationOut(a: BulkyApplication): z.output<typeof applicationSchema> {
  return {
    id: a.id,
    number: applicationNumber(a.id),
    channel: a.channel,
    status: a.status,
    name: a.name,
    phone: a.phone,
    address: a.address,
    date: a.date,
    items: a.items,
    fee: a.fee,
    fromLine: a.userId !== null,
    createdAt: a.createdAt,
  };
}

/** The answer's message lists the first problems too (a client showing only the message still shows them). */
function problemText(headline: string, error: GomiDataError): string {
  const shown = error.problems.slice(0, 10).map(formatProblem);
  const more = error.problems.length > 10 ? [`… ${error.problems.length - 10} more`] : [];
  return [`${headline}:`, ...shown, ...more].join(' / ');
}

export function gomiRoutes(options: { store: DatasetStore; now: () => Date }) {
  const { store, now } = options;
  return async function routes(app: FastifyInstance): Promise<void> {
    const fastify = app.withTypeProvider<ZodTypeProvider>();
    const pool = fastify.pg.pool;
    const tags = ['gomi'];
    const errors = { 401: errorSchema, 403: errorSchema };

    fastify.get(
      '/admin/gomi/dataset',
      { schema: { tags, summary: 'The ごみ data in force', response: { 200: datasetSummary, ...errors } } },
      async (request) => {
        requireRole(request, SCOPE, 'viewer');
        const data = await store.current();
        const { version } = await store.files();
        const { rows } = await pool.query<{ imported_at: Date }>('SELECT imported_at FROM gomi_dataset');
        return {
          version,
          importedAt: rows[0]?.imported_at ?? null,
          items: data.items.length,
          categories: data.categories.length,
          areas: data.areas.length,
          exceptions: data.exceptions.length,
        };
      },
    );

    fastify.get(
      '/admin/gomi/names',
      {
        schema: {
          tags,
          summary: 'The areas and categories in force (ids and Japanese names), for choosing in forms',
          response: {
            200: z.object({
              areas: z.array(z.object({ id: z.string(), name: z.string() })),
              categories: z.array(z.object({ id: z.string(), name: z.string() })),
            }),
            ...errors,
          },
        },
      },
      async (request) => {
        requireRole(request, SCOPE, 'viewer');
        const data = await store.current();
        return {
          areas: data.areas.map((a) => ({ id: a.id, name: a.name.ja })),
          categories: data.categories.map((c) => ({ id: c.id, name: c.name.ja })),
        };
      },
    );

    fastify.get(
      '/admin/gomi/dataset/:file',
      {
        schema: {
          tags,
          summary: 'One data file as CSV (the export staff edit and import again)',
          params: z.object({ file: fileName }),
          response: { 200: z.string(), ...errors, 400: errorSchema },
        },
      },
      async (request, reply) => {
        requireRole(request, SCOPE, 'viewer');
        const { files } = await store.files();
        reply.header('content-type', 'text/csv; charset=utf-8');
        reply.header('content-disposition', `attachment; filename="${request.params.file}"`);
        return files[request.params.file];
      },
    );

    fastify.post(
      '/admin/gomi/import',
      {
        bodyLimit: 20 * 1024 * 1024,
        schema: {
          tags,
          summary: 'Import data files: checked with those in force; any problem imports nothing',
          body: importBody,
          response: { 200: datasetSummary, 422: importErrorSchema, ...errors, 400: errorSchema },
        },
      },
      async (request, reply) => {
        const staff = requireRole(request, SCOPE, 'manager');
        try {
          const { version, dataset } = await store.import(request.body.files, Number(staff.id));
          await audit(pool, request, {
            action: 'gomi.import',
            resourceType: 'gomi_dataset',
            resourceId: String(version),
            personalData: false,
            details: { files: Object.keys(request.body.files) },
          });
          return {
            version,
            importedAt: now(),
            items: dataset.items.length,
            categories: dataset.categories.length,
            areas: dataset.areas.length,
            exceptions: dataset.exceptions.length,
          };
        } catch (error) {
          if (!(error instanceof GomiDataError)) throw error;
          return reply
            .code(422)
            .send({ error: problemText('nothing was imported', error), problems: error.problems });
        }
      },
    );

    fastify.post(
      '/admin/gomi/exceptions',
      {
        schema: {
          tags,
          summary:
            'Add one calendar exception (a 年末年始 day off, an extra day, a moved day) to exceptions.csv',
          body: exceptionBody,
          response: { 200: datasetSummary, 422: importErrorSchema, ...errors, 400: errorSchema },
        },
      },
      async (request, reply) => {
        const staff = requireRole(request, SCOPE, 'manager');
        const body = request.body;
        const { files } = await store.files();
        const row = stringify([
          [
            body.date,
            body.areas.join(' ') || '*',
            body.categories.join(' ') || '*',
            KIND_WORD[body.kind],
            body.to ?? '',
            body.reason,
          ],
        ]);
        const exceptions = `${files['exceptions.csv'].trimEnd()}\n${row}`;
        try {
          const { version, dataset } = await store.import({ 'exceptions.csv': exceptions }, Number(staff.id));
          await audit(pool, request, {
            action: 'gomi.exception.add',
            resourceType: 'gomi_dataset',
            resourceId: String(version),
            personalData: false,
            details: { ...body },
          });
          return {
            version,
            importedAt: now(),
            items: dataset.items.length,
            categories: dataset.categories.length,
            areas: dataset.areas.length,
            exceptions: dataset.exceptions.length,
          };
        } catch (error) {
          if (!(error instanceof GomiDataError)) throw error;
          return reply.code(422).send({
            error: problemText('the exception was not added', error),
            problems: error.problems,
          });
        }
      },
    );

    fastify.get(
      '/admin/gomi/calendar',
      {
        schema: {
          tags,
          summary: "An area's collection days as residents see them (rules, holidays and exceptions applied)",
          querystring: z.object({
            area: z.string().max(40),
            from: date.optional(),
            days: z.coerce.number().int().min(1).max(92).default(14),
          }),
          response: {
            200: z.object({
              area: z.string(),
              days: z.array(z.object({ date, categories: z.array(z.string()) })),
            }),
            ...errors,
            404: errorSchema,
          },
        },
      },
      async (request) => {
        requireRole(request, SCOPE, 'viewer');
        const data = await store.current();
        const { area, from, days } = request.query;
        if (!data.areas.some((a) => a.id === area)) throw notFound(`area ${area}`);
        return { area, days: calendar(data, area, from ?? cityDate(now()), days) };
      },
    );

    fastify.get(
      '/admin/gomi/residents',
      {
        schema: {
          tags,
          summary: 'Residents who chose each area, and how many of them get reminders',
          response: {
            200: z.object({
              items: z.array(z.object({ areaId: z.string(), residents: z.number(), reminders: z.number() })),
            }),
            ...errors,
          },
        },
      },
      async (request) => {
        requireRole(request, SCOPE, 'viewer');
        return { items: await countByArea(pool) };
      },
    );

    fastify.get(
      '/admin/gomi/unanswered',
      {
        schema: {
          tags,
          summary: 'Item searches that found nothing, most asked first (add synonyms for them)',
          querystring: z.object(pageQuery(50, 200)),
          response: {
            200: pageSchema(z.object({ query: z.string(), count: z.number(), lastAt: cityDateTime })),
            ...errors,
            400: errorSchema,
          },
        },
      },
      async (request) => {
        requireRole(request, SCOPE, 'viewer');
        const { limit, cursor } = request.query;
        const after = decodeCursor(cursor, z.tuple([z.number(), z.string()]));
        const { rows } = await pool.query<{ query: string; count: number; last_at: Date }>(
          `SELECT query, count, last_at FROM gomi_unanswered_searches
            WHERE $1::int IS NULL OR (count, query) < ($1, $2)
            ORDER BY count DESC, query DESC LIMIT $3`,
          [after?.[0] ?? null, after?.[1] ?? null, limit + 1],
        );
        const page = pageOf(rows, limit, (r) => [r.count, r.query]);
        return {
          items: page.items.map((r) => ({ query: r.query, count: r.count, lastAt: r.last_at })),
          nextCursor: page.nextCursor,
        };
      },
    );

    fastify.get(
      '/admin/gomi/bulky/days',
      {
        schema: {
          tags,
          summary: '粗大ごみ days with their capacity and bookings',
          querystring: z.object({ from: date.optional(), to: date.optional() }),
          response: {
            200: z.object({
              items: z.array(z.object({ date, capacity: z.number(), booked: z.number() })),
              nextCursor: z.null(),
            }),
            ...errors,
            400: errorSchema,
          },
        },
      },
      async (request) => {
        requireRole(request, SCOPE, 'viewer');
        const from = request.query.from ?? cityDate(now());
        const to = request.query.to ?? addDays(from, 62);
        if (to < from) throw badRequest('querystring.to: must not be before from');
        if (addDays(from, 366) < to) throw badRequest('querystring.to: at most a year after from');
        return { items: await listDays(pool, from, to), nextCursor: null };
      },
    );

    fastify.put(
      '/admin/gomi/bulky/days/:date',
      {
        schema: {
          tags,
          summary: 'Open a 粗大ごみ day or change its capacity (0 closes it to new bookings)',
          params: z.object({ date }),
          body: z.object({ capacity: z.number().int().min(0).max(10000) }),
          response: {
            200: z.object({ date, capacity: z.number() }),
            ...errors,
            400: errorSchema,
            409: errorSchema,
          },
        },
      },
      async (request) => {
        requireRole(request, SCOPE, 'operator');
        const { date: day } = request.params;
        const ok = await setDayCapacity(pool, day, request.body.capacity);
        if (!ok) throw conflict(`more applications are booked on ${day} than ${request.body.capacity}`);
        await audit(pool, request, {
          action: 'gomi.bulky.capacity',
          resourceType: 'gomi_bulky_day',
          resourceId: day,
          personalData: false,
          details: { capacity: request.body.capacity },
        });
        return { date: day, capacity: request.body.capacity };
      },
    );

    fastify.get(
      '/admin/gomi/bulky/days/:date/applications',
      {
        schema: {
          tags,
          summary: "The day's 粗大ごみ applications (LINE and phone), paged",
          params: z.object({ date }),
          querystring: z.object(pageQuery(100, 500)),
          response: { 200: pageSchema(applicationSchema), ...errors, 400: errorSchema },
        },
      },
      async (request) => {
        requireRole(request, SCOPE, 'viewer');
        const { limit, cursor } = request.query;
        const after = decodeCursor(cursor, z.tuple([idKey]));
        const rows = await dayApplications(pool, request.params.date, after?.[0] ?? null, limit + 1);
        const page = pageOf(rows, limit, (a) => [a.id]);
        await audit(pool, request, {
          action: 'gomi.bulky.day.read',
          resourceType: 'gomi_bulky_day',
          resourceId: request.params.date,
          personalData: true,
          details: { shown: page.items.map((a) => applicationNumber(a.id)) },
        });
        return { items: page.items.map(applicationOut), nextCursor: page.nextCursor };
      },
    );

    fastify.post(
      '/admin/gomi/bulky/applications',
      {
        schema: {
          tags,
          summary: 'Enter a phone application into the ledger (the day’s capacity applies as for LINE)',
          body: phoneApplicationBody,
          response: { 201: applicationSchema, ...errors, 400: errorSchema, 409: errorSchema },
        },
      },
      async (request, reply) => {
        const staff = requireRole(request, SCOPE, 'operator');
        const data = await store.current();
        const body = request.body;
        const items = body.items.map(({ id, count }) => {
          const item = data.items.find((i) => i.id === id && i.category === 'bulky');
          if (!item) throw badRequest(`body.items: ${id} is not a 粗大ごみ item`);
          return { id, name: item.name, fee: item.fee ?? 0, count };
        });
        const result = await transact(pool, async (tx) => {
          const attempt = await attemptInSavepoint(tx, BulkyDayFullError, () =>
            createApplication(tx, {
              userId: null,
              channel: 'phone',
              name: body.name,
              phone: body.phone,
              address: body.address,
              date: body.date,
              items,
              createdBy: staff.id,
            }),
          );
          if (!attempt.ok) return null;
          await audit(tx, request, {
            action: 'gomi.bulky.create',
            resourceType: 'gomi_bulky_application',
            resourceId: attempt.value.id,
            personalData: true,
          });
          return attempt.value;
        });
        if (!result) throw conflict(`${body.date} is full or not a 粗大ごみ day`);
        return reply.code(201).send(applicationOut(result));
      },
    );

    fastify.post(
      '/admin/gomi/bulky/applications/:id/cancel',
      {
        schema: {
          tags,
          summary: 'Cancel an application (its place on the day is freed)',
          params: z.object({ id: idKey }),
          response: { 200: applicationSchema, ...errors, 404: errorSchema },
        },
      },
      async (request) => {
        requireRole(request, SCOPE, 'operator');
        const cancelled = await transact(pool, async (tx) => {
          const a = await cancelApplication(tx, request.params.id, null);
          if (a) {
            await audit(tx, request, {
              action: 'gomi.bulky.cancel',
              resourceType: 'gomi_bulky_application',
              resourceId: a.id,
              personalData: true,
            });
          }
          return a;
        });
        if (!cancelled) throw notFound(`booked application ${request.params.id}`);
        return applicationOut(cancelled);
      },
    );
  };
}
