// The two event claim lanes (photos apart from everything else): a chat's events still run in its order across
// lanes, a slow photo never holds other chats' taps, and an event that fails once is retried without losing or
// repeating any other.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ClaimLoop } from '../../src/events/claim-loop.ts';
import {
  claimEvents,
  type EventLane,
  insertEvents,
  releaseFailedEvent,
  type StoredEvent,
} from '../../src/events/event-repository.ts';
import { completeEvents } from '../../src/outbox/outbox-repository.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';
import { newEventId, newUserId } from '../helpers/webhook-events.ts';

const OWNER = 'lanes-test';
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ EVENT_WORKERS_ENABLED: 'false' });
}, 60_000);
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await h.query('DELETE FROM webhook_events');
});

type Kind = 'image' | 'text' | 'tap';

/** Stores one event per entry, in this order of occurrence (1 ms apart); returns their ids. */
async function store(entries: [chat: string, kind: Kind][]): Promise<string[]> {
  const base = Date.now() - 10_000;
  const rows = entries.map(([chat, kind], i) => ({
    eventId: newEventId(),
    eventType: kind === 'tap' ? 'postback' : 'message',
    chatId: chat,
    userId: chat,
    mode: 'active',
    isRedelivery: false,
    occurredAt: new Date(base + i),
    destination: 'Ubot',
    payload:
      kind === 'tap'
        ? { type: 'postback', postback: { data: 'x' } }
        : {
            type: 'message',
            message: kind === 'image' ? { type: 'image', id: '1' } : { type: 'text', text: 'a' },
          },
  }));
  await insertEvents(h.app.pg.pool, rows);
  return rows.map((r) => r.eventId);
}

const claim = async (lane: EventLane, limit = 50) =>
  (await claimEvents(h.app.pg.pool, OWNER, limit, 60, lane)).map((e) => e.eventId);

const complete = (eventId: string) =>
  completeEvents(h.app.pg.pool, [
    { eventId, owner: OWNER, outbound: null, leaseSeconds: 60, channel: 'line' },
  ]);

describe('claim lanes', () => {
  it('gives photos to the content lane and everything else to the messages lane', async () => {
    const a = newUserId();
    const b = newUserId();
    const [photo, text, tap] = await store([
      [a, 'image'],
      [b, 'text'],
      [b, 'tap'],
    ]);
    expect(await claim('content')).toEqual([photo]);
    expect(await claim('messages')).toEqual([text, tap]);
  });

  it("keeps a chat's order across lanes: its tap waits for its photo, other chats do not", async () => {
    const a = newUserId();
    const b = newUserId();
    const [photo, afterPhoto, other, photoAfterTap] = await store([
      [a, 'image'],
      [a, 'tap'],
      [b, 'text'],
      [b, 'image'],
    ]);
    // a's tap waits behind a's unclaimed photo; b's text is taken; b's photo waits behind b's text.
    expect(await claim('messages')).toEqual([other]);
    expect(await claim('content')).toEqual([photo]);
    // While the photo is handled, a's tap is still held back.
    expect(await claim('messages')).toEqual([]);
    await complete(photo as string);
    expect(await claim('messages')).toEqual([afterPhoto]);
    await complete(other as string);
    expect(await claim('content')).toEqual([photoAfterTap]);
  });

  it('never lets a tap pass a photo whose holder died (lease taken over in the content lane first)', async () => {
    const a = newUserId();
    const [photo, tap] = await store([
      [a, 'image'],
      [a, 'tap'],
    ]);
    await h.query(
      `UPDATE webhook_events SET status = 'processing', lease_owner = 'dead', lease_until = now() - interval '1 s'
        WHERE event_id = $1`,
      [photo],
    );
    expect(await claim('messages')).toEqual([]);
    expect(await claim('content')).toEqual([photo]);
    await complete(photo as string);
    expect(await claim('messages')).toEqual([tap]);
  });
});

describe('two lanes running at once', () => {
  it('handles every event once, in each chat in order, while one event fails once and is retried', async () => {
    const chats = Array.from({ length: 8 }, () => newUserId());
    // Each chat: tap, photo, text, photo, tap — interleaved with the others, as residents would send them.
    const pattern: Kind[] = ['tap', 'image', 'text', 'image', 'tap'];
    const entries: [string, Kind][] = [];
    for (const kind of pattern) for (const chat of chats) entries.push([chat, kind]);
    const ids = await store(entries);
    const chatOf = new Map(ids.map((id, i) => [id, entries[i]?.[0] as string]));
    const failOnce = ids[chats.length + 3] as string; // a photo of the fourth chat
    let failed = false;

    const handled: string[] = [];
    const attempts = new Map<string, number>();
    let photosAtOnce = 0;
    let mostPhotosAtOnce = 0;
    const handle = async (event: StoredEvent) => {
      attempts.set(event.eventId, (attempts.get(event.eventId) ?? 0) + 1);
      const isPhoto = (event.payload as { message?: { type?: string } }).message?.type === 'image';
      if (isPhoto) {
        photosAtOnce += 1;
        mostPhotosAtOnce = Math.max(mostPhotosAtOnce, photosAtOnce);
      }
      try {
        await sleep(isPhoto ? 30 : 2);
        if (event.eventId === failOnce && !failed) {
          failed = true;
          // As the processor does (without its backoff): given back for another attempt.
          await releaseFailedEvent(h.app.pg.pool, event.eventId, OWNER, 'boom', false, 0);
          return;
        }
        handled.push(event.eventId);
        await complete(event.eventId);
      } finally {
        if (isPhoto) photosAtOnce -= 1;
      }
    };
    const loops: ClaimLoop<StoredEvent>[] = [];
    const wakeAll = () => {
      for (const loop of loops) loop.wake();
    };
    for (const [lane, concurrency] of [
      ['messages', 8],
      ['content', 2],
    ] as const) {
      loops.push(
        new ClaimLoop<StoredEvent>({
          name: lane,
          concurrency,
          pollMs: 50,
          log: h.app.log,
          claim: (limit) => claimEvents(h.app.pg.pool, OWNER, limit, 60, lane),
          groupKey: (event) => event.chatId ?? event.eventId,
          handle: (event) => handle(event).finally(wakeAll),
        }),
      );
    }
    for (const loop of loops) loop.start();
    try {
      const deadline = Date.now() + 30_000;
      while (handled.length < ids.length && Date.now() < deadline) await sleep(20);
    } finally {
      for (const loop of loops) await loop.stop();
    }

    expect(failed).toBe(true);
    expect(handled).toHaveLength(ids.length);
    expect(new Set(handled).size).toBe(ids.length);
    expect(attempts.get(failOnce)).toBe(2);
    for (const id of ids) if (id !== failOnce) expect(attempts.get(id)).toBe(1);
    // Per chat, the order handled is the order sent. An event given back for a retry does not hold its chat
    // up (as before lanes: a poison event must not block a resident), so there only the others keep order.
    for (const chat of chats) {
      const sent = ids.filter((id) => chatOf.get(id) === chat && id !== failOnce);
      expect(handled.filter((id) => chatOf.get(id) === chat && id !== failOnce)).toEqual(sent);
    }
    expect(mostPhotosAtOnce).toBeLessThanOrEqual(2);
    const open = await h.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM webhook_events WHERE status <> 'done'`,
    );
    expect(open[0]?.n).toBe(0);
  }, 60_000);
});
