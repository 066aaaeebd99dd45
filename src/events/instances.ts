// Instance heartbeats: each worker instance records that it is alive every few seconds, so the leases of one that
// died (kill -9, a lost machine) are taken over within seconds while those of a live one are never taken.
import type pg from 'pg';
import type { Queryable } from '../db/transact.ts';

/** How often a live instance records its heartbeat. */
export const HEARTBEAT_EVERY_MS = 3_000;
/** An instance silent for this long is dead: its leases may be taken over. Several missed beats, not one. */
export const DEAD_AFTER_SECONDS = 10;

/**
 * SQL condition, true when the lease of a row held by `ownerColumn` may be taken over by `$me`: its time ran out,
 * or its owner is another instance whose heartbeat stopped. Parameters: the owner claiming (`me`).
 */
export function leaseTakeable(alias: string, me: string): string {
  return `(${alias}.lease_until < now() OR (${alias}.lease_owner IS DISTINCT FROM ${me} AND NOT EXISTS (
      SELECT 1 FROM worker_instances wi
       WHERE wi.owner = ${alias}.lease_owner
         AND wi.heartbeat_at > now() - make_interval(secs => ${DEAD_AFTER_SECONDS}))))`;
}

/** Records that `owner` is alive (and, now and then, forgets instances silent for a day). */
export async function beat(db: Queryable, owner: string): Promise<void> {
  await db.query(
    `INSERT INTO worker_instances (owner) VALUES ($1)
     ON CONFLICT (owner) DO UPDATE SET heartbeat_at = now()`,
    [owner],
  );
}

export async function forgetInstance(db: Queryable, owner: string): Promise<void> {
  await db.query('DELETE FROM worker_instances WHERE owner = $1', [owner]);
}

/**
 * The embedded database can be open in one process only (a lock file): every other instance recorded in it is
 * dead, so its leases are taken over at once instead of after the heartbeat timeout.
 */
export async function forgetAllOtherInstances(db: Queryable, owner: string): Promise<number> {
  const result = await db.query('DELETE FROM worker_instances WHERE owner <> $1', [owner]);
  return result.rowCount ?? 0;
}

export interface Heartbeat {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Beats every HEARTBEAT_EVERY_MS; a failed beat (database away) is logged once per outage and retried. */
export function createHeartbeat(
  pool: pg.Pool,
  owner: string,
  log: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void },
): Heartbeat {
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let failing = false;
  let inFlight: Promise<void> = Promise.resolve();

  async function tick(): Promise<void> {
    try {
      await beat(pool, owner);
      if (failing) log.info({ owner }, 'heartbeat recorded again');
      failing = false;
    } catch (error) {
      if (!failing) log.warn({ err: error, owner }, 'heartbeat could not be recorded; retrying');
      failing = true;
    }
  }

  function schedule(): void {
    if (!running) return;
    timer = setTimeout(() => {
      inFlight = tick().finally(schedule);
    }, HEARTBEAT_EVERY_MS);
    timer.unref();
  }

  return {
    // The first beat is awaited: an instance must be seen alive before it claims anything.
    async start() {
      if (running) return;
      running = true;
      await tick();
      schedule();
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await inFlight;
      await forgetInstance(pool, owner).catch(() => undefined);
    },
  };
}
