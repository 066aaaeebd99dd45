// Storing a batch of events: a row the database refuses is split off by halving, while an unavailable database
// fails the whole batch at once (no retries one by one); a client is dropped only after a database failure.
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { NewEventRow } from '../../src/events/event-repository.ts';
import { storeEventRows } from '../../src/line/webhook/store-events.ts';

function row(eventId: string): NewEventRow {
  return {
    eventId,
    eventType: 'message',
    chatId: null,
    userId: null,
    mode: 'active',
    isRedelivery: false,
    occurredAt: new Date(0),
    destination: 'd',
    payload: {},
  };
}

function sqlError(code: string): Error {
  return Object.assign(new Error(`sqlstate ${code}`), { code });
}

/** A pool whose INSERT fails with `failure(ids)` when it returns an error, and records what it was asked. */
function fakePool(failure: (ids: string[]) => Error | null) {
  const statements: string[][] = [];
  const releases: unknown[] = [];
  const client = {
    async query(_sql: string, params: unknown[]) {
      const ids = params[0] as string[];
      statements.push(ids);
      const error = failure(ids);
      if (error) throw error;
      return { rows: ids.map((event_id) => ({ event_id })) };
    },
    release(error?: unknown) {
      releases.push(error);
    },
  };
  const pool = { connect: async () => client } as unknown as pg.Pool;
  return { pool, statements, releases };
}

describe('storeEventRows', () => {
  it('stores a clean batch in one statement', async () => {
    const { pool, statements, releases } = fakePool(() => null);
    const result = await storeEventRows(pool, ['a', 'b', 'c'].map(row));
    expect([...result.inserted]).toEqual(['a', 'b', 'c']);
    expect(result.refused.size).toBe(0);
    expect(statements).toEqual([['a', 'b', 'c']]);
    expect(releases).toEqual([undefined]);
  });

  it('halves a batch until the refused row stands alone and keeps the client', async () => {
    const { pool, statements, releases } = fakePool((ids) => (ids.includes('e') ? sqlError('22P05') : null));
    const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const result = await storeEventRows(pool, ids.map(row));
    expect([...result.inserted].sort()).toEqual(['a', 'b', 'c', 'd', 'f', 'g', 'h']);
    expect([...result.refused.keys()]).toEqual(['e']);
    expect(statements.length).toBeLessThanOrEqual(1 + 2 * Math.log2(ids.length));
    expect(releases.every((error) => error === undefined)).toBe(true);
  });

  it.each(['57P01', '08006', '42501', 'ECONNREFUSED'])(
    'fails the whole batch at once on %s and drops the client',
    async (code) => {
      const { pool, statements, releases } = fakePool(() => sqlError(code));
      await expect(storeEventRows(pool, ['a', 'b', 'c'].map(row))).rejects.toThrow(code);
      expect(statements).toHaveLength(1);
      expect(releases).toHaveLength(1);
      expect(releases[0]).toBeInstanceOf(Error);
    },
  );

  it('fails the batch when the database goes away while splitting it', async () => {
    let calls = 0;
    const { pool } = fakePool(() => {
      calls += 1;
      return calls === 1 ? sqlError('23514') : sqlError('57P01');
    });
    await expect(storeEventRows(pool, ['a', 'b'].map(row))).rejects.toThrow('57P01');
  });
});
