// PostgreSQL going away abruptly, ten times, while webhooks arrive and events are being handled: the server process
// survives every outage (503 while it lasts, ready again after), and once LINE redelivers what was refused every
// resident is answered exactly once. The database is cut with a TCP proxy, never by stopping the shared server.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type LineEmulator, startLineEmulator } from '../../src/line/emulator/index.ts';
import { waitFor } from '../helpers/harness.ts';
import { type ServerProcess, spawnServer } from '../helpers/server-process.ts';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';
import {
  createTestDatabase,
  onPostgres,
  type TestDatabase,
  testDatabaseUrl,
} from '../helpers/test-database.ts';
import {
  events,
  type LineEvent,
  newUserId,
  postWebhook,
  TEST_ACCESS_TOKEN,
  TEST_CHANNEL_SECRET,
} from '../helpers/webhook-events.ts';

const OUTAGES = 10;
const PER_ROUND = 60;

let emulator: LineEmulator;
let db: TestDatabase;
let proxy: TcpProxy;
let server: ServerProcess | undefined;

beforeAll(async () => {
  if (!onPostgres) return;
  emulator = await startLineEmulator({ channelAccessToken: TEST_ACCESS_TOKEN });
  db = await createTestDatabase();
  const target = new URL(testDatabaseUrl as string);
  proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  server = await spawnServer({
    DATA_DIR: db.dataDir,
    DATABASE_URL: proxy.via(db.databaseUrl as string),
    LINE_CHANNEL_SECRET: TEST_CHANNEL_SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: TEST_ACCESS_TOKEN,
    LINE_API_BASE_URL: emulator.baseUrl,
    LINE_DATA_API_BASE_URL: emulator.baseUrl,
    EVENT_LEASE_SECONDS: '5',
    LOG_LEVEL: 'warn',
  });
}, 60_000);

afterAll(async () => {
  server?.proc.kill('SIGKILL');
  await server?.exited;
  await proxy?.close();
  await emulator?.close();
  await db?.drop();
});

it.skipIf(!onPostgres)(
  'survives ten abrupt database outages mid-handling; after redelivery each resident is answered exactly once',
  async () => {
    const proc = server as ServerProcess;
    const residents: string[] = [];
    const refused: LineEvent[] = [];

    async function arrive(): Promise<void> {
      const userId = newUserId();
      residents.push(userId);
      emulator.addUser({ userId, displayName: 'Resident', language: 'ja' });
      const event = events.sticker({ userId, replyToken: emulator.issueReplyToken(userId) });
      const res = await postWebhook(proc.url, [event]).catch(() => null);
      if (res?.status !== 200) refused.push(event);
    }

    for (let outage = 0; outage < OUTAGES; outage++) {
      const burst = Array.from({ length: PER_ROUND }, () => arrive());
      // Cut while the burst is being stored and handled: clients are checked out, transactions in flight.
      await sleep(50 + Math.floor(Math.random() * 150));
      proxy.cut();
      const during = Array.from({ length: 5 }, () => arrive());
      await Promise.all([...burst, ...during]);
      await sleep(700);
      expect(proc.proc.exitCode, proc.output().slice(-3000)).toBeNull();
      expect((await fetch(`${proc.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${proc.url}/readyz`)).status).toBe(503);
      proxy.restore();
      await waitFor(async () => (await fetch(`${proc.url}/readyz`)).status === 200, 'ready again', 20_000);
    }
    expect(refused.length).toBeGreaterThan(0);

    // LINE redelivers what was answered with an error (redelivery on): same event, isRedelivery true.
    for (const event of refused) {
      const again = { ...event, deliveryContext: { isRedelivery: true } };
      await waitFor(
        async () => (await postWebhook(proc.url, [again]).catch(() => null))?.status === 200,
        'the redelivery to be taken',
      );
    }

    const answers = (userId: string) => emulator.deliveries.filter((d) => d.userId === userId).length;
    await waitFor(() => residents.every((userId) => answers(userId) >= 1), 'every resident answered', 90_000);
    // Give any duplicate (a retried reply, a push after a recorded-too-late reply) time to show up.
    await sleep(7_000);
    const counts = residents.map(answers);
    expect(counts.filter((n) => n !== 1)).toEqual([]);
    expect(emulator.rejected).toEqual([]);
    expect(proc.proc.exitCode).toBeNull();
  },
  240_000,
);
