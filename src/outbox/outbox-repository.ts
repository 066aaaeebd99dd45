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

/** Adds a message already leased to the caller, who sends it right after the transaction commits. */
export async function enqueueLeased(
  tx: Queryable,
  input: {
    toId: string;
    replyToken: string | null;
    messages: messagingApi.Message[];
    sourceEventId: string | null;
  },
  leaseSeconds: number,
): Promise<OutboundMessage> {
  const result = await tx.query<OutboundDbRow>(
    `INSERT INTO outbound_messages (to_id, reply_token, messages, retry_key, source_event_id, status, attempts, lease_until)
     VALUES ($1, $2, $3, $4, $5, 'sending', 1, now() + make_interval(secs => $6))
     RETURNING ${COLUMNS}`,
    [
      input.toId,
      input.replyToken,
      JSON.stringify(input.messages),
      randomUUID(),
      input.sourceEventId,
      leaseSeconds,
    ],
  );
  return toOutbound(result.rows[0] as OutboundDbRow);
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

export async function markSent(db: Queryable, id: string, via: 'reply' | 'push'): Promise<void> {
  await db.query(
    `UPDATE outbound_messages SET status = 'sent', via = $2, sent_at = now(), lease_until = NULL, last_error = NULL
      WHERE id = $1`,
    [id, via],
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
