// ごみ through signed webhooks and the staff API, on a simulated clock: choosing the area (list and location),
// item answers (category, how, 注意点, fee, next collection day), typos and unknown items, today / tomorrow /
// two weeks, reminder settings, 粗大ごみ booked in the chat with its day-before reminder and cancelled, phone
// applications into the same ledger, capacity under concurrent applications, and imports good and bad.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffWithToken } from '../../src/admin/bootstrap.ts';
import { adminCall } from '../helpers/admin-http.ts';
import { chatWith } from '../helpers/chat.ts';
import { type Harness, startHarness, waitFor } from '../helpers/harness.ts';
import { events } from '../helpers/webhook-events.ts';

let h: Harness;
let manager: string;
const clock = { at: new Date('2026-12-03T10:00:00+09:00') }; // Thursday
const { tap, say, exchange } = chatWith(() => h);

type Message = {
  type: string;
  text?: string;
  quickReply?: { items: { action: { label: string; data?: string } }[] };
};

const textOf = (messages: unknown[]) => (messages as Message[]).map((m) => m.text ?? '').join('\n');
function buttons(messages: unknown[]): { label: string; data: string }[] {
  const last = (messages as Message[]).at(-1);
  return (last?.quickReply?.items ?? []).map((i) => ({ label: i.action.label, data: i.action.data ?? '' }));
}
function button(messages: unknown[], label: string): string {
  const found = buttons(messages).find((b) => b.label.includes(label));
  if (!found)
    throw new Error(`no button "${label}" in ${JSON.stringify(buttons(messages).map((b) => b.label))}`);
  return found.data;
}
const call = (method: string, path: string, body?: unknown) => adminCall(h.url, method, path, manager, body);

beforeAll(async () => {
  h = await startHarness({}, { now: () => clock.at });
  manager = (
    await createStaffWithToken(h.app.pg.pool, {
      name: 'ごみ係',
      isAdmin: false,
      roles: [{ scope: 'gomi', role: 'manager' }],
      via: 'test',
    })
  ).token;
}, 180_000);
afterAll(async () => {
  await h?.close();
});

describe('ごみ in the chat', () => {
  it('asks for the area once, then answers items with the next collection day', async () => {
    const userId = h.newUser('Sato', 'ja');
    const first = await tap(userId, 'action=menu&item=gomi');
    expect(textOf(first)).toContain('お住まいの地域を選んでください');
    const chosen = await tap(userId, button(first, '春日小学校区'));
    expect(textOf(chosen)).toContain('地域を「春日小学校区」にしました');

    await tap(userId, 'action=menu&item=gomi');
    const sofa = textOf(await say(userId, 'ソファー'));
    expect(sofa).toContain('分別：粗大ごみ');
    expect(sofa).toContain('料金：1000円（粗大ごみ処理券2枚）');
    const pet = textOf(await say(userId, 'ぺっとぼとる'));
    expect(pet).toContain('分別：ペットボトル');
    expect(pet).toContain('注意点：キャップとラベルを外し');
    // kasuga: ペットボトル 火2 火4 → Tuesday 2026-12-08.
    expect(pet).toContain('次の収集日：12月8日（火）');
    const spray = textOf(await say(userId, 'スプレー感'));
    expect(spray).toContain('分別：有害ごみ');
    const unknown = await say(userId, 'ぴよぴよ星人');
    expect(textOf(unknown)).toContain('見つかりませんでした');
    const [logged] = await h.query<{ count: number }>(
      `SELECT count FROM gomi_unanswered_searches WHERE query = 'ぴよぴよ星人'`,
    );
    expect(logged?.count).toBe(1);
    const close = await say(userId, 'ペットボトルのふた');
    expect(buttons(close).length).toBeGreaterThan(0);
    expect(h.emulator.rejected).toEqual([]);
  });

  it('answers a ごみ question typed outside any conversation, and leaves other questions to the FAQ', async () => {
    const userId = h.newUser('Ueda', 'ja');
    const answer = textOf(await say(userId, 'ペットボトルの捨て方を教えて'));
    expect(answer).toContain('分別：ペットボトル');
    expect(answer).toContain('地域を選ぶと、次の収集日をお知らせします。');
    const other = textOf(await say(userId, '住民票を取りたい'));
    expect(other).not.toContain('分別：');
  });

  it('tells today, tomorrow and two weeks, in English too', async () => {
    const userId = h.newUser('Alex', 'en');
    const first = await tap(userId, 'action=menu&item=gomi');
    await tap(userId, button(first, 'Sugu'));
    // Thursday 2026-12-03: sugu (燃えるごみ 火金, プラ 木) → today plastic, tomorrow burnable.
    expect(textOf(await tap(userId, 'action=feature&feature=gomi&do=today'))).toContain(
      'Today, Thu 3 Dec: ♻️Plastic packaging',
    );
    expect(textOf(await tap(userId, 'action=feature&feature=gomi&do=tomorrow'))).toContain(
      'Tomorrow, Fri 4 Dec: 🔥Burnable waste',
    );
    const calendar = textOf(await tap(userId, 'action=feature&feature=gomi&do=calendar'));
    expect(calendar).toContain('Collection days in Sugu Elementary School district');
    expect(calendar).toContain('Tue 8 Dec 🔥Burnable waste');
    expect(calendar).not.toContain('Sun 6 Dec');
  });

  it('takes the area from a shared location, and sets a reminder', async () => {
    const userId = h.newUser('Kim', 'ja');
    await tap(userId, 'action=menu&item=gomi');
    const answer = await exchange(userId, (replyToken) => ({
      ...events.custom({ userId, replyToken }, 'message'),
      message: { type: 'location', id: '1', latitude: 33.5411, longitude: 130.4688, address: '春日原' },
    }));
    expect(textOf(answer)).toContain('春日原小学校区');
    const settings = await tap(userId, 'action=feature&feature=gomi&do=remind');
    expect(textOf(settings)).toContain('今の設定：通知しない');
    await tap(userId, button(settings, '前日 19:00'));
    const [row] = await h.query<{ area_id: string; reminder: string; reminder_minutes: number }>(
      'SELECT area_id, reminder, reminder_minutes FROM gomi_residents WHERE user_id = $1',
      [userId],
    );
    expect(row).toEqual({ area_id: 'kasugabaru', reminder: 'evening', reminder_minutes: 1140 });
    // A time the menu does not offer (a forged button) is refused.
    await tap(userId, 'action=feature&feature=gomi&do=remind-set&tm=evening&m=1300');
    const [same] = await h.query<{ reminder_minutes: number }>(
      'SELECT reminder_minutes FROM gomi_residents WHERE user_id = $1',
      [userId],
    );
    expect(same?.reminder_minutes).toBe(1140);
  });
});

