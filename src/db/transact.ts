// Runs a function in one transaction on one pooled client: committed on success, rolled back before release
// on any error (an aborted transaction must never return to the pool: on PGlite it would poison the instance).
import type pg from 'pg';

export type Queryable = Pick<pg.PoolClient, 'query'>;

export async function transact<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let destroy = false;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch {
      destroy = true;
    }
    throw error;
  } finally {
    client.release(destroy);
  }
}
