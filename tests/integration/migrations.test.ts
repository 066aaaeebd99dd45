// The migration runner: applies and records each file once, names a failing file and leaves nothing of it,
// and two instances migrating at once apply each file exactly once.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEmbeddedDatabase } from '../../src/db/embedded.ts';
import { listMigrations, runMigrations } from '../../src/db/migrations.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';

let db: TestDatabase;
let pools: pg.Pool[] = [];
let closeEmbedded: (() => Promise<void>) | undefined;
let createEmbeddedPool: (() => pg.Pool) | undefined;

async function newPool(): Promise<pg.Pool> {
  if (db.databaseUrl) {
    const pool = new pg.Pool({ connectionString: db.databaseUrl, max: 2 });
    // An idle client cut off when the test database is dropped must not surface as an unhandled error.
    pool.on('error', () => {});
    pools.push(pool);
    return pool;
  }
  // PGlite takes exactly one connection: every "instance" shares the one pool (more would corrupt it).
  if (!pools[0]) pools.push(createEmbeddedPool?.() as pg.Pool);
  return pools[0] as pg.Pool;
}

beforeEach(async () => {
  db = await createTestDatabase();
  if (!db.databaseUrl) {
    // One process holds the embedded directory; its "instances" are pools over the same PGlite.
    const embedded = await openEmbeddedDatabase(db.dataDir);
    createEmbeddedPool = () => embedded.createPool();
    closeEmbedded = () => embedded.close();
  }
});
afterEach(async () => {
  for (const pool of pools) await pool.end();
  pools = [];
  await closeEmbedded?.();
  closeEmbedded = undefined;
  createEmbeddedPool = undefined;
  await db.drop();
});

async function tables(pool: pg.Pool): Promise<string[]> {
  const result = await pool.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
  );
  return result.rows.map((r) => r.table_name);
}

describe('runMigrations', () => {
  it('applies the project migrations once and records them', async () => {
    const pool = await newPool();
    const all = await listMigrations();
    expect(await runMigrations(pool)).toEqual(all.map((m) => m.name));
    expect(await runMigrations(pool)).toEqual([]);
    const recorded = await pool.query<{ version: number }>(
      'SELECT version FROM schema_migrations ORDER BY version',
    );
    expect(recorded.rows.map((r) => r.version)).toEqual(all.map((m) => m.version));
    expect(await tables(pool)).toEqual(
      expect.arrayContaining(['line_users', 'webhook_events', 'conversation_states', 'outbound_messages']),
    );
  });

  it('names a failing migration and leaves nothing of it applied', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'lcp-migrations-'));
    try {
      await writeFile(path.join(dir, '0001_first.sql'), 'CREATE TABLE first_table (id int PRIMARY KEY);');
      await writeFile(
        path.join(dir, '0002_broken.sql'),
        'CREATE TABLE half_table (id int PRIMARY KEY);\nINSERT INTO half_table VALUES (1);\nSELECT no_such_function();',
      );
      const pool = await newPool();
      await expect(runMigrations(pool, undefined, dir)).rejects.toThrow(/Migration 0002_broken\.sql failed/);
      const names = await tables(pool);
      expect(names).toContain('first_table');
      expect(names).not.toContain('half_table');
      const recorded = await pool.query<{ name: string }>('SELECT name FROM schema_migrations');
      expect(recorded.rows.map((r) => r.name)).toEqual(['0001_first.sql']);
      // The pool is still usable: the failed transaction was rolled back before the client went back.
      expect((await pool.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses badly named or clashing files', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'lcp-migrations-'));
    try {
      await writeFile(path.join(dir, 'first.sql'), 'SELECT 1;');
      await expect(listMigrations(dir)).rejects.toThrow(/first\.sql must be named/);
      await rm(path.join(dir, 'first.sql'));
      await writeFile(path.join(dir, '0001_a.sql'), 'SELECT 1;');
      await writeFile(path.join(dir, '001_b.sql'), 'SELECT 1;');
      await expect(listMigrations(dir)).rejects.toThrow(/share version 1/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('applies each migration once when several instances start at the same moment', async () => {
    const starters = await Promise.all([newPool(), newPool(), newPool(), newPool()]);
    const results = await Promise.all(starters.map((pool) => runMigrations(pool)));
    const all = (await listMigrations()).map((m) => m.name);
    expect(results.flat().sort()).toEqual([...all].sort());
    const recorded = await (starters[0] as pg.Pool).query('SELECT count(*)::int AS n FROM schema_migrations');
    expect(recorded.rows[0]).toEqual({ n: all.length });
  });
});
