// Killing the server after it answered 200 but before it finished handling: the restarted server handles the
// event exactly once, and pushes (the reply token is stale by then).
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { t } from '../../src/i18n/index.ts';
import { type LineEmulator, startLineEmulator } from '../../src/line/emulator/index.ts';
import { waitFor } from '../helpers/harness.ts';
import { freePort, type ServerProcess, spawnServer } from '../helpers/server-process.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';
import {
  events,
  newUserId,
  postWebhook,
  TEST_ACCESS_TOKEN,
  TEST_CHANNEL_SECRET,
} from '../helpers/webhook-events.ts';

let emulator: LineEmulator;
let db: TestDatabase;
let port: number;
let child: ServerProcess | undefined;

function startServer() {
  return spawnServer({
    PORT: String(port),
    DATA_DIR: db.dataDir,
    ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
    LINE_CHANNEL_SECRET: TEST_CHANNEL_SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: TEST_ACCESS_TOKEN,
    LINE_API_BASE_URL: emulator.baseUrl,
    LINE_DATA_API_BASE_URL: emulator.baseUrl,
    EVENT_LEASE_SECONDS: '2',
    LOG_LEVEL: 'error',
  });
}

async function query<T extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  // Reading the embedded database needs the server's own connection; on PostgreSQL we read directly.
  const client = new pg.Client({ connectionString: db.databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  emulator = await startLineEmulator({ channelAccessToken: TEST_ACCESS_TOKEN });
  db = await createTestDatabase();
  port = await freePort();
});
afterAll(async () => {
  child?.proc.kill('SIGKILL');
  await emulator?.close();
  await db?.drop();
});

it('handles an event once, by push, after the server was killed between the 200 and the handling', async () => {
  child = await startServer();
  const userId = newUserId();
  emulator.addUser({ userId, displayName: 'Kenji', language: 'en' });
  // The profile look-up keeps failing, so handling is stuck midway when we kill the process.
  emulator.failNext({ method: 'GET', path: /\/v2\/bot\/profile\//, status: 500, times: 1000 });
  const event = events.follow({ userId, replyToken: emulator.issueReplyToken(userId) });
  const res = await postWebhook(`http://127.0.0.1:${port}`, [event]);
  expect(res.status).toBe(200);
  await waitFor(
    () => emulator.requests.some((r) => r.path === `/v2/bot/profile/${userId}`),
    'handling to start',
  );
  child.proc.kill('SIGKILL');
  await child.exited;
  expect(emulator.deliveries).toEqual([]);

  emulator.reset();
  child = await startServer();
  await waitFor(() => emulator.deliveries.length > 0, 'the greeting after restart', 30_000);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(emulator.deliveries).toHaveLength(1);
  expect(emulator.deliveries[0]?.kind).toBe('push');
  expect((emulator.deliveries[0]?.messages[0] as { altText?: string } | undefined)?.altText).toBe(
    t('en', 'greeting', { name: 'Kenji' }),
  );
  expect(emulator.rejected).toEqual([]);
  if (db.databaseUrl) {
    const rows = await query<{ status: string; attempts: number }>(
      'SELECT status, attempts FROM webhook_events WHERE event_id = $1',
      [event.webhookEventId],
    );
    expect(rows).toEqual([{ status: 'done', attempts: 2 }]);
  }
  child.proc.kill('SIGTERM');
  expect(await child.exited).toBe(0);
}, 90_000);
