// JMA rule matches for staff (scope bousai): the list (viewer), and confirming one that awaits (operator,
// audited: enters disaster mode) or dismissing it.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { audit, requireRole } from '../../../../admin/auth.ts';
import { decodeCursor, idKey, pageOf, pageSchema } from '../../../../admin/paging.ts';
import { transact } from '../../../../db/transact.ts';
import { conflict, notFound } from '../../../../http/http-error.ts';
import { decideMatch, findMatch, listMatches } from '../jma/repository.ts';
import { requestSwitch } from '../mode/repository.ts';
import type { AlertsRouteOptions } from './mode-routes.ts';
import { errorSchema, idParams, matchesQuery, matchSchema, SCOPE } from './schemas.ts';

export function jmaRoutes(options: AlertsRouteOptions) {
  return async function routes(app: FastifyInstance): Promise<void> {
    const fastify = app.withTypeProvider<ZodTypeProvider>();
    const pool = fastify.pg.pool;
    const tags = ['bousai'];
    const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema };

    fastify.get(
      '/admin/bousai/jma/matches',
      {
        schema: {
          tags,
          summary:
            'JMA information that matched a disaster-mode rule, newest first (status awaiting: to decide)',
          querystring: matchesQuery,
          response: { 200: pageSchema(matchSchema), ...errors },
        },
      },
      async (request) => {
        requireRole(request, SCOPE, 'viewer');
        const { limit, cursor, status } = request.query;
        const after = decodeCursor(cursor, z.tuple([idKey]));
        const rows = await listMatches(pool, { limit: limit + 1, afterId: after?.[0], statuses: status });
        return pageOf(rows, limit, (m) => [m.id]);
      },
    );

    for (const decision of ['confirm', 'dismiss'] as const) {
      fastify.post(
        `/admin/bousai/jma/matches/:id/${decision}`,
        {
          schema: {
            tags,
            summary:
              decision === 'confirm'
                ? 'Confirms an awaiting match: the account enters disaster mode; audited'
                : 'Dismisses an awaiting match; audited',
            params: idParams,
            response: { 200: matchSchema, ...errors, 404: errorSchema, 409: errorSchema },
          },
        },
        async (request) => {
          requireRole(request, SCOPE, 'operator');
          const now = options.now();
          const { id } = request.params;
          const decided = await transact(pool, async (tx) => {
            const existing = await findMatch(tx, id);
            if (!existing) throw notFound('match');
            let status: 'confirmed' | 'dismissed' | 'already' =
              decision === 'confirm' ? 'confirmed' : 'dismissed';
            if (decision === 'confirm') {
              const requested = await requestSwitch(tx, {
                target: 'disaster',
                source: 'staff',
                reason: `JMA: ${existing.summary}`,
                requestedBy: request.staff?.id ?? null,
                disasterTitle: existing.summary,
                now,
              });
              if (!requested.changed) status = 'already';
            }
            const match = await decideMatch(tx, id, status, request.staff?.id ?? null, now);
            // Rolls the switch back too: the match was decided meanwhile.
            if (!match) throw conflict(`match ${id} is ${existing.status}, not awaiting`);
            await audit(tx, request, {
              action: `bousai.jma.${decision}`,
              resourceType: 'bousai_jma_match',
              resourceId: id,
              details: { rule: match.ruleId, summary: match.summary, status },
            });
            return match;
          });
          if (decided.status === 'confirmed') options.onSwitchRequested();
          return decided;
        },
      );
    }
  };
}
