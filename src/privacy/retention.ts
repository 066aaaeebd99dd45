// The retention rule for raw LINE traffic, in bounded batches of one transaction each (many instances may run
// it: rows are claimed with SKIP LOCKED): finished rows older than the retention lose their content to a stub,
// and stubs older than STUB_RETENTION_DAYS are deleted, each message before the event it answered.
import type pg from 'pg';
import { transact } from '../db/transact.ts';
import { DAY_MS, STUB_RETENTION_DAYS } from './policy.ts';
import { scrubEventChunk, scrubMessageChunk } from './scrub-rows.ts';

export const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);

/** Scrubs one batch of events (or messages) older than `retentionDays` at `now`; returns how many. */
export function scrubDueBatch(
  pool: pg.Pool,
  table: 'events' | 'messages',
  now: Date,
  options: { retentionDays: number; limit: number },
): Promise<number> {
  const scrub = table === 'events' ? scrubEventChunk : scrubMessageChunk;
  return transact(pool, (tx) =>
    scrub(
      tx,
      { before: daysBefore(now, options.retentionDays) },
      { at: now, limit: options.limit, skipLocked: true },
    ),
  );
}

const DELETE_MESSAGES = `
  DELETE FROM outbound_messages WHERE id IN (
    SELECT id FROM outbound_messages
     WHERE scrubbed_at IS NOT NULL AND created_at < $1
     ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)`;

// The oldest stubs first, from their index; one a message still refers to stays for a later round (its message,
// created a moment after it, is deleted once it is as old). Checking the candidates one by one keeps the planner
// off a hash join of both whole tables.
const DELETE_EVENTS = `
  WITH candidates AS MATERIALIZED (
    SELECT event_id FROM webhook_events
     WHERE scrubbed_at IS NOT NULL AND received_at < $1
     ORDER BY received_at LIMIT $2 FOR UPDATE SKIP LOCKED)
  DELETE FROM webhook_events w USING candidates c
   WHERE w.event_id = c.event_id
     AND NOT EXISTS (SELECT 1 FROM outbound_messages o WHERE o.source_event_id = c.event_id)`;

/** Deletes one batch of stubs past their life at `now`; returns how many rows went. */
export async function deleteExpiredBatch(
  pool: pg.Pool,
  table: 'events' | 'messages',
  now: Date,
  limit: number,
): Promise<number> {
  const result = await pool.query(table === 'events' ? DELETE_EVENTS : DELETE_MESSAGES, [
    daysBefore(now, STUB_RETENTION_DAYS),
    limit,
  ]);
  return result.rowCount ?? 0;
}
