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

// An event a message still refers to waits for that message to go (a later round).
const DELETE_EVENTS = `
  DELETE FROM webhook_events WHERE event_id IN (
    SELECT e.event_id FROM webhook_events e
     WHERE e.scrubbed_at IS NOT NULL AND e.received_at < $1
       AND NOT EXISTS (SELECT 1 FROM outbound_messages o WHERE o.source_event_id = e.event_id)
     ORDER BY e.received_at LIMIT $2 FOR UPDATE SKIP LOCKED)`;

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
