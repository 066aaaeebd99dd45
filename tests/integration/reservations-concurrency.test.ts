// Capacity and the one-active-booking rule are enforced by the database: hundreds of truly concurrent booking
// transactions (a pool of 25 connections on real PostgreSQL) give exactly the capacity, never one more.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMigrations } from '../../src/db/migrations.ts';
import { transact } from '../../src/db/transact.ts';
import { bookSlot } from '../../src/features/reservations/booking.ts';
import { BookingError } from '../../src/features/reservations/errors.ts';
import { upsertService } from '../../src/features/reservations/service-repository.ts';
import { listSlots, upsertSlots } from '../../src/features/reservations/slot-repository.ts';
import { cityInstant } from '../../src/features/reservations/types.ts';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/test-database.ts';
import { newUserId } from '../helpers/webhook-events.ts';

const POSTGRES_ONLY =
  'needs real PostgreSQL for real concurrency (PGlite has one connection): set TEST_DATABASE_URL to run it';
const ATTEMPTS = 240;
const POOL_SIZE = 25;
const now = cityInstant('2027-02-01', '10:00');

let db: TestDatabase | undefined;
let pool: pg.Pool | undefined;
const slotIds: string[] = [];

function usePool(): pg.Pool {
  if (!pool) throw new Error('the pool is not open');
  return pool;
}

async function newUsers(count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => newUserId());
  await usePool().query('INSERT INTO line_users (user_id) SELECT unnest($1::text[])', [ids]);
  return ids;
}

/** Runs every attempt at once; returns the bookings made and the error codes of the refused ones. */
async function attempt(
  jobs: { slotId: string; userId: string }[],
): Promise<{ booked: number; codes: Map<string, number> }> {
  const results = await Promise.allSettled(
    jobs.map((job) => transact(usePool(), (tx) => bookSlot(tx, job.slotId, { userId: job.userId }, { now }))),
  );
  const codes = new Map<string, number>();
  for (const result of results) {
    if (result.status === 'fulfilled') continue;
    const code = result.reason instanceof BookingError ? result.reason.bookingCode : String(result.reason);
    codes.set(code, (codes.get(code) ?? 0) + 1);
  }
  return { booked: results.filter((r) => r.status === 'fulfilled').length, codes };
}

async function counts(slotId: string): Promise<{ booked: number; reservations: number }> {
  const result = await usePool().query<{ booked: number; reservations: number }>(
    `SELECT s.booked, (SELECT count(*)::int FROM reservations r WHERE r.slot_id = s.id AND r.status = 'booked')
              AS reservations
       FROM reservation_slots s WHERE s.id = $1`,
    [slotId],
  );
  return result.rows[0] ?? { booked: -1, reservations: -1 };
}

beforeAll(async () => {
  if (!onPostgres) return;
  db = await createTestDatabase();
  pool = new pg.Pool({ connectionString: db.databaseUrl, max: POOL_SIZE });
  // Dropping the database terminates clients still closing; that is expected, not a failure.
  pool.on('error', () => {});
  await runMigrations(pool);
  await upsertService(pool, {
    id: 'tax',
    name: { ja: '申告相談' },
    description: {},
    whatToBring: {},
    place: {},
    receptionStartsOn: null,
    receptionEndsOn: null,
    opensDaysAhead: 60,
    cutoffMinutes: 0,
    oneActivePerUser: true,
    closedDates: [],
    active: true,
  });
  const starts = Array.from(
    { length: 52 },
    (_, i) => cityInstant('2027-02-10', '09:00').getTime() + i * 600_000,
  );
  const slots = starts.map((t) => ({ startsAt: new Date(t), endsAt: new Date(t + 600_000) }));
  await upsertSlots(pool, 'tax', slots, 1);
  const listed = await listSlots(
    pool,
    'tax',
    new Date(starts[0] ?? 0),
    new Date(Date.now() + 10 * 365 * 86_400_000),
  );
  slotIds.push(...listed.map((s) => s.id));
  // The second slot has five seats.
  await pool.query('UPDATE reservation_slots SET capacity = 5 WHERE id = $1', [slotIds[1]]);
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

describe('capacity under concurrency (PostgreSQL)', () => {
  it.skipIf(!onPostgres)(
    `${ATTEMPTS} concurrent bookings for the last seat give exactly one [${POSTGRES_ONLY}]`,
    async () => {
      const slotId = slotIds[0] as string;
      const users = await newUsers(ATTEMPTS);
      const result = await attempt(users.map((userId) => ({ slotId, userId })));
      expect(result.booked).toBe(1);
      expect(Object.fromEntries(result.codes)).toEqual({ SLOT_FULL: ATTEMPTS - 1 });
      expect(await counts(slotId)).toEqual({ booked: 1, reservations: 1 });
      // The attempts really ran side by side: the pool opened (nearly) all its connections.
      expect(usePool().totalCount).toBeGreaterThanOrEqual(20);
    },
  );

  it.skipIf(!onPostgres)(
    `${ATTEMPTS} concurrent bookings for five seats give exactly five [${POSTGRES_ONLY}]`,
    async () => {
      const slotId = slotIds[1] as string;
      const users = await newUsers(ATTEMPTS);
      const result = await attempt(users.map((userId) => ({ slotId, userId })));
      expect(result.booked).toBe(5);
      expect(Object.fromEntries(result.codes)).toEqual({ SLOT_FULL: ATTEMPTS - 5 });
      expect(await counts(slotId)).toEqual({ booked: 5, reservations: 5 });
      // Nobody holds two of the five.
      const holders = await usePool().query<{ n: number }>(
        `SELECT count(DISTINCT user_id)::int AS n FROM reservations WHERE slot_id = $1 AND status = 'booked'`,
        [slotId],
      );
      expect(holders.rows[0]?.n).toBe(5);
    },
  );

  it.skipIf(!onPostgres)(
    `50 concurrent bookings by one resident on different slots give exactly one [${POSTGRES_ONLY}]`,
    async () => {
      const [userId] = await newUsers(1);
      const free = slotIds.slice(2, 52);
      expect(free).toHaveLength(50);
      const result = await attempt(free.map((slotId) => ({ slotId, userId: userId as string })));
      expect(result.booked).toBe(1);
      expect(Object.fromEntries(result.codes)).toEqual({ ALREADY_BOOKED: 49 });
      // The refused attempts gave their seats back: only the one booking holds a seat.
      const seats = await usePool().query<{ n: number }>(
        'SELECT coalesce(sum(booked), 0)::int AS n FROM reservation_slots WHERE id = ANY($1::bigint[])',
        [free],
      );
      expect(seats.rows[0]?.n).toBe(1);
      const held = await usePool().query<{ n: number }>(
        `SELECT count(*)::int AS n FROM reservations WHERE user_id = $1 AND status = 'booked'`,
        [userId],
      );
      expect(held.rows[0]?.n).toBe(1);
    },
  );
});
