// The whole app's request log never holds a secret sent in the query string (an Open311 api_key, a token).
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';

const lines: string[] = [];
let app: FastifyInstance;
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  const config = loadConfig({
    ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
    DATA_DIR: db.dataDir,
    LOCAL_MODE: 'off',
    EVENT_WORKERS_ENABLED: 'false',
  });
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  app = await buildApp({ config, logger: { level: 'info', stream } });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

it('logs the request with api_key, token and password values redacted', async () => {
  lines.length = 0;
  for (const url of [
    '/open311/v2/requests.json?service_code=road&api_key=SECRET-OPEN311-KEY',
    '/open311/v2/requests.json?api_key=SECRET-OPEN311-KEY',
    '/health?token=SECRET-TOKEN&password=SECRET-PASSWORD',
    '/no-such-route?api_key=SECRET-OPEN311-KEY',
  ]) {
    await app.inject({ method: 'GET', url });
  }
  await app.inject({
    method: 'POST',
    url: '/open311/v2/requests.json?api_key=SECRET-OPEN311-KEY',
    payload: { service_code: 'road' },
  });
  const log = lines.join('');
  expect(log).toContain('/open311/v2/requests.json?service_code=road&api_key=[REDACTED]');
  expect(log).toContain('"method":"POST"');
  expect(log).not.toContain('SECRET');
});
