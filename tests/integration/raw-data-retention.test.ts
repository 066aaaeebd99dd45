// Retention of raw LINE traffic against the whole server: the periodic job (its clock moved) turns finished
// events and messages older than RAW_DATA_RETENTION_DAYS into stubs and leaves recent, pending and in-flight
// ones; stubs still de-duplicate LINE's redeliveries and are deleted at the end of their life; a damage report's
// comment with a phone number leaves the raw tables (the report itself stays with the city).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../src/i18n/index.ts';
import { type RawDataRetentionResult, STUB_RETENTION_DAYS } from '../../src/privacy/index.ts';
import { FIXTURES, fixture } from '../fixtures/photos/inspect.ts';
import { chatWith } from '../helpers/chat.ts';
import { bubblesOf, postbacksOf, textOf } from '../helpers/flex-actions.ts';
import { type Harness, startHarness, waitFor } from '../helpers/harness.ts';
import { rawRowsContaining } from '../helpers/raw-data.ts';
import { events, newUserId } from '../helpers/webhook-events.ts';

const DAY = 24 * 60 * 60 * 1000;
const JPEG = fixture(FIXTURES.gpsLandscape);

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const { exchange, tap, say } = chatWith(() => h);
const later = (days: number) => new Date(Date.now() + days * DAY);

/** Moves a resident's events and the messages to them `days` into the past, as if they were that old. */
async function age(userId: string, days: number): Promise<void> {
  await h.query(
    `UPDATE webhook_events SET received_at = received_at - make_interval(days => $2) WHERE user_id = $1`,
    [userId, days],
  );
  await h.query(
    `UPDATE outbound_messages SET created_at = created_at - make_interval(days => $2) WHERE to_id = $1`,
    [userId, days],
  );
}

/** Waits until nothing to this resident is waiting to be sent (the outbox marks a message sent after LINE took it). */
const settled = (userId: string) =>
  waitFor(
    async () =>
      (
        await h.query(
          `SELECT 1 FROM outbound_messages WHERE to_id = $1 AND status IN ('pending', 'sending')
           UNION ALL SELECT 1 FROM webhook_events WHERE user_id = $1 AND status IN ('pending', 'processing')`,
          [userId],
        )
      ).length === 0,
    'the messages sent',
  );

const payloadsOf = (userId: string) =>
  h.query<{ payload: Record<string, unknown>; scrubbed_at: Date | null; last_error: string | null }>(
    'SELECT payload, scrubbed_at, last_error FROM webhook_events WHERE user_id = $1 ORDER BY received_at',
    [userId],
  );

