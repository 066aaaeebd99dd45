// How long children's data is kept without the parent deleting it — part of what the consent says, so it is
// fixed here beside CONSENT_VERSION rather than configured: changing it means new wording and a new version.
// A child's record goes when the child turns 18 (the registration's upper age); a parent's whole registration
// goes a year after they blocked the account (a parent who comes back within the year finds it intact).

import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import { transact } from '../../db/transact.ts';
import { createPollingLoop, type PollingLoop } from '../../jobs/polling-loop.ts';
import { eraseRawData } from '../../privacy/index.ts';
import { cityDate } from './dates.ts';

export const CHILD_MAX_AGE_YEARS = 18;
export const BLOCKED_RETENTION_DAYS = 365;

export interface PurgeResult {
  /** Children deleted because they turned 18. */
  children: number;
  /** Parents (with their children) deleted a year after blocking the account. */
  parents: number;
}

/**
 * Deletes what the retention rule says is due at `now`, in one transaction, logging each parent purged; the
 * parents concerned lose their raw LINE traffic (which names the children) in the same transaction.
 */
export async function purgeChildcareData(pool: pg.Pool, now: Date): Promise<PurgeResult> {
  return transact(pool, async (tx) => {
    const children = await tx.query<{ user_id: string }>(
      `DELETE FROM childcare_children
        WHERE birth_date + make_interval(years => $2) <= $1::date
        RETURNING user_id`,
      [cityDate(now), CHILD_MAX_AGE_YEARS],
    );
    const parents = await tx.query<{ user_id: string }>(
      `WITH gone AS (
         DELETE FROM childcare_parents p
          USING line_users u
          WHERE u.user_id = p.user_id AND NOT u.followed
            AND u.unfollowed_at <= $1::timestamptz - make_interval(days => $2)
         RETURNING p.user_id, p.consent_version
       )
       INSERT INTO childcare_consent_log (user_id, consent_version, action, at)
       SELECT user_id, consent_version, 'purged', $1 FROM gone
       RETURNING user_id`,
      [now, BLOCKED_RETENTION_DAYS],
    );
    await eraseRawData(
      tx,
      [...children.rows, ...parents.rows].map((row) => row.user_id),
      now,
    );
    return { children: children.rowCount ?? 0, parents: parents.rowCount ?? 0 };
  });
}

export type RetentionLoop = PollingLoop<PurgeResult>;

export function createRetentionLoop(
  services: { pool: pg.Pool; log: FastifyBaseLogger },
  options: { pollMs: number; now?: (() => Date) | undefined },
): RetentionLoop {
  return createPollingLoop({
    name: 'childcare retention purge',
    pollMs: options.pollMs,
    log: services.log,
    now: options.now,
    async round(now) {
      const purged = await purgeChildcareData(services.pool, now);
      if (purged.children + purged.parents > 0) services.log.info({ ...purged }, 'childcare data purged');
      return purged;
    },
  });
}
