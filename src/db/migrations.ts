// Applies the numbered plain-SQL files in migrations/: in order, each in its own transaction, recorded,
// serialised across instances by an advisory lock, and a failure names the file and leaves nothing half-applied.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

// Any constant shared by every instance of this application; 'line-city-platform migrations' hashed by hand.
const MIGRATION_LOCK_KEY = 727_311_902;

export interface MigrationFile {
  version: number;
  name: string;
  file: string;
}

export class MigrationError extends Error {
  readonly code = 'MIGRATION_FAILED';
}

interface Logger {
  info(obj: object, msg: string): void;
}

export async function listMigrations(dir = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.sql')).sort();
  const seen = new Map<number, string>();
  return names.map((name) => {
    const match = /^(\d+)_([a-z0-9_-]+)\.sql$/i.exec(name);
    if (!match?.[1]) throw new MigrationError(`Migration file ${name} must be named NNNN_description.sql`);
    const version = Number(match[1]);
    const clash = seen.get(version);
    if (clash) throw new MigrationError(`Migrations ${clash} and ${name} share version ${version}`);
    seen.set(version, name);
    return { version, name, file: path.join(dir, name) };
  });
}

/** Applies pending migrations; returns the names applied by this call. */
export async function runMigrations(pool: pg.Pool, logger?: Logger, dir = MIGRATIONS_DIR): Promise<string[]> {
  const migrations = await listMigrations(dir);
  const client = await pool.connect();
  const applied: string[] = [];
  let broken = false;
  try {
    // A session-level lock: a second instance starting at the same moment waits here, then finds nothing to do.
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const done = new Set(
      (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map(
        (r) => r.version,
      ),
    );
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      const sql = await readFile(migration.file, 'utf8');
      try {
        await client.query('BEGIN');
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
          migration.version,
          migration.name,
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        throw new MigrationError(`Migration ${migration.name} failed: ${(error as Error).message}`, {
          cause: error,
        });
      }
      applied.push(migration.name);
      logger?.info({ migration: migration.name }, 'migration applied');
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {
      broken = true;
    });
    client.release(broken);
  }
  return applied;
}
