// The outbox: messages written with the change that caused them, leased while sent, retried until delivered.

import { randomUUID } from 'node:crypto';
import type { messagingApi } from '@line/bot-sdk';
import type pg from 'pg';
import type { Queryable } from '../db/transact.ts';
import { transact } from '../db/transact.ts';

export interface OutboundMessage {
  id: string;
  toId: string;
  replyToken: string | null;
  messages: messagingApi.Message[];
  retryKey: string;
  attempts: number;
}

interface OutboundDbRow {
  id: string;
  to_id: string;
  reply_token: string | null;
  messages: messagingApi.Message[];
  retry_key: string;
  attempts: number;
}

function toOutbound(row: OutboundDbRow): OutboundMessage {
  return {
    id: String(row.id),
    toId: row.to_id,
    replyToken: row.reply_token,
    messages: row.messages,
    retryKey: row.retry_key,
    attempts: row.attempts,
  };
}

const COLUMNS = 'id, to_id, reply_token, messages, retry_key, attempts';

export interface NewOutbound {
  toId: string;
  replyToken: string | null;
  messages: messagingApi.Message[];
}

export interface Completion {
  eventId: string;
  owner: string;
  outbound: NewOutbound | null;
  leaseSeconds: number;
}

/**
 * Completes events and queues what each has to say, already leased to the caller (who sends it right after
 * commit), in one statement for the whole batch. An event missing from the result was taken over by another
 * instance (its lease ran out): the caller must not act on it, and rolls back its own transaction if any.
 */
export async function completeEvents(
  db: Queryable,
  items: Completion[],
): Promise<Map<string, OutboundMessage | null>> {
  const result = await db.query<OutboundDbRow & { event_id: string }>(
    `WITH input AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::uuid[], $7::int[])
         AS i(event_id, owner, to_id, reply_token, messages, retry_key, lease_seconds)
     ), done AS (
       UPDATE webhook_events w
          SET status = 'done', handled_at = now(), lease_owner = NULL, lease_until = NULL
         FROM input i
        WHERE w.event_id = i.event_id AND w.lease_owner = i.owner AND w.status = 'processing'
       RETURNING w.event_id
     ), queued AS (
       INSERT INTO outbound_messages
         (to_id, reply_token, messages, retry_key, source_event_id, status, attempts, lease_until)
       SELECT i.to_id, i.reply_token, i.messages, i.retry_key, i.event_id, 'sending', 1,
              now() + make_interval(secs => i.lease_seconds)
         FROM input i JOIN done d ON d.event_id = i.event_id
        WHERE i.to_id IS NOT NULL
       RETURNING ${COLUMNS}, source_event_id
     )
     SELECT d.event_id, q.id, q.to_id, q.reply_token, q.messages, q.retry_key, q.attempts
       FROM done d LEFT JOIN queued q ON q.source_event_id = d.event_id`,
    [
      items.map((i) => i.eventId),
      items.map((i) => i.owner),
      items.map((i) => i.outbound?.toId ?? null),
      items.map((i) => i.outbound?.replyToken ?? null),
      items.map((i) => (i.outbound ? JSON.stringify(i.outbound.messages) : null)),
      items.map(() => randomUUID()),
      items.map((i) => i.leaseSeconds),
    ],
  );
  return new Map(result.rows.map((row) => [row.event_id, row.id === null ? null : toOutbound(row)]));
}

/**
 * Queues a push that is not an answer to an event (a reminder, a staff action's notice), in the caller's
 * transaction; the outbox loop sends it. A stable retry key makes a repeated enqueue of the same notice harmless.
 */
export async function enqueuePush(
  tx: Queryable,
  input: { toId: string; messages: messagingApi.Message[]; retryKey?: string },
): Promise<void> {
  await tx.query(
    `INSERT INTO outbound_messages (to_id, messages, retry_key, status)
     VALUES ($1, $2, $3, 'pending') ON CONFLICT (retry_key) DO NOTHING`,
    [input.toId, JSON.stringify(input.messages), input.retryKey ?? randomUUID()],
  );
}

/** Leases due messages: ones waiting for a retry, and ones whose sender's lease ran out (it crashed). */
export async function claimOutbound(
  pool: pg.Pool,
  limit: number,
  leaseSeconds: number,
): Promise<OutboundMessage[]> {
  return transact(pool, async (tx) => {
    const result = await tx.query<OutboundDbRow>(
      `WITH due AS (
         SELECT id FROM outbound_messages
          WHERE ((status = 'pending' AND available_at <= now()) OR (status = 'sending' AND lease_until < now()))
          ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
       UPDATE outbound_messages o
          SET status = 'sending', attempts = o.attempts + 1, lease_until = now() + make_interval(secs => $2)
         FROM due WHERE o.id = due.id
       RETURNING o.id, o.to_id, o.reply_token, o.messages, o.retry_key, o.attempts`,
      [limit, leaseSeconds],
    );
    return result.rows.map(toOutbound);
  });
}

/** Records deliveries in one statement (called through a group commit: many senders, one round trip). */
export async function markSent(db: Queryable, rows: { id: string; via: 'reply' | 'push' }[]): Promise<void> {
  await db.query(
    `UPDATE outbound_messages o
        SET status = 'sent', via = v.via, sent_at = now(), lease_until = NULL, last_error = NULL
       FROM unnest($1::bigint[], $2::text[]) AS v(id, via)
      WHERE o.id = v.id`,
    [rows.map((r) => r.id), rows.map((r) => r.via)],
  );
}

export async function markSkipped(db: Queryable, id: string, reason: string): Promise<void> {
  await db.query(
    `UPDATE outbound_messages SET status = 'skipped', lease_until = NULL, last_error = $2 WHERE id = $1`,
    [id, reason],
  );
}

/** A failed send waits for a retry (push only: the reply token may be spent), or is given up. */
export async function markFailedAttempt(
  db: Queryable,
  id: string,
  error: string,
  giveUp: boolean,
  retryInSeconds: number,
): Promise<void> {
  await db.query(
    `UPDATE outbound_messages
        SET status = CASE WHEN $3 THEN 'failed' ELSE 'pending' END, last_error = $2, lease_until = NULL,
            reply_token = NULL, available_at = now() + make_interval(secs => $4)
      WHERE id = $1`,
    [id, error.slice(0, 2000), giveUp, retryInSeconds],
  );
}
