// Local mode never sends what was queued for real LINE: every push is tagged with the channel of the run that
// queued it, and the local run's outbox takes only its own (here over a database a real channel left pushes in).
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { enqueuePush } from '../../src/outbox/outbox-repository.ts';
import { waitFor } from '../helpers/harness.ts';
import { type LocalServer, startLocalServer } from '../helpers/local-server.ts';
import { newUserId } from '../helpers/webhook-events.ts';

let server: LocalServer;
beforeAll(async () => {
  server = await startLocalServer();
});
afterAll(async () => {
  await server?.close();
});

it('sends its own pushes and leaves the ones a real channel queued', async () => {
  const realResident = newUserId();
  const simulated = newUserId();
  // What a run with a real channel left behind (its channel recorded on the row).
  await server.query(
    `INSERT INTO outbound_messages (to_id, messages, retry_key, status, channel)
     VALUES ($1, '[{"type":"text","text":"本物の住民へのお知らせ"}]', gen_random_uuid(), 'pending', 'line')`,
    [realResident],
  );
  // Queued by this run, the way every feature queues a push.
  await server.app.pg.transact((tx) =>
    enqueuePush(tx, { toId: simulated, messages: [{ type: 'text', text: 'シミュレーターへ' }] }),
  );
  server.app.workers.outbox.wake();
  const row = (to: string) =>
    server.query<{ status: string; channel: string }>(
      'SELECT status, channel FROM outbound_messages WHERE to_id = $1',
      [to],
    );
  await waitFor(async () => (await row(simulated))[0]?.status !== 'pending', 'the local push to be handled');
  expect((await row(simulated))[0]?.channel).toBe('local');
  await sleep(500);
  expect(await row(realResident)).toEqual([{ status: 'pending', channel: 'line' }]);
  expect(
    server.local.emulator.requests.filter((r) => JSON.stringify(r.body ?? '').includes(realResident)),
  ).toEqual([]);
});