describe('粗大ごみ', () => {
  it('books in the chat within the day’s capacity, reminds the day before, and cancels', async () => {
    expect((await call('PUT', '/admin/gomi/bulky/days/2026-12-10', { capacity: 2 })).status).toBe(200);
    const userId = h.newUser('Mori', 'ja');
    const start = await tap(userId, 'action=feature&feature=gomi&do=bulky');
    expect(textOf(start)).toContain('出したい物の名前を送ってください');
    const added = await say(userId, 'ソファ');
    expect(textOf(added)).toContain('・ソファ ×1：1000円');
    const more = await say(userId, '自転車');
    expect(textOf(more)).toContain('合計：1500円');
    const days = await tap(userId, button(more, '日にちを選ぶ'));
    const address = await tap(userId, button(days, '12月10日'));
    expect(textOf(address)).toContain('住所');
    const confirm = await say(userId, '春日市春日5丁目1番地');
    expect(textOf(confirm)).toContain('粗大ごみ処理券');
    const booked = await tap(userId, button(confirm, '申し込む'));
    expect(textOf(booked)).toContain('申し込みました。受付番号 粗大-');
    const [application] = await h.query<{ id: string; fee: number; address: string }>(
      `SELECT id::text, fee, address FROM gomi_bulky_applications WHERE user_id = $1`,
      [userId],
    );
    expect(application).toMatchObject({ fee: 1500, address: '春日市春日5丁目1番地' });

    // The day before at 17:00: one push, once.
    const reminders = h.app.jobs.get<number>('gomi.bulky-reminders');
    expect(await reminders.runOnce(new Date('2026-12-09T16:59:00+09:00'))).toBe(0);
    expect(await reminders.runOnce(new Date('2026-12-09T17:00:00+09:00'))).toBe(1);
    expect(await reminders.runOnce(new Date('2026-12-09T18:00:00+09:00'))).toBe(0);
    await waitFor(
      () => h.emulator.deliveries.some((d) => d.userId === userId && d.kind === 'push'),
      'the reminder push',
    );

    // The staff list of the day shows it beside a phone application; cancelling frees the place.
    const phone = await call('POST', '/admin/gomi/bulky/applications', {
      name: '春日 太郎',
      phone: '092-000-0000',
      address: '春日市原町1-1',
      date: '2026-12-10',
      items: [{ id: '173', count: 1 }],
    });
    expect(phone.status).toBe(201);
    expect(phone.body).toMatchObject({ channel: 'phone', fee: 500, fromLine: false });
    // A third application for the day is refused.
    expect(
      (
        await call('POST', '/admin/gomi/bulky/applications', {
          ...phone.body,
          items: [{ id: '173', count: 1 }],
        })
      ).status,
    ).toBe(409); // the day holds 2: full now
    const list = await call('GET', '/admin/gomi/bulky/days/2026-12-10/applications');
    expect((list.body.items as unknown[]).length).toBe(2);
    const cancel = await tap(userId, `action=feature&feature=gomi&do=bulky-cancel&a=${application?.id}`);
    expect(textOf(cancel)).toContain('を取り消しました');
    const [day] = await h.query<{ booked: number }>(
      `SELECT booked FROM gomi_bulky_days WHERE date = '2026-12-10'`,
    );
    expect(day?.booked).toBe(1);
  });

  it('never books a day past its capacity, however many apply at once', async () => {
    expect((await call('PUT', '/admin/gomi/bulky/days/2026-12-11', { capacity: 3 })).status).toBe(200);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        call('POST', '/admin/gomi/bulky/applications', {
          name: `申込者${i}`,
          phone: '092-000-0000',
          address: `春日市春日${i}`,
          date: '2026-12-11',
          items: [{ id: '165', count: 1 }],
        }),
      ),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(3);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(7);
    const [day] = await h.query<{ booked: number; n: number }>(
      `SELECT d.booked, (SELECT count(*)::int FROM gomi_bulky_applications a WHERE a.date = d.date AND a.status = 'booked') AS n
         FROM gomi_bulky_days d WHERE d.date = '2026-12-11'`,
    );
    expect(day).toEqual({ booked: 3, n: 3 });
    // Lowering the capacity below what is booked is refused.
    expect((await call('PUT', '/admin/gomi/bulky/days/2026-12-11', { capacity: 2 })).status).toBe(409);
  });
});

