// Two server instances behind one PostgreSQL: duplicates sent to both are handled once, and each user's
// events, arriving at alternating instances, are handled one at a time in order. PostgreSQL only.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { saveState } from '../../src/conversation/state-repository.ts';
import { type LineEmulator, startLineEmulator } from '../../src/line/emulator/index.ts';
import { waitFor } from '../helpers/harness.ts';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/test-database.ts';
import {
  events,
  newUserId,
  sign,
  TEST_ACCESS_TOKEN,
  TEST_CHANNEL_SECRET,
  webhookBody,
} from '../helpers/webhook-events.ts';

let db: TestDatabase;
let emulator: LineEmulator;
const instances: { app: FastifyInstance; url: string }[] = [];

beforeAll(async () => {
  if (!onPostgres) return;
  db = await createTestDatabase();
  emulator = await startLineEmulator({ channelAccessToken: TEST_ACCESS_TOKEN });
  const config = loadConfig({
    DATABASE_URL: db.databaseUrl,
    DATA_DIR: db.dataDir,
    LINE_CHANNEL_SECRET: TEST_CHANNEL_SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: TEST_ACCESS_TOKEN,
    LINE_API_BASE_URL: emulator.baseUrl,
    LINE_DATA_API_BASE_URL: emulator.baseUrl,
    LOG_LEVEL: 'silent',
    EVENT_WORKER_CONCURRENCY: '4',
  });
  for (let i = 0; i < 2; i += 1) {
    const app = await buildApp({ config, workerPollMs: 50 });
    // A flow that records the order it sees a user's messages in.
    app.services.flows.register({
      name: 'order-test',
      ttlSeconds: 600,
      async onMessage(ctx, state, message) {
        const seen = [...((state.data.seen as string[]) ?? []), message.type === 'text' ? message.text : '?'];
        const userId = ctx.userId as string;
        ctx.write((tx) =>
          saveState(tx, { userId, flow: 'order-test', step: 'x', data: { seen }, ttlSeconds: 600 }),
        );
        ctx.send({ type: 'text', text: seen.join(',') });
      },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    instances.push({
      app,
      url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    });
  }
});
afterAll(async () => {
  for (const { app } of instances) await app.close();
  await emulator?.close();
  await db?.drop();
});

function post(instance: number, body: string): Promise<Response> {
  return fetch(`${instances[instance]?.url}/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-line-signature': sign(body) },
    body,
  });
}

it.skipIf(!onPostgres)(
  'handles a duplicate sent to both instances once (PostgreSQL only: set TEST_DATABASE_URL)',
  async () => {
    const userId = newUserId();
    emulator.addUser({ userId, displayName: 'Dup' });
    const body = webhookBody([events.sticker({ userId, replyToken: emulator.issueReplyToken(userId) })]);
    const answers = await Promise.all([post(0, body), post(1, body), post(0, body), post(1, body)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    await waitFor(() => emulator.messagesFor(userId).length > 0, 'the reply');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(emulator.messagesFor(userId)).toHaveLength(1);
  },
);

it.skipIf(!onPostgres)('handles each user’s events in order across instances (PostgreSQL only)', async () => {
  const users = Array.from({ length: 12 }, () => newUserId());
  const pool = instances[0]?.app.pg.pool;
  if (!pool) throw new Error('no instance');
  for (const userId of users) {
    emulator.addUser({ userId, displayName: 'Order' });
    await pool.query(`INSERT INTO line_users (user_id, language) VALUES ($1, 'en')`, [userId]);
    await saveState(pool, { userId, flow: 'order-test', step: 'start', data: { seen: [] }, ttlSeconds: 600 });
  }
  const start = Date.now();
  await Promise.all(
    users.map(async (userId) => {
      for (let n = 1; n <= 6; n += 1) {
        const event = events.text(
          { userId, replyToken: emulator.issueReplyToken(userId), timestamp: start + n },
          String(n),
        );
        expect((await post(n % 2, webhookBody([event]))).status).toBe(200);
      }
    }),
  );
  await waitFor(
    () => users.every((u) => emulator.messagesFor(u).length === 6),
    'six answers for every user',
    20_000,
  );
  for (const userId of users) {
    const answers = emulator.messagesFor(userId).map((m) => (m as { text: string }).text);
    expect(answers).toEqual(['1', '1,2', '1,2,3', '1,2,3,4', '1,2,3,4,5', '1,2,3,4,5,6']);
  }
  expect(emulator.rejected).toEqual([]);
});
