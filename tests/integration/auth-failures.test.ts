// The failure counter behind the lockouts, on the database: counts per (scope, subject), locks once at the
// limit, starts afresh after its window or its lockout, forgets on clear, prunes old rows, and (PostgreSQL)
// counts exactly with two pools failing at once as two instances would.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FailurePolicy, failureCounter, pruneAuthFailures } from '../../src/http/auth-failures.ts';
import { accountSubject, addressSubject } from '../../src/http/client-address.ts';
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

const policy = (scope: string, maxFailures = 3): FailurePolicy => ({
  scope,
  maxFailures,
  windowSeconds: 600,
  lockSeconds: 900,
});

describe('failureCounter', () => {
  it('locks a subject out at the limit, once, and keeps other subjects and scopes apart', async () => {
    const counter = failureCounter(h.app.pg.pool, policy('test-lock'));
    const a = addressSubject('203.0.113.1');
    expect(await counter.fail(a)).toEqual({ failures: 1, lockedForSeconds: 0, lockedNow: false });
    expect(await counter.fail(a)).toEqual({ failures: 2, lockedForSeconds: 0, lockedNow: false });
    expect(await counter.lockedFor(a)).toBe(0);
    const third = await counter.fail(a);
    expect(third).toMatchObject({ failures: 3, lockedNow: true });
    expect(third.lockedForSeconds).toBeGreaterThan(890);
    expect(third.lockedForSeconds).toBeLessThanOrEqual(900);
    // Failures while locked out (requests that raced the guard) neither lock again nor extend the lockout.
    expect(await counter.fail(a)).toMatchObject({ failures: 4, lockedNow: false });
    expect(await counter.lockedFor(a)).toBeGreaterThan(890);

    expect(await counter.lockedFor(addressSubject('203.0.113.2'))).toBe(0);
    expect(await failureCounter(h.app.pg.pool, policy('test-other')).lockedFor(a)).toBe(0);
    // An account is a subject like an address (the password login to come counts both).
    const account = failureCounter(h.app.pg.pool, policy('test-lock', 1));
    expect(await account.fail(accountSubject('42'))).toMatchObject({ failures: 1, lockedNow: true });
    expect(await counter.lockedFor(accountSubject('43'))).toBe(0);
  });

  it('starts afresh once the window is over, or once the lockout has ended', async () => {
    const counter = failureCounter(h.app.pg.pool, policy('test-fresh'));
    const s = addressSubject('198.51.100.9');
    await counter.fail(s);
    await counter.fail(s);
    await h.query(
      `UPDATE auth_failures SET window_start = now() - interval '11 minutes' WHERE scope = 'test-fresh'`,
    );
    expect(await counter.fail(s)).toMatchObject({ failures: 1, lockedNow: false });

    await counter.fail(s);
    expect(await counter.fail(s)).toMatchObject({ failures: 3, lockedNow: true });
    await h.query(
      `UPDATE auth_failures SET locked_until = now() - interval '1 second' WHERE scope = 'test-fresh'`,
    );
    expect(await counter.lockedFor(s)).toBe(0);
    expect(await counter.fail(s)).toEqual({ failures: 1, lockedForSeconds: 0, lockedNow: false });
  });

  it('forgets a subject on clear; the prune deletes rows whose window and lockout are over', async () => {
    const counter = failureCounter(h.app.pg.pool, policy('test-clear', 1));
    const s = accountSubject('7');
    await counter.fail(s);
    expect(await counter.lockedFor(s)).toBeGreaterThan(0);
    await counter.clear(s);
    expect(await counter.lockedFor(s)).toBe(0);

    await h.query(
      `INSERT INTO auth_failures (scope, subject, failures, window_start, expires_at)
       SELECT 'test-old', 'ip:192.0.2.' || n, 1, now() - interval '2 hours', now() - interval '1 hour'
         FROM generate_series(1, 5) AS n`,
    );
    await counter.fail(accountSubject('8'));
    expect(await pruneAuthFailures(h.app.pg.pool, 2)).toBe(5);
    expect(await h.query(`SELECT 1 FROM auth_failures WHERE scope = 'test-old'`)).toEqual([]);
    expect(await h.query(`SELECT subject FROM auth_failures WHERE scope = 'test-clear'`)).toEqual([
      { subject: 'account:8' },
    ]);
  });

  it('counts every failure exactly when many arrive at once (two pools on PostgreSQL)', async () => {
    const first = failureCounter(h.app.pg.pool, policy('test-race', 10));
    const second = failureCounter(other ?? h.app.pg.pool, policy('test-race', 10));
    const s = addressSubject('2001:db8:5:6::1');
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, i) => (i % 2 ? second : first).fail(s)),
    );
    expect(outcomes.filter((o) => o.lockedNow)).toHaveLength(1);
    expect(outcomes.map((o) => o.failures).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
    expect(await first.lockedFor(addressSubject('2001:db8:5:6:ffff::2'))).toBeGreaterThan(0);
  });
});
