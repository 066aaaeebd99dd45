// The embedded database's pool stays usable after a statement fails: PGlite's clients share one connection, and
// ending one (pg-pool's reaction to a failed pool.query) made the next query fail and the one after return no
// rows. Embedded only (PostgreSQL's pool ends the client and opens another, which is fine there).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { openEmbeddedDatabase } from '../../src/db/embedded.ts';

it('answers correctly after a failed statement, a failed transaction and an idle pause', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'lcp-embedded-pool-'));
  const db = await openEmbeddedDatabase(dir);
  const pool = db.createPool();
  try {
    await pool.query('CREATE TABLE t (id int PRIMARY KEY)');
    await pool.query('INSERT INTO t VALUES (1)');
    await expect(pool.query('INSERT INTO t VALUES (1)')).rejects.toThrow(/duplicate key/);
    expect((await pool.query('SELECT count(*)::int AS n FROM t')).rows).toEqual([{ n: 1 }]);
    expect((await pool.query('SELECT 1 AS x')).rows).toEqual([{ x: 1 }]);

    const client = await pool.connect();
    await client.query('BEGIN');
    await expect(client.query('SELECT 1/0')).rejects.toThrow(/division by zero/);
    await client.query('ROLLBACK');
    client.release(new Error('released with an error'));
    expect((await pool.query('SELECT 2 AS x')).rows).toEqual([{ x: 2 }]);

    await sleep(200);
    expect((await pool.query('SELECT count(*)::int AS n FROM t')).rows).toEqual([{ n: 1 }]);
  } finally {
    await pool.end();
    await db.close();
    await rm(dir, { recursive: true, force: true });
  }
});
