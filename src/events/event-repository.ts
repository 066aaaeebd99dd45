// The webhook event inbox: batched durable inserts (deduplicated on webhookEventId), claims with leases, completion.
import type pg from 'pg';
import type { Queryable } from '../db/transact.ts';
import { transact } from '../db/transact.ts';
import { leaseTakeable } from './instances.ts';

export interface NewEventRow {
  eventId: string;
  eventType: string;
  chatId: string | null;
  userId: string | null;
  mode: string;
  isRedelivery: boolean;
  occurredAt: Date;
  destination: string;
  payload: unknown;
}

export interface StoredEvent {
  eventId: string;
  eventType: string;
  chatId: string | null;
  userId: string | null;
  mode: string;
  isRedelivery: boolean;
  occurredAt: Date;
  receivedAt: Date;
  payload: unknown;
  attempts: number;
}

interface EventDbRow {
  event_id: string;
  event_type: string;
  chat_id: string | null;
  user_id: string | null;
  mode: string;
  is_redelivery: boolean;
  occurred_at: Date;
  received_at: Date;
  payload: unknown;
  attempts: number;
}

function toStoredEvent(row: EventDbRow): StoredEvent {
  return {
    eventId: row.event_id,
    eventType: row.event_type,
    chatId: row.chat_id,
    userId: row.user_id,
    mode: row.mode,
    isRedelivery: row.is_redelivery,
    occurredAt: row.occurred_at,
    receivedAt: row.received_at,
    payload: row.payload,
    attempts: row.attempts,
  };
}

/** Stores events in one statement; returns the ids that were new (a redelivered or duplicate id is skipped). */
export async function insertEvents(db: Queryable, rows: NewEventRow[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const result = await db.query<{ event_id: string }>(
    `INSERT INTO webhook_events
       (event_id, event_type, chat_id, user_id, mode, is_redelivery, occurred_at, destination, payload)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[],
                          $7::timestamptz[], $8::text[], $9::jsonb[])
     ON CONFLICT (event_id) DO NOTHING
     RETURNING event_id`,
    [
      rows.map((r) => r.eventId),
      rows.map((r) => r.eventType),
      rows.map((r) => r.chatId),
      rows.map((r) => r.userId),
      rows.map((r) => r.mode),
      rows.map((r) => r.isRedelivery),
      rows.map((r) => r.occurredAt.toISOString()),
      rows.map((r) => r.destination),
      rows.map((r) => JSON.stringify(r.payload)),
    ],
  );
  return new Set(result.rows.map((r) => r.event_id));
}

// Serialises claims across instances so two of them never take events of the same chat at the same time.
const CLAIM_LOCK_KEY = 727_311_903;

/**
 * Events are claimed in two lanes, each by a loop of its own: 'content' (messages whose content is downloaded and
 * re-encoded: slow and CPU-bound, so few at once) and 'messages' (everything else: quick). Without them, a burst
 * of photos held every worker and the next tap of every other resident waited behind all of them.
 */
export type EventLane = 'messages' | 'content';

/** SQL: true when the event row `alias` belongs to the content lane. */
function isContentEvent(alias: string): string {
  return `(${alias}.event_type = 'message' AND ${alias}.payload->'message'->>'type' = 'image')`;
}

function inLane(alias: string, lane: EventLane): string {
  return lane === 'content' ? isContentEvent(alias) : `NOT ${isContentEvent(alias)}`;
}

/**
 * Leases up to `limit` events of `lane` that are due: pending ones, and ones whose holder died (its heartbeat
 * stopped) or whose lease ran out. A chat whose events a live holder is still handling is left alone, and so is
 * an event with an earlier due event of the same chat waiting in the other lane, so each chat's events run in
 * order across lanes. (An event waiting out a retry's backoff does not hold its chat up, as before lanes.)
 */
export async function claimEvents(
  pool: pg.Pool,
  owner: string,
  limit: number,
  leaseSeconds: number,
  lane: EventLane = 'messages',
): Promise<StoredEvent[]> {
  return transact(pool, async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [CLAIM_LOCK_KEY]);
    const result = await tx.query<EventDbRow>(
      `WITH due AS (
         SELECT e.event_id FROM webhook_events e
         WHERE (e.status = 'pending' OR (e.status = 'processing' AND ${leaseTakeable('e', '$1')}))
           AND e.available_at <= now()
           AND ${inLane('e', lane)}
           AND (e.chat_id IS NULL OR NOT EXISTS (
             SELECT 1 FROM webhook_events busy
             WHERE busy.chat_id = e.chat_id AND busy.status = 'processing'
               AND busy.event_id <> e.event_id AND NOT ${leaseTakeable('busy', '$1')}))
           AND (e.chat_id IS NULL OR NOT EXISTS (
             SELECT 1 FROM webhook_events earlier
             WHERE earlier.chat_id = e.chat_id AND earlier.available_at <= now()
               AND (earlier.status = 'pending'
                    OR (earlier.status = 'processing' AND ${leaseTakeable('earlier', '$1')}))
               AND NOT ${inLane('earlier', lane)}
               AND (earlier.occurred_at, earlier.received_at) < (e.occurred_at, e.received_at)))
         ORDER BY e.occurred_at, e.received_at
         LIMIT $2
         FOR UPDATE SKIP LOCKED
       )
       UPDATE webhook_events w
          SET status = 'processing', lease_owner = $1, attempts = w.attempts + 1,
              lease_until = now() + make_interval(secs => $3)
         FROM due WHERE w.event_id = due.event_id
       RETURNING w.event_id, w.event_type, w.chat_id, w.user_id, w.mode, w.is_redelivery, w.occurred_at,
                 w.received_at, w.payload, w.attempts`,
      [owner, limit, leaseSeconds],
    );
    return result.rows.map(toStoredEvent).sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  });
}

export class LeaseLostError extends Error {
  readonly code = 'LEASE_LOST';
}

/** Gives an event back after a failed attempt: retried later with backoff, or set aside as failed. */
export async function releaseFailedEvent(
  db: Queryable,
  eventId: string,
  owner: string,
  error: string,
  giveUp: boolean,
  retryInSeconds: number,
): Promise<void> {
  await db.query(
    `UPDATE webhook_events
        SET status = CASE WHEN $3 THEN 'failed' ELSE 'pending' END, last_error = $4,
            lease_owner = NULL, lease_until = NULL, available_at = now() + make_interval(secs => $5)
      WHERE event_id = $1 AND lease_owner = $2`,
    [eventId, owner, giveUp, error.slice(0, 2000), retryInSeconds],
  );
}