describe('the periodic job', () => {
  it('scrubs old finished rows, leaves recent, pending and in-flight ones, then deletes old stubs', async () => {
    const old = h.newUser('Old');
    const oldEvent = events.text(
      { userId: old, replyToken: h.emulator.issueReplyToken(old) },
      'OLD 092-555-0101',
    );
    await exchange(old, () => oldEvent);
    const recent = h.newUser('Recent');
    await say(recent, 'RECENT 092-555-0202');
    await settled(old);
    await settled(recent);
    // An earlier failed attempt left an error quoting the text.
    await h.query(`UPDATE webhook_events SET last_error = 'bad input OLD 092-555-0101' WHERE user_id = $1`, [
      old,
    ]);
    await age(old, 5);

    // Rows never finished: an event another instance holds, a message waiting for a retry and one being sent.
    // That instance is alive (its heartbeat is recent for the whole test), so nobody takes its rows over.
    await h.query(
      `INSERT INTO worker_instances (owner, heartbeat_at) VALUES ('elsewhere', now() + interval '1 day')
       ON CONFLICT (owner) DO UPDATE SET heartbeat_at = EXCLUDED.heartbeat_at`,
    );
    const stuck = newUserId();
    await h.query(
      `INSERT INTO webhook_events (event_id, event_type, chat_id, user_id, occurred_at, received_at, payload,
                                   status, lease_owner, lease_until)
       VALUES ($1, 'message', $2, $2, now(), now() - interval '100 days', $3, 'processing', 'elsewhere',
               now() + interval '1 day')`,
      [
        `STUCK${Date.now()}`,
        stuck,
        JSON.stringify({ type: 'message', message: { type: 'text', text: 'PENDING-SECRET' } }),
      ],
    );
    for (const status of ['pending', 'sending']) {
      await h.query(
        `INSERT INTO outbound_messages
           (to_id, messages, retry_key, status, available_at, lease_owner, lease_until, created_at)
         VALUES ($1, $2, $3, $4, now() + interval '1 day', 'elsewhere', now() + interval '1 day',
                 now() - interval '100 days')`,
        [stuck, JSON.stringify([{ type: 'text', text: 'PENDING-SECRET' }]), randomUUID(), status],
      );
    }

    // 27 days on, with a retention of 30: the rows 5 days older than the others are due, nothing else is.
    const at = later(27);
    const first = await h.app.jobs.get<RawDataRetentionResult>('privacy.raw-data').runOnce(at);
    expect(first).toMatchObject({
      eventsScrubbed: 1,
      messagesScrubbed: 1,
      eventsDeleted: 0,
      messagesDeleted: 0,
    });
    expect(await rawRowsContaining(h, '092-555-0101')).toEqual([]);
    const [stub] = await payloadsOf(old);
    expect(stub?.payload).toMatchObject({ scrubbed: true, type: 'message', message: { type: 'text' } });
    expect(stub?.payload).not.toHaveProperty('replyToken');
    expect(stub?.scrubbed_at).toEqual(at);
    expect(stub?.last_error).toBe('scrubbed');
    const [sent] = await h.query<{ messages: unknown; reply_token: string | null }>(
      'SELECT messages, reply_token FROM outbound_messages WHERE to_id = $1',
      [old],
    );
    expect(sent).toEqual({ messages: [{ type: 'text', scrubbed: true }], reply_token: null });
    expect((await payloadsOf(recent))[0]?.payload).toMatchObject({
      message: { text: 'RECENT 092-555-0202' },
    });
    expect((await rawRowsContaining(h, 'RECENT 092-555-0202')).map((row) => row.table)).toEqual([
      'webhook_events',
    ]);
    expect((await rawRowsContaining(h, 'PENDING-SECRET')).map((r) => r.status).sort()).toEqual([
      'pending',
      'processing',
      'sending',
    ]);
    // Nothing more at the same moment.
    expect(await h.app.jobs.get<RawDataRetentionResult>('privacy.raw-data').runOnce(at)).toEqual({
      erasures: 0,
      eventsScrubbed: 0,
      messagesScrubbed: 0,
      eventsDeleted: 0,
      messagesDeleted: 0,
    });

    // LINE redelivers the old event: the stub still knows its id, so it is not handled again.
    const repliesBefore = h.emulator.deliveries.filter((d) => d.userId === old).length;
    expect((await h.send({ ...oldEvent, deliveryContext: { isRedelivery: true } })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.emulator.deliveries.filter((d) => d.userId === old).length).toBe(repliesBefore);
    expect(await payloadsOf(old)).toHaveLength(1);

    // At the end of their life (STUB_RETENTION_DAYS) the old stubs go, message before event; the rest stays.
    const end = await h.app.jobs
      .get<RawDataRetentionResult>('privacy.raw-data')
      .runOnce(later(STUB_RETENTION_DAYS - 4));
    expect(end).toMatchObject({ eventsDeleted: 1, messagesDeleted: 1 });
    expect(await payloadsOf(old)).toEqual([]);
    expect(await h.query('SELECT 1 FROM outbound_messages WHERE to_id = $1', [old])).toEqual([]);
    // By then the recent rows are stubs too, not yet deleted; the unfinished ones are untouched.
    expect((await payloadsOf(recent))[0]?.payload).toMatchObject({ scrubbed: true });
    expect((await rawRowsContaining(h, 'PENDING-SECRET')).length).toBe(3);
  });
});

describe('a damage report', () => {
  const r = (key: string, vars?: Record<string, string | number>) => t('ja', `reports:${key}`, vars);
  const COMMENT = '穴が深いです。090-1234-5678 まで連絡ください';

  it('tells the resident what happens to the data, and its comment leaves the raw tables after the retention', async () => {
    const userId = h.newUser('春日 花子');
    const menu = await tap(userId, 'action=menu&item=reports');
    expect(textOf(menu[0])).toBe(`${r('intro')}\n${r('privacy', { count: 30 })}`);
    const road = menu.flatMap(bubblesOf).find((b) => textOf(b).includes('道路の穴・段差'));
    await tap(userId, postbacksOf(road)[0]?.data ?? '');
    const photoId = `7${Date.now()}`;
    h.emulator.setContent(photoId, JPEG, 'image/jpeg');
    const received = await exchange(userId, (replyToken) => events.image({ userId, replyToken }, photoId));
    const next = (
      received[0] as { quickReply: { items: { action: { label: string; data: string } }[] } }
    ).quickReply.items.find((i) => i.action.label === r('photos.done'));
    await tap(userId, next?.action.data ?? '');
    await exchange(userId, (replyToken) =>
      events.custom({ userId, replyToken }, 'message', {
        message: {
          type: 'location',
          id: `${Date.now()}1`,
          address: '春日市原町3丁目1-5',
          latitude: 33.5282,
          longitude: 130.4703,
        },
      }),
    );
    const confirm = await say(userId, COMMENT);
    expect(textOf(confirm)).toContain('090-1234-5678');
    const done = await tap(
      userId,
      postbacksOf(confirm).find((a) => a.label === r('confirm.submit'))?.data ?? '',
    );
    const number = /R\d+/.exec(textOf(done))?.[0];
    await settled(userId);
    // Before the retention the raw tables hold the comment (the resident's text and the confirmation card).
    expect((await rawRowsContaining(h, '090-1234-5678')).length).toBeGreaterThanOrEqual(2);

    await h.app.jobs.get<RawDataRetentionResult>('privacy.raw-data').runOnce(later(31));
    expect(await rawRowsContaining(h, '090-1234-5678', '原町3丁目', '33.5282')).toEqual([]);
    // The report is the city's record of it, kept apart from the raw traffic.
    const reports = await h.query<{ comment: string }>('SELECT comment FROM reports WHERE number = $1', [
      number,
    ]);
    expect(reports).toEqual([{ comment: COMMENT }]);
  });
});
