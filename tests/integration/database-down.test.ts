// With the database unreachable the webhook answers 503 (LINE redelivers) and readiness fails; once it is
// back, the redelivered event is stored and handled once. Needs a real PostgreSQL server to take away.
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Harness, startHarness, waitFor } from '../helpers/harness.ts';
import { onPostgres, testDatabaseUrl } from '../helpers/test-database.ts';
import { events } from '../helpers/webhook-events.ts';

let h: Harness;
beforeAll(async () => {
  if (onPostgres) h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: testDatabaseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

it.skipIf(!onPostgres)(
  'answers 503 while the database is down and handles the redelivery once (PostgreSQL only: set TEST_DATABASE_URL)',
  async () => {
    const name = new URL(h.db.databaseUrl as string).pathname.slice(1);
    const userId = h.newUser('Mio', 'ja');
    const event = events.sticker({ userId, replyToken: h.emulator.issueReplyToken(userId) });

    await admin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`);
    try {
      const res = await h.send(event);
      expect(res.status).toBe(503);
      expect((await fetch(`${h.url}/readyz`)).status).toBe(503);
      expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
    } finally {
      await admin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    }

    const again = await h.send({ ...event, deliveryContext: { isRedelivery: true } });
    expect(again.status).toBe(200);
    await waitFor(
      () => h.emulator.deliveries.some((d) => d.userId === userId),
      'the answer to the redelivered event',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const mine = h.emulator.deliveries.filter((d) => d.userId === userId);
    expect(mine).toHaveLength(1);
    // A redelivered event's reply token is not trusted: the answer is pushed.
    expect(mine[0]?.kind).toBe('push');
  },
);
