// The multicast rate limit shared through PostgreSQL: callers on one pool, and (PostgreSQL) on two pools as two
// instances would be, never take more slots in one second of the database's clock than the limit, and each
// caller gets its slot.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedRateLimit } from '../../src/jobs/shared-rate-limit.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';
import { onPostgres } from '../helpers/test-database.ts';

let h: Harness;
let other: pg.Pool | undefined;

beforeAll(async () => {
  h = await startHarness({ EVENT_WORKERS_ENABLED: 'false' });
  if (onPostgres && h.db.databaseUrl) other = new pg.Pool({ connectionString: h.db.databaseUrl, max: 4 });
});
afterAll(async () => {
  await other?.end();
  await h?.close();
});

describe('sharedRateLimit', () => {
  it('keeps every second of the database clock at or under the limit, across pools', async () => {
    const LIMIT = 8;
    const first = sharedRateLimit(h.app.pg.pool, 'test:limit', LIMIT);
    const second = sharedRateLimit(other ?? h.app.pg.pool, 'test:limit', LIMIT);
    const takes = Array.from({ length: 20 }, (_, i) => (i % 2 ? second : first).take());
    await Promise.all(takes);
    const seconds = await h.query<{ second: string; used: number }>(
      `SELECT second::text, used FROM rate_limit_slots WHERE name = 'test:limit' ORDER BY second`,
    );
    expect(seconds.reduce((sum, row) => sum + row.used, 0)).toBe(20);
    expect(seconds.every((row) => row.used <= LIMIT)).toBe(true);
    // 20 requests at 8 per second need at least three seconds of the clock.
    expect(seconds.length).toBeGreaterThanOrEqual(3);
  });

  it('prunes seconds long past and keeps other limits apart', async () => {
    await h.query(`INSERT INTO rate_limit_slots (name, second, used) VALUES ('test:old', 1000, 5)`);
    const limit = sharedRateLimit(h.app.pg.pool, 'test:old', 5);
    await limit.take();
    await limit.prune();
    const rows = await h.query<{ second: string }>(
      `SELECT second::text FROM rate_limit_slots WHERE name = 'test:old'`,
    );
    expect(rows).toHaveLength(1);
    expect(Number(rows[0]?.second)).toBeGreaterThan(1_000_000_000);
    expect(await h.query(`SELECT 1 FROM rate_limit_slots WHERE name = 'test:limit'`)).not.toHaveLength(0);
  });
});
