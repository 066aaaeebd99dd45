// A reply LINE answered with an error: retried with the same token (which can never deliver twice), so a reply
// that arrived despite a 500 is not pushed again, and one that did not arrive still goes out as a free reply.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Harness, startHarness, waitFor } from '../helpers/harness.ts';
import { events } from '../helpers/webhook-events.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function answersTo(userId: string) {
  await waitFor(() => h.emulator.deliveries.some((d) => d.userId === userId), 'an answer');
  await sleep(1_500);
  return h.emulator.deliveries.filter((d) => d.userId === userId);
}

it('a reply delivered despite a 500 is not sent again', async () => {
  const userId = h.newUser('Sora', 'ja');
  h.emulator.failNext({ method: 'POST', path: '/v2/bot/message/reply', status: 500, deliverThenFail: true });
  expect(
    (await h.send(events.sticker({ userId, replyToken: h.emulator.issueReplyToken(userId) }))).status,
  ).toBe(200);
  const answers = await answersTo(userId);
  expect(answers.map((d) => d.kind)).toEqual(['reply']);
  const rows = await h.query<{ status: string; via: string }>(
    'SELECT status, via FROM outbound_messages WHERE to_id = $1',
    [userId],
  );
  expect(rows).toEqual([{ status: 'sent', via: 'reply' }]);
});

it('a reply refused with a 500 is retried as a reply, once', async () => {
  const userId = h.newUser('Riku', 'ja');
  h.emulator.failNext({ method: 'POST', path: '/v2/bot/message/reply', status: 500, times: 2 });
  await h.send(events.sticker({ userId, replyToken: h.emulator.issueReplyToken(userId) }));
  const answers = await answersTo(userId);
  expect(answers.map((d) => d.kind)).toEqual(['reply']);
});

it('an expired token is answered by one push', async () => {
  const userId = h.newUser('Mei', 'ja');
  const token = h.emulator.issueReplyToken(userId);
  h.emulator.failNext({ method: 'POST', path: '/v2/bot/message/reply', status: 400 });
  await h.send(events.sticker({ userId, replyToken: token }));
  const answers = await answersTo(userId);
  expect(answers.map((d) => d.kind)).toEqual(['push']);
  expect(h.emulator.rejected).toEqual([]);
});
