// Failed authentication attempts counted in PostgreSQL per (scope, subject) with a lockout: one count for all
// instances, surviving restarts, on the database's clock. Subjects are addresses today (addressSubject) and
// accounts when password login comes (accountSubject): the same counter serves both.
import type { Queryable } from '../db/transact.ts';

export interface FailurePolicy {
  /** What is attempted: 'staff-token', 'open311-key', later 'console-password'. */
  scope: string;
  /** Failures within the window that lock the subject out (the one reaching it locks). */
  maxFailures: number;
  windowSeconds: number;
  lockSeconds: number;
}

export interface FailureOutcome {
  failures: number;
  /** Seconds until the subject may try again; 0 when not locked out. */
  lockedForSeconds: number;
  /** True for the one failure that started the lockout (so it is logged once, not at every refusal). */
  lockedNow: boolean;
}

export interface FailureCounter {
  readonly policy: FailurePolicy;
  /** Seconds the subject is still locked out for; 0 when it may try. */
  lockedFor(subject: string): Promise<number>;
  /** Counts one failure of the subject and locks it out once the policy says so. */
  fail(subject: string): Promise<FailureOutcome>;
  /** Forgets the subject's failures (e.g. an account after a successful password login). */
  clear(subject: string): Promise<void>;
}

const LOCKED_FOR = `GREATEST(0, ceil(extract(epoch FROM locked_until - now())))::int`;
// $3 = maxFailures, $4 = windowSeconds, $5 = lockSeconds.
const WINDOW = 'make_interval(secs => $4::int)';
const LOCK = 'make_interval(secs => $5::int)';

// A count starts afresh once its window is over or the lockout it caused has ended: a subject is locked at
// most once per window of failures, and is not locked again by its first failure after a lockout.
const FRESH = `(f.window_start <= now() - ${WINDOW} OR f.locked_until <= now())`;
const COUNT = `CASE WHEN ${FRESH} THEN 1 ELSE f.failures + 1 END`;
const FAIL = `
  INSERT INTO auth_failures AS f (scope, subject, failures, window_start, locked_until, expires_at)
  VALUES ($1, $2, 1, now(),
          CASE WHEN $3::int <= 1 THEN now() + ${LOCK} END,
          now() + CASE WHEN $3::int <= 1 THEN GREATEST(${WINDOW}, ${LOCK}) ELSE ${WINDOW} END)
  ON CONFLICT (scope, subject) DO UPDATE SET
    failures = ${COUNT},
    window_start = CASE WHEN ${FRESH} THEN now() ELSE f.window_start END,
    locked_until = CASE
      WHEN f.locked_until > now() THEN f.locked_until
      WHEN ${COUNT} >= $3::int THEN now() + ${LOCK}
    END,
    expires_at = GREATEST(
      CASE WHEN ${FRESH} THEN now() ELSE f.window_start END + ${WINDOW},
      CASE WHEN f.locked_until > now() THEN f.locked_until
           WHEN ${COUNT} >= $3::int THEN now() + ${LOCK} END)
  RETURNING failures, ${LOCKED_FOR} AS locked_for`;

export function failureCounter(db: Queryable, policy: FailurePolicy): FailureCounter {
  if (!(policy.maxFailures >= 1 && policy.windowSeconds >= 1 && policy.lockSeconds >= 1)) {
    throw new RangeError(`failure policy ${policy.scope}: limits must be at least 1`);
  }
  return {
    policy,
    async lockedFor(subject) {
      const { rows } = await db.query<{ locked_for: number }>(
        `SELECT ${LOCKED_FOR} AS locked_for FROM auth_failures WHERE scope = $1 AND subject = $2`,
        [policy.scope, subject],
      );
      return rows[0]?.locked_for ?? 0;
    },
    async fail(subject) {
      const { rows } = await db.query<{ failures: number; locked_for: number }>(FAIL, [
        policy.scope,
        subject,
        policy.maxFailures,
        policy.windowSeconds,
        policy.lockSeconds,
      ]);
      const failures = rows[0]?.failures ?? 1;
      const lockedForSeconds = rows[0]?.locked_for ?? 0;
      return {
        failures,
        lockedForSeconds,
        lockedNow: lockedForSeconds > 0 && failures === policy.maxFailures,
      };
    },
    async clear(subject) {
      await db.query('DELETE FROM auth_failures WHERE scope = $1 AND subject = $2', [policy.scope, subject]);
    },
  };
}

/**
 * Deletes rows whose window and lockout are over (client addresses are not kept longer than they serve), in
 * batches so a large backlog never becomes one long statement; returns how many went.
 */
export async function pruneAuthFailures(db: Queryable, batch = 5_000): Promise<number> {
  let total = 0;
  for (;;) {
    const result = await db.query(
      `DELETE FROM auth_failures WHERE (scope, subject) IN (
         SELECT scope, subject FROM auth_failures WHERE expires_at < now() LIMIT $1)`,
      [batch],
    );
    total += result.rowCount ?? 0;
    if ((result.rowCount ?? 0) < batch) return total;
  }
}
