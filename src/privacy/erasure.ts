// A resident's data deleted (consent withdrawn, a child deleted, a retention purge) takes their raw LINE traffic
// with it: in the deleting transaction every finished event of theirs and every finished message to them becomes
// a stub. What is still pending or being sent (the answer to this very tap, a reminder already queued) is left
// to finish; an erasure request makes the retention loop scrub it as soon as it has, then goes.
import type pg from 'pg';
import type { Queryable } from '../db/transact.ts';
import { transact } from '../db/transact.ts';
import { scrubAll } from './scrub-rows.ts';

/** Rows updated per statement: a resident has at most a month of finished traffic, usually a few dozen rows. */
const CHUNK = 500;

/** Requests followed up per transaction by the retention loop. */
const REQUESTS_PER_TRANSACTION = 50;

/**
 * Scrubs these residents' finished events and messages now, in the caller's transaction, and records that
 * their unfinished ones are to be scrubbed once they finish.
 */
export async function eraseRawData(
  tx: Queryable,
  userIds: readonly string[],
  at: Date,
): Promise<{ events: number; messages: number }> {
  const users = [...new Set(userIds)];
  if (users.length === 0) return { events: 0, messages: 0 };
  // The request first: a retention round holding it has scrubbed its rows (skipping locked ones, never waiting)
  // before this waits for it, so the two never wait on each other's rows.
  await tx.query(
    `INSERT INTO raw_data_erasures (user_id, requested_at) SELECT unnest($1::text[]), $2
     ON CONFLICT (user_id) DO UPDATE
       SET requested_at = GREATEST(raw_data_erasures.requested_at, EXCLUDED.requested_at)`,
    [users, at],
  );
  // Local mode's copy of the chat and of the photos sent (empty with a real channel).
  await tx.query('DELETE FROM simulator_transcript WHERE user_id = ANY($1::text[])', [users]);
  await tx.query('DELETE FROM simulator_contents WHERE user_id = ANY($1::text[])', [users]);
  return scrubAll(tx, { users }, { at, limit: CHUNK, skipLocked: false });
}

export interface ErasureFollowUp {
  /** Requests whose residents now have nothing unfinished or unscrubbed: done and deleted. */
  completed: number;
  events: number;
  messages: number;
}

// Done: nothing of the resident's is waiting to be handled or sent, and nothing finished still holds content.
const COMPLETE_DONE = `
  DELETE FROM raw_data_erasures r
   WHERE r.user_id = ANY($1::text[])
     AND NOT EXISTS (SELECT 1 FROM webhook_events w
                      WHERE w.user_id = r.user_id AND w.status IN ('pending', 'processing'))
     AND NOT EXISTS (SELECT 1 FROM webhook_events w
                      WHERE w.user_id = r.user_id AND w.status IN ('done', 'failed') AND w.scrubbed_at IS NULL)
     AND NOT EXISTS (SELECT 1 FROM outbound_messages o
                      WHERE o.to_id = r.user_id AND o.status IN ('pending', 'sending'))
     AND NOT EXISTS (SELECT 1 FROM outbound_messages o
                      WHERE o.to_id = r.user_id AND o.status IN ('sent', 'failed', 'skipped', 'unconfirmed')
                        AND o.scrubbed_at IS NULL)`;

/** Where a round's follow-up has got to: requests are taken in (requested_at, user_id) order, each once a round. */
export interface ErasureCursor {
  requestedAt: Date;
  userId: string;
}

/**
 * One transaction: claims the next requests after `cursor`, scrubs what of theirs has finished, deletes the done
 * ones. Returns where the next call goes on from (none: no request was left).
 */
export async function followUpErasures(
  pool: pg.Pool,
  at: Date,
  cursor: ErasureCursor | null,
): Promise<ErasureFollowUp & { next: ErasureCursor | null }> {
  return transact(pool, async (tx) => {
    const claimed = await tx.query<{ user_id: string; requested_at: Date }>(
      `SELECT user_id, requested_at FROM raw_data_erasures
        WHERE $1::timestamptz IS NULL OR (requested_at, user_id) > ($1::timestamptz, $2::text)
        ORDER BY requested_at, user_id
        LIMIT $3 FOR UPDATE SKIP LOCKED`,
      [cursor?.requestedAt ?? null, cursor?.userId ?? null, REQUESTS_PER_TRANSACTION],
    );
    const users = claimed.rows.map((r) => r.user_id);
    const last = claimed.rows.at(-1);
    if (!last) return { next: null, completed: 0, events: 0, messages: 0 };
    const scrubbed = await scrubAll(tx, { users }, { at, limit: CHUNK, skipLocked: true });
    const completed = await tx.query(COMPLETE_DONE, [users]);
    return {
      next:
        claimed.rows.length < REQUESTS_PER_TRANSACTION
          ? null
          : { requestedAt: last.requested_at, userId: last.user_id },
      completed: completed.rowCount ?? 0,
      ...scrubbed,
    };
  });
}
