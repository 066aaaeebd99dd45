// ごみ collection reminders against the whole server on a simulated clock: the evening before (or the morning
// of) an area's collection, each resident who chose that time gets one multicast naming every category due,
// in their language; none on days without collection, none to the blocked; exactly once per resident and day
// across repeated rounds, two instances at once, a restart, and LINE answering 429/500.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sampleDataset } from '../../src/features/gomi/dataset/sample.ts';
import { planReminders } from '../../src/features/gomi/reminders/plan.ts';
import { createReminderSender } from '../../src/features/gomi/reminders/sender.ts';
import { acceptedMulticasts, multicastCounts } from '../helpers/childcare-segments.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';

const MULTICAST = '/v2/bot/message/multicast';
let h: Harness;
const clock = { at: new Date() };
const at = (date: string, time: string) => new Date(`${date}T${time}:00+09:00`);

async function addResidents(
  count: number,
  input: {
    area: string;
    reminder?: 'evening' | 'morning' | null;
    minutes?: number;
    language?: string;
    followed?: boolean;
    categories?: string[];
  },
): Promise<string[]> {
  const prefix = randomBytes(4).toString('hex');
  const rows = await h.query<{ user_id: string }>(
    `INSERT INTO line_users (user_id, language, followed)
     SELECT 'U' || md5($1 || g), $3, $4 FROM generate_series(1, $2::int) g RETURNING user_id`,
    [prefix, count, input.language ?? 'ja', input.followed ?? true],
  );
  const ids = rows.map((r) => r.user_id);
  const reminder = input.reminder === undefined ? 'evening' : input.reminder;
  await h.query(
    `INSERT INTO gomi_residents (user_id, area_id, reminder, reminder_minutes, categories)
     SELECT u, $2, $3, $4, $5 FROM unnest($1::text[]) u`,
    [ids, input.area, reminder, reminder ? (input.minutes ?? 19 * 60) : null, input.categories ?? []],
  );
  return ids;
}

const round = (time: Date) => {
  clock.at = time;
  return h.app.jobs
    .get<{ batches: number; recipients: number; sent: number }>('gomi.reminders')
    .runOnce(time);
};

function expectOnce(ids: readonly string[]): void {
  const counts = multicastCounts(h);
  expect(ids.filter((id) => counts.get(id) !== 1)).toEqual([]);
}

function textOf(userId: string): string {
  const messages = h.emulator.messagesFor(userId) as { text?: string }[];
  expect(messages).toHaveLength(1);
  return messages[0]?.text ?? '';
}

