// Signed events the database cannot store as sent (NUL, lone surrogates, deep nesting) are stored sanitised and
// answered, never 503; an event the database refuses never fails the webhooks that share its batched INSERT.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewEventRow } from '../../src/events/event-repository.ts';
import { storeEventRows } from '../../src/line/webhook/store-events.ts';
import { chatWith } from '../helpers/chat.ts';
import { type Harness, startHarness, waitFor } from '../helpers/harness.ts';
import { DESTINATION, events, type LineEvent, newUserId, webhookBody } from '../helpers/webhook-events.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const { exchange } = chatWith(() => h);
const PLACEHOLDER = '"__RAW_JSON__"';

/** Nesting JSON.stringify could not even produce: `n` arrays inside each other. */
function nested(n: number): string {
  return '['.repeat(n) + ']'.repeat(n);
}

/** The body of `event` with raw JSON put where the event holds PLACEHOLDER. */
function bodyWith(event: LineEvent, raw: string): string {
  return webhookBody([event]).replace(PLACEHOLDER, raw);
}

function depthOf(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    deepest = Math.max(deepest, depth);
    if (node !== null && typeof node === 'object') {
      for (const child of Object.values(node)) stack.push([child, depth + 1]);
    }
  }
  return deepest;
}

async function storedPayload(eventId: string): Promise<Record<string, unknown> | undefined> {
  const rows = await h.query<{ payload: Record<string, unknown> }>(
    'SELECT payload FROM webhook_events WHERE event_id = $1',
    [eventId],
  );
  return rows[0]?.payload;
}

async function storedCount(eventIds: string[]): Promise<number> {
  const rows = await h.query<{ n: string }>(
    'SELECT count(*)::text AS n FROM webhook_events WHERE event_id = ANY($1::text[])',
    [eventIds],
  );
  return Number(rows[0]?.n);
}

/** A text message with nesting `levels` deep inside an extra field LINE might add one day. */
function deepEvent(userId: string, levels: number, replyToken?: string): { event: LineEvent; body: string } {
  const event = events.text({ userId, replyToken }, 'こんにちは');
  (event.message as Record<string, unknown>).extra = JSON.parse(PLACEHOLDER);
  return { event, body: bodyWith(event, nested(levels)) };
}

describe('a poison event alone', () => {
  it.each([
    ['a NUL', 'a\u0000b'],
    ['a lone high surrogate', 'a\ud800b'],
    ['a lone low surrogate', 'a\udc00b'],
  ])('stores a text with %s sanitised and answers it', async (_kind, text) => {
    const userId = h.newUser('Poison');
    let eventId = '';
    const reply = await exchange(userId, (replyToken) => {
      const event = events.text({ userId, replyToken }, text);
      eventId = event.webhookEventId;
      return event;
    });
    expect(reply.length).toBeGreaterThan(0);
    const payload = await storedPayload(eventId);
    expect(payload).toMatchObject({ message: { text: 'a\ufffdb' } });
  });

  it('stores a key holding a NUL sanitised', async () => {
    const userId = h.newUser('Key');
    const event = events.custom({ userId }, 'somethingNew', { somethingNew: { 'k\u0000': 'v\u0000' } });
    expect((await h.send(event)).status).toBe(200);
    const payload = await storedPayload(event.webhookEventId);
    expect(payload?.somethingNew).toEqual({ 'k\ufffd': 'v\ufffd' });
  });

  it.each([10_000, 100_000])(
    'stores an event nested %i levels deep cut to a sane depth and answers it',
    async (levels) => {
      const userId = h.newUser('Deep');
      const replyToken = h.emulator.issueReplyToken(userId);
      const { event, body } = deepEvent(userId, levels, replyToken);
      const res = await h.post(body);
      expect(res.status).toBe(200);
      await waitFor(() => h.emulator.messagesFor(userId).length > 0, 'the answer');
      const payload = await storedPayload(event.webhookEventId);
      expect(payload).toMatchObject({ message: { text: 'こんにちは' } });
      expect(depthOf(payload)).toBeLessThanOrEqual(32);
      expect(depthOf(payload)).toBeGreaterThan(20);
    },
  );

  it.each([10_000, 100_000])('refuses with 400 a body whose envelope is nested %i deep', async (levels) => {
    const asBody = await h.post(nested(levels));
    expect(asBody.status).toBe(400);
    const asEvents = await h.post(`{"destination":"${DESTINATION}","events":${nested(levels)}}`);
    expect(asEvents.status).toBe(400);
    const asEvent = await h.post(`{"destination":"${DESTINATION}","events":[${nested(levels)}]}`);
    expect(asEvent.status).toBe(400);
    const asSource: LineEvent = events.sticker({ userId: newUserId() });
    asSource.source = JSON.parse(PLACEHOLDER);
    const res = await h.post(bodyWith(asSource, nested(levels)));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/events\.0\.source/);
    expect(await storedCount([asSource.webhookEventId])).toBe(0);
  });
});

