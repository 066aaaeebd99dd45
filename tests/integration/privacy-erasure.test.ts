// A parent deleting their data deletes it from the raw LINE traffic too, in the same transaction: after
// withdrawing consent, or deleting one child, no event or message row holds the nickname or the birth date in
// any form. What was still pending is sent intact, then scrubbed by the retention loop; the childcare retention
// purge (a child turning 18) scrubs the same way.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatBirthDate } from '../../src/features/childcare/children/format.ts';
import type { PurgeResult } from '../../src/features/childcare/retention.ts';
import type { Language } from '../../src/i18n/index.ts';
import { t } from '../../src/i18n/index.ts';
import type { RawDataRetentionResult } from '../../src/privacy/index.ts';
import { chatWith } from '../helpers/chat.ts';
import { bubblesOf, postbacksOf } from '../helpers/flex-actions.ts';
import { type Harness, startHarness, waitFor } from '../helpers/harness.ts';
import { rawRowsContaining } from '../helpers/raw-data.ts';
import { events } from '../helpers/webhook-events.ts';

// 2026-12-15 12:00 in Kasuga.
const clock = new Date('2026-12-15T03:00:00Z');

let h: Harness;
beforeAll(async () => {
  h = await startHarness({}, { now: () => clock });
});
afterAll(async () => {
  await h?.close();
});

const tr = (lang: Language, key: string) => t(lang, `childcareChildren:${key}`);
const { exchange, tap, say } = chatWith(() => h);

interface Action {
  type: string;
  label: string;
  data?: string;
}
/** Every action a message offers: quick replies, Flex buttons, date pickers. */
function actionsOf(node: unknown): Action[] {
  if (Array.isArray(node)) return node.flatMap(actionsOf);
  if (typeof node !== 'object' || node === null) return [];
  const record = node as Record<string, unknown>;
  const action = record.action as Action | undefined;
  const own = action?.data ? [action] : [];
  return [
    ...own,
    ...Object.entries(record).flatMap(([key, value]) => (key === 'action' ? [] : actionsOf(value))),
  ];
}
function dataFor(messages: unknown[], label: string): string {
  const data = actionsOf(messages).find((a) => a.label === label)?.data;
  if (!data) throw new Error(`no "${label}" in ${JSON.stringify(messages).slice(0, 300)}`);
  return data;
}
/** LINE's date picker: the action's data with the chosen date in params. */
const pick = (userId: string, data: string, date: string) =>
  exchange(userId, (replyToken) => ({
    ...events.postback({ userId, replyToken }, data),
    postback: { data, params: { date } },
  }));

/** Consent (first time), nickname, the date picker, no district, save; then the list (which shows both). */
async function register(userId: string, lang: Language, nickname: string, birthDate: string): Promise<void> {
  let messages = await tap(userId, 'action=feature&feature=childcare&do=add');
  if (actionsOf(messages).some((a) => a.label === tr(lang, 'consent.agree'))) {
    messages = await tap(userId, dataFor(messages, tr(lang, 'consent.agree')));
  }
  const birth = await say(userId, nickname);
  const picker = actionsOf(birth).find((a) => a.type === 'datetimepicker');
  let next = await pick(userId, picker?.data ?? '', birthDate);
  if (actionsOf(next).some((a) => a.label === tr(lang, 'district.none'))) {
    next = await tap(userId, dataFor(next, tr(lang, 'district.none')));
  }
  await tap(userId, dataFor(next, tr(lang, 'confirm.save')));
}

/** Every form the nickname and birth date take in what the parent sent and what the bot answered. */
const traces = (lang: Language, nickname: string, birthDate: string) => [
  nickname,
  birthDate,
  formatBirthDate(lang, birthDate),
];

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
    'everything handled and sent',
  );

const erasureOf = (userId: string) => h.query('SELECT 1 FROM raw_data_erasures WHERE user_id = $1', [userId]);

