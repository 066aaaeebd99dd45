// The webhook's answers and what it stores: forged, unsigned, oversized and malformed bodies store nothing;
// events are stored once under their webhookEventId and handled once, however often LINE sends them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, waitFor } from '../helpers/harness.ts';
import { DESTINATION, events, sign, webhookBody } from '../helpers/webhook-events.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function eventCount(): Promise<number> {
  const rows = await h.query<{ n: string }>('SELECT count(*)::text AS n FROM webhook_events');
  return Number(rows[0]?.n);
}

describe('POST /webhook', () => {
  it('answers the console Verify body with 200', async () => {
    const res = await h.post(JSON.stringify({ destination: DESTINATION, events: [] }));
    expect(res.status).toBe(200);
  });

  it('rejects a forged, an unsigned, an oversized and a malformed webhook and stores nothing', async () => {
    const before = await eventCount();
    const userId = h.newUser('Forger');
    const body = webhookBody([events.text({ userId }, 'hello')]);

    const forged = await h.post(body, { 'x-line-signature': sign(body, 'some-other-secret') });
    expect(forged.status).toBe(401);

    const unsigned = await fetch(`${h.url}/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(unsigned.status).toBe(401);

    const tampered = await h.post(body.replace('hello', 'HELLO'), { 'x-line-signature': sign(body) });
    expect(tampered.status).toBe(401);

    const huge = webhookBody([events.text({ userId }, 'x'.repeat(h.config.webhookBodyLimitBytes))]);
    expect((await h.post(huge)).status).toBe(413);

    const notJson = '{"destination": "x", "events": [';
    expect((await h.post(notJson)).status).toBe(400);

    const notWebhook = JSON.stringify({ hello: 'world' });
    const res = await h.post(notWebhook);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/not a LINE webhook/);

    const missingId = JSON.stringify({
      destination: DESTINATION,
      events: [{ type: 'follow', timestamp: 1 }],
    });
    expect((await h.post(missingId)).status).toBe(400);

    expect(await eventCount()).toBe(before);
    expect(h.emulator.deliveries.filter((d) => d.userId === userId)).toHaveLength(0);
  });

  it('handles an event sent three times (twice as redelivery) exactly once', async () => {
    const userId = h.newUser('Hanako', 'ja');
    const replyToken = h.emulator.issueReplyToken(userId);
    const event = events.sticker({ userId, replyToken });
    const first = await h.send(event);
    expect(first.status).toBe(200);
    const redelivered = { ...event, deliveryContext: { isRedelivery: true } };
    expect((await h.send(redelivered)).status).toBe(200);
    expect((await h.send(redelivered)).status).toBe(200);

    await waitFor(() => h.emulator.messagesFor(userId).length > 0, 'the reply');
    // Give a wrongly repeated handling the chance to show up before asserting it did not.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(h.emulator.deliveries.filter((d) => d.userId === userId)).toHaveLength(1);
    expect(h.emulator.deliveries.find((d) => d.userId === userId)?.kind).toBe('reply');
    const rows = await h.query<{ status: string }>('SELECT status FROM webhook_events WHERE event_id = $1', [
      event.webhookEventId,
    ]);
    expect(rows).toEqual([{ status: 'done' }]);
  });

  it('stores, logs and acknowledges unknown event types without answering them', async () => {
    const userId = h.newUser('Future');
    const event = events.custom({ userId }, 'somethingNew', { somethingNew: { x: 1 } });
    expect((await h.send(event)).status).toBe(200);
    const row = await waitFor(async () => {
      const rows = await h.query<{ status: string; event_type: string }>(
        'SELECT status, event_type FROM webhook_events WHERE event_id = $1',
        [event.webhookEventId],
      );
      return rows[0]?.status === 'done' ? rows[0] : undefined;
    }, 'the unknown event to be done');
    expect(row.event_type).toBe('somethingNew');
    expect(h.emulator.deliveries.filter((d) => d.userId === userId)).toHaveLength(0);
  });

  it('stores standby events and never answers them', async () => {
    const userId = h.newUser('Standby');
    const event = events.text({ userId, mode: 'standby' }, 'hello');
    expect((await h.send(event)).status).toBe(200);
    await waitFor(async () => {
      const rows = await h.query<{ status: string }>(
        'SELECT status FROM webhook_events WHERE event_id = $1',
        [event.webhookEventId],
      );
      return rows[0]?.status === 'done';
    }, 'the standby event to be done');
    expect(h.emulator.deliveries.filter((d) => d.userId === userId)).toHaveLength(0);
  });

  it('stores every event of a multi-event body in one answer', async () => {
    const a = h.newUser('A');
    const b = h.newUser('B');
    const list = [
      events.sticker({ userId: a, replyToken: h.emulator.issueReplyToken(a) }),
      events.sticker({ userId: b, replyToken: h.emulator.issueReplyToken(b) }),
    ];
    expect((await h.send(...list)).status).toBe(200);
    await waitFor(
      () => h.emulator.messagesFor(a).length === 1 && h.emulator.messagesFor(b).length === 1,
      'both replies',
    );
  });

  it('never sends anything LINE would reject', () => {
    expect(h.emulator.rejected).toEqual([]);
  });
});