describe('a poison event among ~200 concurrent innocent webhooks', () => {
  function innocentBodies(count: number): { ids: string[]; bodies: string[] } {
    const list = Array.from({ length: count }, () =>
      events.sticker({ userId: newUserId(), mode: 'standby' }),
    );
    return { ids: list.map((e) => e.webhookEventId), bodies: list.map((e) => webhookBody([e])) };
  }

  it('stores every innocent webhook and the poison ones sanitised', async () => {
    const innocent = innocentBodies(200);
    const poison = [
      events.text({ userId: newUserId(), mode: 'standby' }, 'a\u0000b'),
      events.text({ userId: newUserId(), mode: 'standby' }, 'a\ud800b'),
    ];
    const deep = [10_000, 100_000].map((levels) => deepEvent(newUserId(), levels));
    const poisonBodies = [...poison.map((e) => webhookBody([e])), ...deep.map((d) => d.body)];
    const bodies = [...innocent.bodies];
    poisonBodies.forEach((body, i) => {
      bodies.splice(40 * (i + 1), 0, body);
    });

    const statuses = await Promise.all(bodies.map(async (body) => (await h.post(body)).status));
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(await storedCount(innocent.ids)).toBe(200);
    const poisonIds = [...poison, ...deep.map((d) => d.event)].map((e) => e.webhookEventId);
    expect(await storedCount(poisonIds)).toBe(poisonIds.length);
  });

  it('answers the innocent webhooks 200 when the database refuses one event of their batch', async () => {
    // Stands in for a refusal nobody foresaw: the database rejects this one event's row.
    await h.query(
      `ALTER TABLE webhook_events ADD CONSTRAINT test_refuses_marked CHECK (NOT (payload ? 'refuseMe'))`,
    );
    try {
      const innocent = innocentBodies(200);
      const refused = events.custom({ userId: newUserId(), mode: 'standby' }, 'message', {
        message: { type: 'text', id: '1', text: 'x' },
        refuseMe: true,
      });
      const bodies = [...innocent.bodies];
      bodies.splice(100, 0, webhookBody([refused]));
      const statuses = await Promise.all(bodies.map(async (body) => (await h.post(body)).status));
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
      expect(await storedCount(innocent.ids)).toBe(200);
      expect(await storedCount([refused.webhookEventId])).toBe(0);
    } finally {
      await h.query('ALTER TABLE webhook_events DROP CONSTRAINT test_refuses_marked');
    }
  });

  it('stores the rest of one batch around the rows the database refuses, and stays usable', async () => {
    await h.query(
      `ALTER TABLE webhook_events ADD CONSTRAINT test_refuses_marked CHECK (NOT (payload ? 'refuseMe'))`,
    );
    try {
      const rows: NewEventRow[] = Array.from({ length: 9 }, (_, i) => {
        const event = events.sticker({ userId: newUserId(), mode: 'standby' });
        return {
          eventId: event.webhookEventId,
          eventType: 'message',
          chatId: null,
          userId: null,
          mode: 'standby',
          isRedelivery: false,
          occurredAt: new Date(),
          destination: DESTINATION,
          payload: i === 2 || i === 7 ? { ...event, refuseMe: true } : event,
        };
      });
      const result = await storeEventRows(h.app.pg.pool, rows);
      const refused = [rows[2]?.eventId, rows[7]?.eventId];
      expect([...result.refused.keys()].sort()).toEqual(refused.sort());
      expect(result.inserted.size).toBe(7);
      expect(await storedCount(rows.map((r) => r.eventId))).toBe(7);
    } finally {
      await h.query('ALTER TABLE webhook_events DROP CONSTRAINT test_refuses_marked');
    }
  });

  it('never sends anything LINE would reject', () => {
    expect(h.emulator.rejected).toEqual([]);
  });
});
