// The outbox: messages written with the change that caused them, leased while sent, retried until delivered.

import { randomUUID } from 'node:crypto';
import type { messagingApi } from '@line/bot-sdk';
import type pg from 'pg';
import type { Queryable } from '../db/transact.ts';
import { transact } from '../db/transact.ts';
import { leaseTakeable } from '../events/instances.ts';

/** Which platform a message was queued for: real LINE, or the local-mode emulator. Each sends only its own. */
export type ChannelKind = 'line' | 'local';

export interface OutboundMessage {
  id: string;
  toId: string;
  /** Set while a reply is planned or was attempted; null: push only. */
  replyToken: string | null;
  /** The reply token is not used after this (LINE's tokens last about a minute). */
  replyDeadline: Date | null;
  /** A reply was attempted and may have been delivered: settle it by replying again, never by a push. */
  replyUncertain: boolean;
  messages: messagingApi.Message[];
  retryKey: string;
  attempts: number;
}

interface OutboundDbRow {
  id: string;
  to_id: string;
  reply_token: string | null;
  reply_deadline: Date | null;
  reply_uncertain: boolean;
  messages: messagingApi.Message[];
  retry_key: string;
  attempts: number;
}

function toOutbound(row: OutboundDbRow): OutboundMessage {
  return {
    id: String(row.id),
    toId: row.to_id,
    replyToken: row.reply_token,
    replyDeadline: row.reply_deadline,
    replyUncertain: row.reply_uncertain,
    messages: row.messages,
    retryKey: row.retry_key,
    attempts: row.attempts,
  };
}

const COLUMNS = 'id, to_id, reply_token, reply_deadline, reply_uncertain, messages, retry_key, attempts';

export interface NewOutbound {
  toId: string;
  /** Only when the event's token may still be used (fresh, not a redelivery). */
  replyToken: string | null;
  replyDeadline: Date | null;
  messages: messagingApi.Message[];
}

