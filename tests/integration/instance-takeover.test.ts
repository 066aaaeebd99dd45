// Two server processes on one PostgreSQL: the event one of them is handling is never taken by the other while
// the holder lives (its heartbeat goes on), and is answered by the other within 20 s of a kill -9, exactly once.
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { t } from '../../src/i18n/index.ts';
import { type LineEmulator, startLineEmulator } from '../../src/line/emulator/index.ts';
import { waitFor } from '../helpers/harness.ts';
import { type ServerProcess, spawnServer } from '../helpers/server-process.ts';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/test-database.ts';
import {
  events,
  newUserId,
  postWebhook,
  TEST_ACCESS_TOKEN,
  TEST_CHANNEL_SECRET,
} from '../helpers/webhook-events.ts';

let emulator: LineEmulator;
let db: TestDatabase;
const servers: ServerProcess[] = [];

function startServer() {
  return spawnServer({
    DATA_DIR: db.dataDir,
    DATABASE_URL: db.databaseUrl as string,
    LINE_CHANNEL_SECRET: TEST_CHANNEL_SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: TEST_ACCESS_TOKEN,
    LINE_API_BASE_URL: emulator.baseUrl,
    LINE_DATA_API_BASE_URL: emulator.baseUrl,
    LOG_LEVEL: 'error',
  });
}

async function eventRow(eventId: string) {
  const client = new pg.Client({ connectionString: db.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ status: string; attempts: number; lease_owner: string | null }>(
      'SELECT status, attempts, lease_owner FROM webhook_events WHERE event_id = $1',
      [eventId],
    );
    return rows[0];
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  if (!onPostgres) return;
  emulator = await startLineEmulator({ channelAccessToken: TEST_ACCESS_TOKEN });
  db = await createTestDatabase();
  servers.push(await startServer());
  servers.push(await startServer());
}, 120_000);

afterAll(async () => {
  for (const server of servers) server.proc.kill('SIGKILL');
  await Promise.all(servers.map((server) => server.exited));
  await emulator?.close();
  await db?.drop();
});

it.skipIf(!onPostgres)(
  'leaves a live instance its event, and takes it over within 20 s once that instance is killed',
  async () => {
    const [first, second] = servers as [ServerProcess, ServerProcess];
    const userId = newUserId();
    emulator.addUser({ userId, displayName: 'Aoi', language: 'ja' });
    // Handling waits in the profile look-up (LINE asks to retry in a minute), so the instance holds the event.
    emulator.failNext({
      method: 'GET',
      path: /\/v2\/bot\/profile\//,
      status: 429,
      headers: { 'retry-after': '60' },
      times: 100,
    });
    const event = events.follow({ userId, replyToken: emulator.issueReplyToken(userId) });
    // The instance that stores the event starts handling it at once (the other only polls).
    expect((await postWebhook(first.url, [event])).status).toBe(200);
    await waitFor(async () => (await eventRow(event.webhookEventId))?.status === 'processing', 'handling');
    const holder = (await eventRow(event.webhookEventId))?.lease_owner;

    // Alive and stuck for 12 s (longer than a dead instance's grace): nobody takes the event away.
    await sleep(12_000);
    expect(await eventRow(event.webhookEventId)).toMatchObject({ attempts: 1, lease_owner: holder });

    // Kill whichever instance holds it; the other one takes over.
    const holderPid = Number(holder?.split(':')[1]);
    const [victim, survivor] = first.proc.pid === holderPid ? [first, second] : [second, first];
    victim.proc.kill('SIGKILL');
    await victim.exited;
    emulator.reset();
    const killedAt = Date.now();
    await waitFor(() => emulator.deliveries.length > 0, 'the other instance to answer', 30_000);
    expect(Date.now() - killedAt).toBeLessThan(20_000);
    await sleep(2_000);
    expect(emulator.deliveries).toHaveLength(1);
    expect((emulator.deliveries[0]?.messages[0] as { altText?: string } | undefined)?.altText).toBe(
      t('ja', 'greeting', { name: 'Aoi' }),
    );
    expect(await eventRow(event.webhookEventId)).toMatchObject({ status: 'done', attempts: 2 });
    expect(survivor.proc.exitCode).toBeNull();
  },
  120_000,
);
