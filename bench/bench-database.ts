// A PostgreSQL database of its own for one benchmark run (BENCH_DATABASE_URL or TEST_DATABASE_URL or the local
// server), dropped at the end.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const BENCH_ADMIN_URL =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: BENCH_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createBenchDatabase(
  prefix: string,
): Promise<{ url: string; label: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  return {
    url: Object.assign(new URL(BENCH_ADMIN_URL), { pathname: `/${name}` }).toString(),
    // Printed in the report: the server, without credentials.
    label: BENCH_ADMIN_URL.replace(/\/\/[^@]*@/, '//'),
    drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