export interface Completion {
  eventId: string;
  owner: string;
  outbound: NewOutbound | null;
  leaseSeconds: number;
  channel: ChannelKind;
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
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::uuid[], $7::int[],
                            $8::timestamptz[], $9::text[])
         AS i(event_id, owner, to_id, reply_token, messages, retry_key, lease_seconds, reply_deadline, channel)
     ), done AS (
       UPDATE webhook_events w
          SET status = 'done', handled_at = now(), lease_owner = NULL, lease_until = NULL
         FROM input i
        WHERE w.event_id = i.event_id AND w.lease_owner = i.owner AND w.status = 'processing'
       RETURNING w.event_id
     ), queued AS (
       INSERT INTO outbound_messages
         (to_id, reply_token, reply_deadline, messages, retry_key, source_event_id, status, attempts,
          lease_owner, lease_until, channel)
       SELECT i.to_id, i.reply_token, i.reply_deadline, i.messages, i.retry_key, i.event_id, 'sending', 1,
              i.owner, now() + make_interval(secs => i.lease_seconds), i.channel
         FROM input i JOIN done d ON d.event_id = i.event_id
        WHERE i.to_id IS NOT NULL
       RETURNING ${COLUMNS}, source_event_id
     )
     SELECT d.event_id, q.id, q.to_id, q.reply_token, q.reply_deadline, q.reply_uncertain, q.messages,
            q.retry_key, q.attempts
       FROM done d LEFT JOIN queued q ON q.source_event_id = d.event_id`,
    [
      items.map((i) => i.eventId),
      items.map((i) => i.owner),
      items.map((i) => i.outbound?.toId ?? null),
      items.map((i) => i.outbound?.replyToken ?? null),
      items.map((i) => (i.outbound ? JSON.stringify(i.outbound.messages) : null)),
      items.map(() => randomUUID()),
      items.map((i) => i.leaseSeconds),
      items.map((i) => i.outbound?.replyDeadline?.toISOString() ?? null),
      items.map((i) => i.channel),
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
    `INSERT INTO outbound_messages (to_id, messages, retry_key, status, channel)
     VALUES ($1, $2, $3, 'pending', ${CURRENT_CHANNEL}) ON CONFLICT (retry_key) DO NOTHING`,
    [input.toId, JSON.stringify(input.messages), input.retryKey ?? randomUUID()],
  );
}

/** The channel this deployment serves, recorded at boot (`recordChannel`); real LINE when never recorded. */
const CURRENT_CHANNEL = `coalesce((SELECT kind FROM outbox_channel), 'line')`;

/** Records at boot which channel this deployment serves, so every queued push is tagged with it. */
export async function recordChannel(db: Queryable, kind: ChannelKind): Promise<void> {
  await db.query(
    `INSERT INTO outbox_channel (kind) VALUES ($1) ON CONFLICT (singleton) DO UPDATE SET kind = EXCLUDED.kind`,
    [kind],
  );
}

/**
 * Leases due messages of this channel: ones waiting for a retry, and ones whose sender died (heartbeat stopped) or
 * whose lease ran out. A taken-over message that had a reply token comes back `replyUncertain`: its sender may have
 * replied just before it died.
 */
export async function claimOutbound(
  pool: pg.Pool,
  input: { owner: string; limit: number; leaseSeconds: number; channel: ChannelKind },
): Promise<OutboundMessage[]> {
  return transact(pool, async (tx) => {
    const result = await tx.query<OutboundDbRow>(
      `WITH due AS (
         SELECT id FROM outbound_messages o
          WHERE o.channel = $4
            AND ((o.status = 'pending' AND o.available_at <= now())
                 OR (o.status = 'sending' AND ${leaseTakeable('o', '$3')}))
          ORDER BY o.id LIMIT $1 FOR UPDATE SKIP LOCKED)
       UPDATE outbound_messages o
          SET reply_uncertain = o.reply_uncertain OR (o.status = 'sending' AND o.reply_token IS NOT NULL),
              status = 'sending', attempts = o.attempts + 1, lease_owner = $3,
              lease_until = now() + make_interval(secs => $2)
         FROM due WHERE o.id = due.id
       RETURNING ${COLUMNS.split(', ')
         .map((column) => `o.${column}`)
         .join(', ')}`,
      [input.limit, input.leaseSeconds, input.owner, input.channel],
    );
    return result.rows.map(toOutbound);
  });
}

export interface SentRecord {
  id: string;
  via: 'reply' | 'push';
  /** Why it counts as sent when LINE did not say so itself (a spent reply token after an uncertain reply). */
  note?: string | undefined;
}

/** Records deliveries in one statement (called through a group commit: many senders, one round trip). */
export async function markSent(db: Queryable, rows: SentRecord[]): Promise<void> {
  await db.query(
    `UPDATE outbound_messages o
        SET status = 'sent', via = v.via, sent_at = now(), lease_until = NULL, lease_owner = NULL,
            last_error = v.note, reply_uncertain = false
       FROM unnest($1::bigint[], $2::text[], $3::text[]) AS v(id, via, note)
      WHERE o.id = v.id`,
    [rows.map((r) => r.id), rows.map((r) => r.via), rows.map((r) => r.note ?? null)],
  );
}

export async function markSkipped(db: Queryable, id: string, reason: string): Promise<void> {
  await db.query(
    `UPDATE outbound_messages SET status = 'skipped', lease_until = NULL, lease_owner = NULL, last_error = $2
      WHERE id = $1`,
    [id, reason],
  );
}

/** A reply that may have been delivered could no longer be checked: it is not sent again (at most once). */
export async function markUnconfirmed(db: Queryable, id: string, reason: string): Promise<void> {
  await db.query(
    `UPDATE outbound_messages SET status = 'unconfirmed', lease_until = NULL, lease_owner = NULL, last_error = $2
      WHERE id = $1`,
    [id, reason],
  );
}

/**
 * A failed send waits for a retry, or is given up. `keepReply`: the reply token is kept (with `replyUncertain`)
 * because an earlier reply may have been delivered, so only another reply may settle it; otherwise the token is
 * dropped and the retry is a push with the message's retry key.
 */
export async function markFailedAttempt(
  db: Queryable,
  input: {
    id: string;
    owner: string;
    error: string;
    giveUp: boolean;
    retryInSeconds: number;
    keepReply: { uncertain: boolean } | null;
  },
): Promise<void> {
  await db.query(
    `UPDATE outbound_messages
        SET status = CASE WHEN $3 THEN 'failed' ELSE 'pending' END, last_error = $2, lease_until = NULL,
            lease_owner = NULL, available_at = now() + make_interval(secs => $4),
            reply_token = CASE WHEN $6 THEN reply_token END,
            reply_uncertain = CASE WHEN $6 THEN reply_uncertain OR $7 ELSE false END
      WHERE id = $1 AND status = 'sending' AND lease_owner = $5`,
    [
      input.id,
      input.error.slice(0, 2000),
      input.giveUp,
      input.retryInSeconds,
      input.owner,
      input.keepReply !== null,
      input.keepReply?.uncertain ?? false,
    ],
  );
}

/**
 * The answer an event's completion queued, if that completion committed although its caller saw an error (the
 * connection broke during COMMIT). Such an answer was never attempted; its lease is renewed for the caller.
 */
export async function findCommittedAnswer(
  db: Queryable,
  input: { eventId: string; owner: string; leaseSeconds: number },
): Promise<OutboundMessage | null> {
  const result = await db.query<OutboundDbRow>(
    `UPDATE outbound_messages SET lease_until = now() + make_interval(secs => $3)
      WHERE source_event_id = $1 AND lease_owner = $2 AND status = 'sending' AND attempts = 1
        AND NOT reply_uncertain
      RETURNING ${COLUMNS}`,
    [input.eventId, input.owner, input.leaseSeconds],
  );
  const row = result.rows[0];
  return row ? toOutbound(row) : null;
}

/**
 * After a crash the embedded database's other holders are all dead: their leases are expired at once, so their
 * events and messages are taken over now (messages with a reply token then come back `replyUncertain`).
 */
export async function expireLeasesOfOthers(db: Queryable, owner: string): Promise<void> {
  await db.query(
    `UPDATE webhook_events SET lease_until = now() - interval '1 second'
      WHERE status = 'processing' AND lease_owner IS DISTINCT FROM $1`,
    [owner],
  );
  await db.query(
    `UPDATE outbound_messages SET lease_until = now() - interval '1 second'
      WHERE status = 'sending' AND lease_owner IS DISTINCT FROM $1`,
    [owner],
  );
}