describe('withdrawing consent', () => {
  it.each<Language>(['ja', 'en'])(
    'leaves no trace of the children in raw events or messages (%s)',
    async (lang) => {
      const userId = h.newUser(`Parent ${lang}`, lang);
      await register(userId, lang, 'はなこ', '2025-10-01');
      await register(userId, lang, 'Taro', '2023-04-01');
      const list = await tap(userId, 'action=feature&feature=childcare&do=list');
      await settled(userId);
      const all = [...traces(lang, 'はなこ', '2025-10-01'), ...traces(lang, 'Taro', '2023-04-01')];
      expect((await rawRowsContaining(h, ...all)).length).toBeGreaterThan(5);
      // Another parent's rows are none of this withdrawal's business.
      const other = h.newUser(`Other ${lang}`, lang);
      await say(other, 'はなこ');

      const ask = await tap(userId, dataFor(list, tr(lang, 'list.withdraw')));
      await tap(userId, dataFor(ask, tr(lang, 'withdraw.yes')));
      // At once: in the withdrawal's own transaction.
      const mine = (rows: { json: string }[]) => rows.filter((row) => row.json.includes(userId));
      expect(mine(await rawRowsContaining(h, ...all))).toEqual([]);
      expect((await rawRowsContaining(h, 'はなこ')).filter((row) => row.json.includes(other))).toHaveLength(
        1,
      );
      await settled(userId);
      // The answer to the withdrawal itself was in flight then: the loop closes the request once it has gone.
      expect(await erasureOf(userId)).toHaveLength(1);
      await h.app.jobs.get<RawDataRetentionResult>('privacy.raw-data').runOnce();
      expect(await erasureOf(userId)).toEqual([]);
      const stubs = await h.query<{ payload: { scrubbed?: boolean } }>(
        'SELECT payload FROM webhook_events WHERE user_id = $1',
        [userId],
      );
      expect(stubs.length).toBeGreaterThan(5);
      expect(stubs.every((row) => row.payload.scrubbed)).toBe(true);
    },
  );
});

describe('deleting a child', () => {
  it('scrubs the parent at once, sends what was pending intact, then scrubs it', async () => {
    const userId = h.newUser('Yui', 'ja');
    await register(userId, 'ja', 'さくら', '2024-02-29');
    await register(userId, 'ja', 'そうた', '2022-06-15');
    const list = await tap(userId, 'action=feature&feature=childcare&do=list');
    await settled(userId);
    // A reminder naming さくら is queued for later (say, the next 09:00).
    await h.query(
      `INSERT INTO outbound_messages (to_id, messages, retry_key, status, available_at)
       VALUES ($1, $2, $3, 'pending', now() + interval '1 day')`,
      [userId, JSON.stringify([{ type: 'text', text: 'さくらさんの健診のお知らせ' }]), randomUUID()],
    );
    const sakura = bubblesOf(list[0]).find((b) => JSON.stringify(b).includes('さくら'));
    const ask = await tap(userId, dataFor([{ contents: sakura }], tr('ja', 'list.delete')));
    await tap(userId, postbacksOf(ask).find((a) => a.label === tr('ja', 'delete.yes'))?.data ?? '');

    // Finished rows are stubs now; what was unfinished at the deletion (the reminder, the answer naming the
    // child) is left whole to be sent.
    const left = await rawRowsContaining(
      h,
      ...traces('ja', 'さくら', '2024-02-29'),
      ...traces('ja', 'そうた', '2022-06-15'),
    );
    expect(left.every((row) => row.table === 'outbound_messages')).toBe(true);
    expect(left.some((row) => row.json.includes('健診のお知らせ'))).toBe(true);

    await h.query(
      `UPDATE outbound_messages SET available_at = now() WHERE to_id = $1 AND status = 'pending'`,
      [userId],
    );
    h.app.workers.outbox.wake();
    await settled(userId);
    const pushed = h.emulator.deliveries.filter((d) => d.userId === userId && d.kind === 'push');
    expect(JSON.stringify(pushed)).toContain('さくらさんの健診のお知らせ');

    await h.app.jobs.get<RawDataRetentionResult>('privacy.raw-data').runOnce();
    expect(
      await rawRowsContaining(
        h,
        ...traces('ja', 'さくら', '2024-02-29'),
        ...traces('ja', 'そうた', '2022-06-15'),
      ),
    ).toEqual([]);
    expect(await erasureOf(userId)).toEqual([]);
    // The other child's record stays; only the raw traffic went.
    expect(await h.query('SELECT nickname FROM childcare_children WHERE user_id = $1', [userId])).toEqual([
      { nickname: 'そうた' },
    ]);
  });
});

describe('the childcare retention purge', () => {
  it("scrubs a parent's raw traffic when their child turns 18", async () => {
    const userId = h.newUser('Ken', 'ja');
    await register(userId, 'ja', 'けんた', '2008-12-16');
    await settled(userId);
    expect((await rawRowsContaining(h, 'けんた')).length).toBeGreaterThan(0);
    // The day the child turns 18 (the app's clock is the purge's).
    const purged = await h.app.jobs
      .get<PurgeResult>('childcare.retention')
      .runOnce(new Date('2026-12-16T03:00:00Z'));
    expect(purged.children).toBe(1);
    expect(await rawRowsContaining(h, 'けんた', '2008-12-16', formatBirthDate('ja', '2008-12-16'))).toEqual(
      [],
    );
  });
});
