// Staff switch of disaster mode (scope bousai): the mode and the switch's progress (viewer); switching on or off
// (operator, audited; wakes the switch job), idempotent: asking for the current mode changes nothing.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { audit, requireRole } from '../../../../admin/auth.ts';
import { transact } from '../../../../db/transact.ts';
import { readModeState, requestSwitch } from '../mode/repository.ts';
import type { ModeState } from '../mode/types.ts';
import { errorSchema, modeBody, modeRequestedSchema, modeSchema, SCOPE } from './schemas.ts';

export interface AlertsRouteOptions {
  now: () => Date;
  onSwitchRequested: () => void;
  onAlertCreated: () => void;
}

export function modeOut(state: ModeState) {
  const s = state.latest;
  return {
    mode: state.mode,
    disasterId: state.disasterId,
    changedAt: state.changedAt,
    switch: s
      ? {
          id: s.id,
          target: s.target,
          status: s.status,
          phase: s.phase,
          usersTotal: s.usersTotal,
          usersDone: s.usersDone,
          linkRequests: s.linkRequests,
          source: s.source,
          reason: s.reason,
          requestedAt: s.requestedAt,
          startedAt: s.startedAt,
          finishedAt: s.finishedAt,
          attempts: s.attempts,
          lastError: s.lastError,
        }
      : null,
  };
}

export function modeRoutes(options: AlertsRouteOptions) {
  return async function routes(app: FastifyInstance): Promise<void> {
    const fastify = app.withTypeProvider<ZodTypeProvider>();
    const pool = fastify.pg.pool;
    const tags = ['bousai'];
    const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema };

    fastify.get(
      '/admin/bousai/mode',
      {
        schema: {
          tags,
          summary: 'Disaster mode and the progress of the menu switch (every follower relinked)',
          response: { 200: modeSchema, ...errors },
        },
      },
      async (request) => {
        requireRole(request, SCOPE, 'viewer');
        return modeOut(await readModeState(pool));
      },
    );

    fastify.post(
      '/admin/bousai/mode',
      {
        schema: {
          tags,
          summary: 'Switches every follower to the disaster menu (mode disaster) or back (normal); audited',
          body: modeBody,
          response: { 202: modeRequestedSchema, ...errors },
        },
      },
      async (request, reply) => {
        requireRole(request, SCOPE, 'operator');
        const body = request.body;
        const now = options.now();
        const result = await transact(pool, async (tx) => {
          const requested = await requestSwitch(tx, {
            target: body.mode,
            source: 'staff',
            reason: body.reason,
            requestedBy: request.staff?.id ?? null,
            disasterTitle: body.disasterTitle,
            closeDisaster: body.closeDisaster,
            now,
          });
          await audit(tx, request, {
            action: 'bousai.mode.switch',
            resourceType: 'bousai_mode_switch',
            resourceId: requested.switchId ?? undefined,
            details: {
              mode: body.mode,
              reason: body.reason,
              changed: requested.changed,
              closeDisaster: body.closeDisaster,
            },
          });
          return { requested, state: await readModeState(tx) };
        });
        if (result.requested.changed) options.onSwitchRequested();
        return reply.code(202).send({ ...modeOut(result.state), changed: result.requested.changed });
      },
    );
  };
}
