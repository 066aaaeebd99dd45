// A rate limit shared by every instance through PostgreSQL: each request takes a slot in the current second of
// the database's clock (one clock for all instances), by an upsert that refuses once the second is full; a
// caller refused waits for the next second. Per-instance smoothing stays with a TokenBucket in front of it.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Queryable } from '../db/transact.ts';

// The slot is taken only while the second's count is under the limit; the answer also says how long until the
// next second begins, so a refused caller sleeps just that long.
const TAKE = `
  WITH now AS (SELECT extract(epoch FROM clock_timestamp()) AS epoch)
  INSERT INTO rate_limit_slots AS s (name, second, used)
  SELECT $1, floor(epoch)::bigint, 1 FROM now
  ON CONFLICT (name, second) DO UPDATE SET used = s.used + 1 WHERE s.used < $2
  RETURNING used`;
const MS_TO_NEXT_SECOND = `SELECT (1000 - (extract(milliseconds FROM clock_timestamp())::numeric % 1000))::int AS ms`;

export interface SharedRateLimit {
  /** Resolves when a slot of the current second was taken. */
  take(): Promise<void>;
  /** Deletes the slots of seconds long past (called now and then). */
  prune(): Promise<void>;
}

export function sharedRateLimit(db: Queryable, name: string, perSecond: number): SharedRateLimit {
  if (!(perSecond >= 1)) throw new RangeError('perSecond must be at least 1');
  return {
    async take() {
      for (;;) {
        const taken = await db.query(TAKE, [name, perSecond]);
        if ((taken.rowCount ?? 0) > 0) return;
        const { rows } = await db.query<{ ms: number }>(MS_TO_NEXT_SECOND);
        await sleep(Math.max(1, Number(rows[0]?.ms ?? 10)));
      }
    },
    async prune() {
      await db.query(
        `DELETE FROM rate_limit_slots WHERE name = $1 AND second < extract(epoch FROM clock_timestamp()) - 60`,
        [name],
      );
    },
  };
}
