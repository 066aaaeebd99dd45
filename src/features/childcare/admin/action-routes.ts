// Staff actions on 子育て segment sends, each audited in its own transaction: counting a segment before
// sending (viewer), scheduling a send (operator; wakes the sender) and cancelling one not started yet.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { audit, requireRole } from '../../../admin/auth.ts';
import { cityIso } from '../../../admin/city-time.ts';
import { transact } from '../../../db/transact.ts';
import { badRequest, conflict, notFound } from '../../../http/http-error.ts';
import { nextSendableTime } from '../../../jobs/quiet-hours.ts';
import { cityDate } from '../dates.ts';
import { countSegment } from '../segments/criteria.ts';
import { batchCounts, cancelSend, createSend, findSend, resultsOf } from '../segments/repository.ts';
import type { SegmentCriteria, SegmentTexts } from '../segments/types.ts';
import {
  countSchema,
  createBody,
  createdSchema,
  detailOut,
  detailSchema,
  errorSchema,
  idParams,
  previewBody,
  SCOPE,
} from './schemas.ts';

/** How far in the past a send may be scheduled (a form filled in a little while ago means "now"). */
const PAST_TOLERANCE_MS = 60_000;

function criteriaOf(body: { ageFromMonths: number; ageToMonths: number; district?: string | undefined }) {
  const criteria: SegmentCriteria = {
    ageFromMonths: body.ageFromMonths,
    ageToMonths: body.ageToMonths,
    district: body.district ?? null,
  };
  return criteria;
}

export function actionRoutes(options: { now: () => Date; onScheduled: () => void }) {
  return async function routes(app: FastifyInstance): Promise<void> {
    const fastify = app.withTypeProvider<ZodTypeProvider>();
    const pool = fastify.pg.pool;
    const tags = ['childcare'];
    const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema };

    fastify.post(
      '/admin/childcare/segments/preview',
      {
        schema: {
          tags,
          summary: 'How many parents a segment reaches (and how many blocked the account) before sending',
          body: previewBody,
          response: { 200: countSchema, ...errors },
        },
      },
      async (request) => {
        requireRole(request, SCOPE, 'viewer');
        const criteria = criteriaOf(request.body);
        const day = cityDate(request.body.at ? new Date(request.body.at) : options.now());
        return transact(pool, async (tx) => {
          const count = await countSegment(tx, criteria, day);
          await audit(tx, request, {
            action: 'childcare.segment.preview',
            resourceType: 'childcare_segment',
            details: { ...criteria, day, ...count },
          });
          return count;
        });
      },
    );

    fastify.post(
      '/admin/childcare/segments',
      {
        schema: {
          tags,
          summary: 'Schedules a message to parents of children in an age range (and district)',
          body: createBody,
          response: { 201: createdSchema, ...errors },
        },
      },
      async (request, reply) => {
        requireRole(request, SCOPE, 'operator');
        const now = options.now();
        const requestedAt = request.body.scheduledAt ? new Date(request.body.scheduledAt) : now;
        if (requestedAt.getTime() < now.getTime() - PAST_TOLERANCE_MS) {
          throw badRequest('body.scheduledAt: must not be in the past');
        }
        // Nobody wants a notice from the city at 22:00: outside 08:00–20:00 it waits unless marked urgent.
        const urgent = request.body.urgent;
        const scheduledAt = urgent ? requestedAt : nextSendableTime(requestedAt);
        const deferredForQuietHours = scheduledAt.getTime() !== requestedAt.getTime();
        const criteria = criteriaOf(request.body);
        const texts: SegmentTexts = { ja: request.body.texts.ja };
        if (request.body.texts.en !== undefined) texts.en = request.body.texts.en;
        if (request.body.texts['ja-easy'] !== undefined) texts['ja-easy'] = request.body.texts['ja-easy'];
        const created = await transact(pool, async (tx) => {
          const send = await createSend(tx, {
            ...criteria,
            title: request.body.title,
            texts,
            scheduledAt,
            urgent,
            createdBy: request.staff?.id ?? null,
            createdAt: now,
          });
          // Counted for the day it is to go out; the recipients are fixed again when it starts.
          const preview = await countSegment(tx, criteria, cityDate(scheduledAt));
          await audit(tx, request, {
            action: 'childcare.segment.create',
            resourceType: 'childcare_segment',
            resourceId: send.id,
            details: {
              title: send.title,
              ...criteria,
              scheduledAt: cityIso(send.scheduledAt),
              urgent,
              deferredForQuietHours,
              languages: Object.keys(texts),
              preview,
            },
          });
          return { send, preview };
        });
        options.onScheduled();
        return reply.code(201).send({
          id: created.send.id,
          status: 'scheduled' as const,
          scheduledAt: created.send.scheduledAt,
          deferredForQuietHours,
          preview: created.preview,
        });
      },
    );

    fastify.post(
      '/admin/childcare/segments/:id/cancel',
      {
        schema: {
          tags,
          summary: 'Cancels a send that has not started',
          params: idParams,
          response: { 200: detailSchema, ...errors, 404: errorSchema, 409: errorSchema },
        },
      },
      async (request) => {
        requireRole(request, SCOPE, 'operator');
        const { id } = request.params;
        const send = await transact(pool, async (tx) => {
          const cancelled = await cancelSend(tx, id, options.now());
          if (!cancelled) {
            const existing = await findSend(tx, id);
            if (!existing) throw notFound(`segment send ${id}`);
            throw conflict(
              `segment send ${id} is ${existing.status}: only a scheduled send can be cancelled`,
            );
          }
          await audit(tx, request, {
            action: 'childcare.segment.cancel',
            resourceType: 'childcare_segment',
            resourceId: id,
            details: { title: cancelled.title },
          });
          return cancelled;
        });
        return detailOut(send, await resultsOf(pool, send.id), await batchCounts(pool, send.id));
      },
    );
  };
}