describe('ごみ reminders', () => {
  beforeAll(async () => {
    h = await startHarness({ EVENT_WORKERS_ENABLED: 'false' }, { now: () => clock.at });
  }, 180_000);
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(async () => {
    await h.query('DELETE FROM gomi_reminder_batches');
    await h.query('DELETE FROM gomi_reminder_recipients');
    await h.query('DELETE FROM gomi_residents');
    h.emulator.reset();
  });

  it('sends the evening before, in batches of ≤ 500, each once, in the language, never to the blocked', async () => {
    // Monday 2026-12-07 (the 1st): kasuga collects 燃えるごみ; ootani (燃えるごみ 火金, びん 月2) nothing.
    const ja = await addResidents(1100, { area: 'kasuga' });
    const en = await addResidents(120, { area: 'kasuga', language: 'en' });
    const blocked = await addResidents(30, { area: 'kasuga', followed: false });
    const noCollection = await addResidents(40, { area: 'ootani' });
    const later = await addResidents(10, { area: 'kasuga', minutes: 18 * 60 + 0 });

    expect((await round(at('2026-12-06', '17:59'))).recipients).toBe(0);
    const first = await round(at('2026-12-06', '19:00'));
    expect(first).toMatchObject({ recipients: 1230, sent: 4 });
    const multicasts = acceptedMulticasts(h);
    expect(multicasts).toHaveLength(4);
    for (const m of multicasts) expect(m.to.length).toBeLessThanOrEqual(500);
    expectOnce([...ja, ...en, ...later]);
    const counts = multicastCounts(h);
    for (const id of [...blocked, ...noCollection]) expect(counts.has(id)).toBe(false);
    expect(textOf(ja[0] as string)).toBe(
      '【ごみ出し】明日 12月7日（月） は 🔥燃えるごみ の日です。朝8時30分までに出してください。',
    );
    expect(textOf(en[0] as string)).toContain('Tomorrow, Mon 7 Dec: 🔥Burnable waste');

    // Later rounds that evening and after a restart find everyone already reminded.
    expect((await round(at('2026-12-06', '19:01'))).recipients).toBe(0);
    await h.restart();
    expect((await round(at('2026-12-06', '19:30'))).recipients).toBe(0);
    expectOnce([...ja, ...en, ...later]);
    // Not two hours late, and not in the quiet hours.
    await h.query('DELETE FROM gomi_reminder_recipients');
    expect((await round(at('2026-12-06', '20:05'))).recipients).toBe(0);
  });

  it('sends on the morning of, names every category due in one message, and only the chosen categories', async () => {
    // Wednesday 2026-12-09 (2nd Wednesday): kasuga collects 燃えないごみ and プラ.
    const all = await addResidents(3, { area: 'kasuga', reminder: 'morning', minutes: 7 * 60 });
    const plasticOnly = await addResidents(2, {
      area: 'kasuga',
      reminder: 'morning',
      minutes: 7 * 60,
      categories: ['plastic'],
    });
    const burnableOnly = await addResidents(2, {
      area: 'kasuga',
      reminder: 'morning',
      minutes: 7 * 60,
      categories: ['burnable'],
    });
    expect((await round(at('2026-12-09', '06:59'))).recipients).toBe(0);
    expect((await round(at('2026-12-09', '07:00'))).recipients).toBe(5);
    expect(textOf(all[0] as string)).toContain(
      '今日 12月9日（水） は 🔩燃えないごみ・♻️プラスチック製容器包装 の日です',
    );
    expect(textOf(plasticOnly[0] as string)).toContain('は ♻️プラスチック製容器包装 の日です');
    expect(multicastCounts(h).has(burnableOnly[0] as string)).toBe(false);
  });

  it('sends nothing for a day without collection (年末年始)', async () => {
    await addResidents(20, { area: 'kasuga' });
    // Thursday 2026-12-31 is a 燃えるごみ day by the rules, cancelled for 年末年始.
    expect((await round(at('2026-12-30', '19:00'))).recipients).toBe(0);
    // The extra day Tuesday 12-29 is reminded on Monday evening.
    expect((await round(at('2026-12-28', '19:00'))).recipients).toBe(20);
  });

  it('does not send to a resident who blocked the account after being planned', async () => {
    const [blocked, ...others] = await addResidents(5, { area: 'kasuga' });
    const time = at('2026-12-06', '19:00');
    expect((await planReminders(h.app.pg.pool, sampleDataset(), time)).recipients).toBe(5);
    await h.query('UPDATE line_users SET followed = false WHERE user_id = $1', [blocked]);
    await round(time);
    expect(multicastCounts(h).has(blocked as string)).toBe(false);
    expectOnce(others);
  });

  it('sends each resident once when two instances run at once while LINE answers 429 and 500', async () => {
    const ids = await addResidents(2100, { area: 'kasuga' });
    h.emulator.failNext({ path: MULTICAST, status: 429, times: 2, headers: { 'retry-after': '0' } });
    h.emulator.failNext({ path: MULTICAST, status: 500, times: 2, deliverThenFail: true });
    const other = createReminderSender(
      { pool: h.app.pg.pool, line: h.app.services.line, log: h.app.log },
      async () => sampleDataset(),
      { pollMs: 60_000, perSecond: 50, now: () => clock.at, backoffMs: 1000 },
    );
    const time = at('2026-12-06', '19:00');
    clock.at = time;
    await Promise.all([round(time), other.runOnce(time), round(time)]);
    // Retries wait for their backoff: later rounds that evening finish them.
    for (let minute = 1; minute <= 20; minute += 1) {
      await round(new Date(time.getTime() + minute * 60_000));
    }
    expectOnce(ids);
    const statuses = h.emulator.requests.filter((r) => r.path === MULTICAST).map((r) => r.status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
    const [open] = await h.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM gomi_reminder_batches WHERE status <> 'sent'`,
    );
    expect(open?.n).toBe(0);
  });
});
