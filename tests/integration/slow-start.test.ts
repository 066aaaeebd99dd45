// A slow first start (a busy machine creating the embedded database, long migrations) only takes longer: no
// plugin deadline kills the boot, and the log says what it is preparing and how long it took.

import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createTestDatabase } from '../helpers/test-database.ts';

// Past Fastify's default plugin timeout (10 s), which used to end the boot with AVV_ERR_PLUGIN_EXEC_TIMEOUT.
const PREPARATION_DELAY_MS = 10_500;

it('a database preparation slower than 10 s still reaches /readyz, and the log tells the first start', async () => {
  const db = await createTestDatabase();
  const messages: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        messages.push((JSON.parse(line) as { msg: string }).msg);
      }
      done();
    },
  });
  const config = loadConfig({
    ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
    DATA_DIR: db.dataDir,
    LINE_CHANNEL_SECRET: 's',
    LINE_CHANNEL_ACCESS_TOKEN: 't',
    LINE_API_BASE_URL: 'http://127.0.0.1:9',
    LINE_DATA_API_BASE_URL: 'http://127.0.0.1:9',
  });
  const app = await buildApp({
    config,
    logger: { level: 'info', stream },
    beforeMigrations: () => sleep(PREPARATION_DELAY_MS),
  });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    expect(messages).toContainEqual(
      expect.stringMatching(/^database: \d+ migration\(s\) applied in [\d.]+ s$/),
    );
    if (!db.databaseUrl) {
      const creating = messages.findIndex((m) =>
        m.startsWith('first start: creating the embedded database in'),
      );
      const created = messages.findIndex((m) => /^database: embedded PGlite created in [\d.]+ s/.test(m));
      expect(creating).toBeGreaterThanOrEqual(0);
      expect(created).toBeGreaterThan(creating);
    }
  } finally {
    await app.close();
    await db.drop();
  }
}, 120_000);
