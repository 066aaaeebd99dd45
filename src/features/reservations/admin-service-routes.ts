// Schedules: services with their rules and closed days, and their slots made in bulk from a weekly pattern.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { audit, currentStaff } from '../../admin/auth.ts';
import { decodeCursor, pageOf, pageQuery, pageSchema } from '../../admin/paging.ts';
import { allows } from '../../admin/roles.ts';
import { transact } from '../../db/transact.ts';
import { badRequest, conflict, notFound } from '../../http/http-error.ts';
import { cityDayRange, requireServiceRole, serviceScope } from './admin-access.ts';
import {
  dateRange,
  errorResponses,
  serviceBody,
  serviceIdParams,
  serviceOut,
  serviceSchema,
  slotOut,
  slotScheduleBody,
  slotSchema,
  slotsQuery,
} from './admin-schemas.ts';
import { findService, listServices, upsertService } from './service-repository.ts';
import { deleteEmptySlots, expandSchedule, listSlots, upsertSlots } from './slot-repository.ts';

/** More slots than this in one request is almost surely a mistake in the pattern (and one huge statement). */
const MAX_SLOTS_PER_REQUEST = 20_000;

/** The schema already holds end > start and the capacity's range, so a failed CHECK here is booked <= capacity. */
function isSlotCheckViolation(error: unknown): boolean {
  const e = error as { code?: string; table?: string };
  return e.code === '23514' && e.table === 'reservation_slots';
}

export async function serviceRoutes(app: FastifyInstance): Promise<void> {
  const fastify = app.withTypeProvider<ZodTypeProvider>();
  const pool = fastify.pg.pool;
  const tags = ['reservations'];

  fastify.get(
    '/admin/reservations/services',
    {
      schema: {
        tags,
        summary: 'The services the caller may see, by id, paged',
        querystring: z.object(pageQuery(100, 500)),
        response: { 200: pageSchema(serviceSchema), ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const staff = currentStaff(request);
      const { limit, cursor } = request.query;
      const after = decodeCursor(cursor, z.tuple([z.string()]))?.[0];
      // A city has a handful of services: they are filtered by role here, then paged.
      const visible = (await listServices(pool))
        .filter((s) => allows(staff, serviceScope(s.id), 'viewer'))
        .filter((s) => after === undefined || s.id > after);
      return pageOf(visible.slice(0, limit + 1).map(serviceOut), limit, (s) => [s.id]);
    },
  );

  fastify.get(
    '/admin/reservations/services/:id',
    {
      schema: {
        tags,
        params: serviceIdParams,
        response: { 200: serviceSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      requireServiceRole(request, request.params.id, 'viewer');
      const service = await findService(pool, request.params.id);
      if (!service) throw notFound('service');
      return serviceOut(service);
    },
  );

  fastify.put(
    '/admin/reservations/services/:id',
    {
      schema: {
        tags,
        summary: 'Create or replace a service, its rules and its closed days',
        params: serviceIdParams,
        body: serviceBody,
        response: { 200: serviceSchema, 201: serviceSchema, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      requireServiceRole(request, id, 'manager');
      const { created, service } = await transact(pool, async (tx) => {
        const existed = (await findService(tx, id)) !== null;
        const saved = await upsertService(tx, { id, ...request.body });
        await audit(tx, request, {
          action: existed ? 'reservation_service.update' : 'reservation_service.create',
          resourceType: 'reservation_service',
          resourceId: id,
          details: { service: request.body },
        });
        return { created: !existed, service: saved };
      });
      return reply.code(created ? 201 : 200).send(serviceOut(service));
    },
  );

  fastify.post(
    '/admin/reservations/services/:id/slots',
    {
      schema: {
        tags,
        summary: 'Create slots in bulk: every chosen weekday from…to at each time, except skipDates',
        description:
          'A slot that already exists at the same start keeps its bookings and takes the new end and capacity; a capacity below the seats already booked is refused (409).',
        params: serviceIdParams,
        body: slotScheduleBody,
        response: {
          200: z.object({ slots: z.number().describe('slots created or updated') }),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      requireServiceRole(request, id, 'manager');
      const planned = expandSchedule(request.body);
      if (planned.length > MAX_SLOTS_PER_REQUEST) {
        throw badRequest(
          `body.times: the schedule makes ${planned.length} slots; at most ${MAX_SLOTS_PER_REQUEST} per request`,
        );
      }
      const slots = await transact(pool, async (tx) => {
        if (!(await findService(tx, id))) throw notFound('service');
        let count: number;
        try {
          count = await upsertSlots(tx, id, planned, request.body.capacity);
        } catch (error) {
          if (isSlotCheckViolation(error)) {
            throw conflict(
              'body.capacity: some of these slots already have more bookings than that capacity',
            );
          }
          throw error;
        }
        await audit(tx, request, {
          action: 'reservation_slots.upsert',
          resourceType: 'reservation_service',
          resourceId: id,
          details: { schedule: request.body, slots: count },
        });
        return count;
      });
      return { slots };
    },
  );

  fastify.get(
    '/admin/reservations/services/:id/slots',
    {
      schema: {
        tags,
        summary: 'Slots on the city days from…to (inclusive), with seats booked and left, in order, paged',
        params: serviceIdParams,
        querystring: slotsQuery,
        response: { 200: pageSchema(slotSchema), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { from, to, limit, cursor } = request.query;
      requireServiceRole(request, id, 'viewer');
      if (!(await findService(pool, id))) throw notFound('service');
      const { start, end } = cityDayRange(from, to);
      const after = decodeCursor(cursor, z.tuple([z.iso.datetime()]))?.[0];
      const slots = await listSlots(pool, id, start, end, {
        after: after === undefined ? undefined : new Date(after),
        limit: limit + 1,
      });
      return pageOf(slots.map(slotOut), limit, (slot) => [slot.startsAt.toISOString()]);
    },
  );

  fastify.delete(
    '/admin/reservations/services/:id/slots',
    {
      schema: {
        tags,
        summary: 'Delete the slots on the city days from…to that never had a reservation',
        description: 'Slots with reservations (even cancelled ones) are kept: their history stays complete.',
        params: serviceIdParams,
        querystring: dateRange,
        response: { 200: z.object({ deleted: z.number() }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      requireServiceRole(request, id, 'manager');
      const { start, end } = cityDayRange(request.query.from, request.query.to);
      const deleted = await transact(pool, async (tx) => {
        if (!(await findService(tx, id))) throw notFound('service');
        const count = await deleteEmptySlots(tx, id, start, end);
        await audit(tx, request, {
          action: 'reservation_slots.delete',
          resourceType: 'reservation_service',
          resourceId: id,
          details: { ...request.query, deleted: count },
        });
        return count;
      });
      return { deleted };
    },
  );
}
