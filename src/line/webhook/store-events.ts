// Stores a batch of event rows so that a row the database refuses fails alone: the rest are stored, and an
// unavailable database still fails them all (the webhook then answers 503 and LINE redelivers).
import type pg from 'pg';
import { insertEvents, type NewEventRow } from '../../events/event-repository.ts';

export interface StoreResult {
  /** Rows stored now (a duplicate webhookEventId is not). */
  inserted: Set<string>;
  /** Rows the database refused for what they hold, with its reason: sending them again cannot help. */
  refused: Map<string, string>;
}

/**
 * SQLSTATE classes that blame the rows, not the database: 22 data exception (e.g. text jsonb refuses),
 * 23 integrity constraint, 54 program limit (e.g. nesting beyond the stack depth). Anything else — no
 * connection, shutdown, failover, lost permissions, a missing table — would fail every row alike.
 */
const ROW_ERROR_CLASSES = new Set(['22', '23', '54']);

export function isRowRefusal(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && ROW_ERROR_CLASSES.has(code.slice(0, 2));
}

/**
 * pool.query would drop the client after any error, and on PGlite a dropped client breaks the next queries
 * of the one shared connection: a client that saw only a refused row is healthy and goes back to the pool.
 */
async function insertOnOwnClient(pool: pg.Pool, rows: NewEventRow[]): Promise<Set<string>> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    return await insertEvents(client, rows);
  } catch (error) {
    if (!isRowRefusal(error)) broken = error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    client.release(broken);
  }
}

/**
 * One statement for the whole batch; if the database refuses a row, the batch is halved until the refused
 * rows stand alone. Each statement commits on its own (a pool, never a transaction): one that failed stored
 * nothing, so no row is written twice.
 */
export async function storeEventRows(pool: pg.Pool, rows: NewEventRow[]): Promise<StoreResult> {
  const result: StoreResult = { inserted: new Set(), refused: new Map() };
  const pending: NewEventRow[][] = rows.length > 0 ? [rows] : [];
  for (let part = pending.pop(); part; part = pending.pop()) {
    try {
      for (const id of await insertOnOwnClient(pool, part)) result.inserted.add(id);
    } catch (error) {
      if (!isRowRefusal(error)) throw error;
      const [only] = part;
      if (part.length === 1 && only) {
        result.refused.set(only.eventId, (error as Error).message);
        continue;
      }
      const middle = Math.ceil(part.length / 2);
      pending.push(part.slice(middle), part.slice(0, middle));
    }
  }
  return result;
}
