// Replaces the content of finished raw rows with their stubs (src/privacy/stubs.ts), one bounded chunk at a time,
// in the caller's transaction: the rows of some residents, or every row older than a moment. Pending and
// in-flight rows are never touched: the event is about to be handled, the message about to be sent.
import type { Queryable } from '../db/transact.ts';
import { eventStub, messagesStub, SCRUBBED_ERROR } from './stubs.ts';

/** Whose rows, or which: the rows of these LINE users (to whom a message went), or every row older than `before`. */
export type ScrubTarget = { users: readonly string[] } | { before: Date };

export interface ScrubChunk {
  at: Date;
  limit: number;
  /**
   * Skip rows another transaction holds (the periodic job: never wait on a resident's transaction; the rows
   * are due again next round). Without it, wait (a resident's deletion scrubs every row before it commits).
   */
  skipLocked: boolean;
}

const targetParam = (target: ScrubTarget) => ('users' in target ? [...target.users] : target.before);

// The partial indexes of migration 0012 match these predicates word for word (status lists and scrubbed_at).
const EVENT_TARGET = (target: ScrubTarget) =>
  'users' in target ? 'user_id = ANY($1::text[])' : 'received_at < $1';
const MESSAGE_TARGET = (target: ScrubTarget) =>
  'users' in target ? 'to_id = ANY($1::text[])' : 'created_at < $1';

/** Scrubs up to `limit` finished events; returns how many (fewer than `limit`: none left). */
export async function scrubEventChunk(
  db: Queryable,
  target: ScrubTarget,
  chunk: ScrubChunk,
): Promise<number> {
  const rows = await db.query<{ event_id: string; payload: unknown }>(
    `SELECT event_id, payload FROM webhook_events
      WHERE status IN ('done', 'failed') AND scrubbed_at IS NULL AND ${EVENT_TARGET(target)}
      ORDER BY received_at LIMIT $2
      FOR UPDATE ${chunk.skipLocked ? 'SKIP LOCKED' : ''}`,
    [targetParam(target), chunk.limit],
  );
  if (rows.rows.length === 0) return 0;
  await db.query(
    `UPDATE webhook_events w
        SET payload = s.payload, scrubbed_at = $3,
            last_error = CASE WHEN w.last_error IS NULL THEN NULL ELSE $4 END
       FROM unnest($1::text[], $2::jsonb[]) AS s(event_id, payload)
      WHERE w.event_id = s.event_id`,
    [
      rows.rows.map((r) => r.event_id),
      rows.rows.map((r) => JSON.stringify(eventStub(r.payload))),
      chunk.at,
      SCRUBBED_ERROR,
    ],
  );
  return rows.rows.length;
}

/** Scrubs up to `limit` finished outgoing messages (sent, failed, skipped, unconfirmed); returns how many. */
export async function scrubMessageChunk(
  db: Queryable,
  target: ScrubTarget,
  chunk: ScrubChunk,
): Promise<number> {
  const rows = await db.query<{ id: string; messages: unknown }>(
    `SELECT id, messages FROM outbound_messages
      WHERE status IN ('sent', 'failed', 'skipped', 'unconfirmed') AND scrubbed_at IS NULL AND ${MESSAGE_TARGET(target)}
      ORDER BY created_at LIMIT $2
      FOR UPDATE ${chunk.skipLocked ? 'SKIP LOCKED' : ''}`,
    [targetParam(target), chunk.limit],
  );
  if (rows.rows.length === 0) return 0;
  // The reply token is spent (or stale) by now; it goes with the content.
  await db.query(
    `UPDATE outbound_messages o
        SET messages = s.messages, scrubbed_at = $3, reply_token = NULL,
            last_error = CASE WHEN o.last_error IS NULL THEN NULL ELSE $4 END
       FROM unnest($1::bigint[], $2::jsonb[]) AS s(id, messages)
      WHERE o.id = s.id`,
    [
      rows.rows.map((r) => String(r.id)),
      rows.rows.map((r) => JSON.stringify(messagesStub(r.messages))),
      chunk.at,
      SCRUBBED_ERROR,
    ],
  );
  return rows.rows.length;
}

/** Scrubs every matching event and message, chunk after chunk, in the caller's transaction. */
export async function scrubAll(
  db: Queryable,
  target: ScrubTarget,
  chunk: ScrubChunk,
): Promise<{ events: number; messages: number }> {
  const total = { events: 0, messages: 0 };
  for (;;) {
    const n = await scrubEventChunk(db, target, chunk);
    total.events += n;
    if (n < chunk.limit) break;
  }
  for (;;) {
    const n = await scrubMessageChunk(db, target, chunk);
    total.messages += n;
    if (n < chunk.limit) break;
  }
  return total;
}
