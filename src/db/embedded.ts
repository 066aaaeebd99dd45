// The embedded default database: PGlite in DATA_DIR, held by a lock so no second process opens it.
import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import pg from 'pg';
import lockfile from 'proper-lockfile';

/**
 * A pool over PGlite that never ends a client. Every client of PGlite's node-postgres adapter shares its one
 * connection object, and ending a client (what pg-pool does after any failed `pool.query`, or after an idle
 * timeout) leaves that connection broken: the next query fails and the one after returns no rows. A failed
 * statement leaves the connection healthy (transactions are rolled back before release), so the client stays.
 */
export class EmbeddedPool extends pg.Pool {
  // pg-pool's release step; `err` would make it end the client.
  _release(client: pg.PoolClient, idleListener: unknown, _err?: unknown): void {
    (pg.Pool.prototype as unknown as { _release: EmbeddedPool['_release'] })._release.call(
      this,
      client,
      idleListener,
      undefined,
    );
  }
}

/** The `pg` module @fastify/postgres builds its pool from, with the embedded pool in place of pg.Pool. */
const embeddedPg = { ...pg, Pool: EmbeddedPool };

export interface EmbeddedDatabase {
  directory: string;
  /** True when this open created the database (initdb ran): the slow first start. */
  created: boolean;
  /** @fastify/postgres options that talk to this PGlite instance through one connection. */
  poolOptions: Record<string, unknown>;
  /** A pool of its own over this instance (tools and tests; the app's comes from the options above). */
  createPool(): pg.Pool;
  close(): Promise<void>;
}

export class EmbeddedDatabaseLockedError extends Error {
  readonly code = 'EMBEDDED_DB_LOCKED';
}

// A crashed holder stops refreshing the lock; after this long another process may take it over.
const LOCK_STALE_MS = 5_000;

export interface OpenEmbeddedOptions {
  /** Told before a new database is created, which takes seconds (minutes on a slow machine). */
  onCreating?: (directory: string) => void;
}

/** Where the embedded database of a DATA_DIR lives. */
export function embeddedDirectory(dataDir: string): string {
  return path.resolve(dataDir, 'pgdata');
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

export async function openEmbeddedDatabase(
  dataDir: string,
  options: OpenEmbeddedOptions = {},
): Promise<EmbeddedDatabase> {
  const directory = embeddedDirectory(dataDir);
  await mkdir(directory, { recursive: true });
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(directory, {
      lockfilePath: `${directory}.lock`,
      stale: LOCK_STALE_MS,
      // Waits out a lock left by a process that was killed (it goes stale), but not a live holder.
      retries: { retries: 8, minTimeout: 500, maxTimeout: 1_500, factor: 1.3 },
    });
  } catch (error) {
    throw new EmbeddedDatabaseLockedError(
      `The embedded database in ${directory} is in use by another process ` +
        `(${(error as Error).message}). Stop it, or set DATA_DIR to another directory, or DATABASE_URL.`,
    );
  }
  let pglite: PGlite;
  // initdb writes PG_VERSION; a directory without it (new, or a first start that was cut short) is created anew.
  const created = !(await exists(path.join(directory, 'PG_VERSION')));
  try {
    if (created) options.onCreating?.(directory);
    pglite = await PGlite.create(directory);
  } catch (error) {
    await release();
    throw error;
  }
  // One connection; never closed for idleness (ending a client breaks PGlite's shared connection, see above).
  const pool = { ...createPgConfig(pglite), max: 1, idleTimeoutMillis: 0 };
  return {
    directory,
    created,
    poolOptions: { ...pool, pg: embeddedPg },
    createPool: () => new EmbeddedPool(pool as pg.PoolConfig),
    async close() {
      try {
        await pglite.close();
      } finally {
        await release();
      }
    },
  };
}