describe('imports', () => {
  it('refuses a bad file naming file, row and column, and changes nothing', async () => {
    const bad = await call('POST', '/admin/gomi/import', {
      files: { 'items.csv': '品目,分別区分,料金\nテレビ台,家具ごみ,abc\n' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'items.csv', row: 2, column: '分別区分' }),
        expect.objectContaining({ file: 'items.csv', row: 2, column: '料金' }),
      ]),
    );
    expect((await call('GET', '/admin/gomi/dataset')).body).toMatchObject({ version: 0, items: 310 });
  });

  it('imports a 年末年始 change, which the calendar and the chat follow at once', async () => {
    const current = await call('GET', '/admin/gomi/dataset/exceptions.csv');
    expect(current.status).toBe(200);
    const exceptions = `${current.text.trimEnd()}\n2027-01-04,kasuga,燃えるごみ,休止,,年始の休み延長\n`;
    const imported = await call('POST', '/admin/gomi/import', { files: { 'exceptions.csv': exceptions } });
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ version: 1, exceptions: 9 });
    const calendar = await call('GET', '/admin/gomi/calendar?area=kasuga&from=2027-01-04&days=1');
    expect(calendar.body.days).toEqual([{ date: '2027-01-04', categories: [] }]);
    const exported = await call('GET', '/admin/gomi/dataset/exceptions.csv');
    expect(exported.text).toContain('年始の休み延長');
    const [audit] = await h.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE action = 'gomi.import'`,
    );
    expect(audit).toBeDefined();
  });

  it('adds one 年末年始 exception through the API (a staff member changes the schedule in minutes)', async () => {
    const bad = await call('POST', '/admin/gomi/exceptions', {
      date: '2027-01-05',
      areas: ['nowhere'],
      kind: 'cancel',
    });
    expect(bad.status).toBe(422);
    expect(bad.body.problems).toEqual([expect.objectContaining({ file: 'exceptions.csv', column: '地域' })]);
    const moved = await call('POST', '/admin/gomi/exceptions', {
      date: '2027-01-05',
      areas: ['sugu'],
      categories: ['burnable'],
      kind: 'move',
      to: '2027-01-09',
      reason: '年始の振替',
    });
    expect(moved.status).toBe(200);
    const calendar = await call('GET', '/admin/gomi/calendar?area=sugu&from=2027-01-05&days=5');
    const days = calendar.body.days as { date: string; categories: string[] }[];
    expect(days.find((d) => d.date === '2027-01-05')?.categories).not.toContain('burnable');
    expect(days.find((d) => d.date === '2027-01-09')?.categories).toContain('burnable');
    // The resident's two weeks follow at once.
    clock.at = new Date('2027-01-04T10:00:00+09:00');
    const userId = h.newUser('Ono', 'ja');
    const first = await tap(userId, 'action=menu&item=gomi');
    await tap(userId, button(first, '須玖小学校区'));
    const twoWeeks = textOf(await tap(userId, 'action=feature&feature=gomi&do=calendar'));
    expect(twoWeeks).toContain('1月9日（土） 🔥燃えるごみ');
    expect(twoWeeks).not.toContain('1月5日（火） 🔥燃えるごみ');
  });
});
