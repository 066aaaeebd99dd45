// 申告予約 in the chat, driven through signed webhooks: browse → book → number, the one-active rule, change,
// cancel, a slot that fills meanwhile, cut-off and closed days, the queue after check-in, stale buttons.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { transact } from '../../src/db/transact.ts';
import { bookSlot } from '../../src/features/reservations/booking.ts';
import { checkIn } from '../../src/features/reservations/queue.ts';
import { upsertService } from '../../src/features/reservations/service-repository.ts';
import { upsertSlots } from '../../src/features/reservations/slot-repository.ts';
import { cityDate, cityInstant, type ReservationService } from '../../src/features/reservations/types.ts';
import { t } from '../../src/i18n/index.ts';
import { chatWith } from '../helpers/chat.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const DAY_MS = 86_400_000;
/** A city date `n` days from now; bookings start two days out, so no day-before reminder interferes. */
const dayFromNow = (n: number) => cityDate(new Date(Date.now() + n * DAY_MS));

type Bubble = Record<string, unknown>;
interface Button {
  label: string;
  data: string;
}

function bubblesOf(message: unknown): Bubble[] {
  const contents = (message as { contents?: { type: string; contents?: Bubble[] } }).contents;
  if (!contents) return [];
  return contents.type === 'carousel' ? (contents.contents ?? []) : [contents as Bubble];
}

function buttonsOf(node: unknown): Button[] {
  if (Array.isArray(node)) return node.flatMap(buttonsOf);
  if (typeof node !== 'object' || node === null) return [];
  const record = node as Record<string, unknown>;
  const action = record.action as { type?: string; label?: string; data?: string } | undefined;
  const own =
    record.type === 'button' && action?.type === 'postback'
      ? [{ label: String(action.label), data: String(action.data) }]
      : [];
  return [...own, ...Object.values(record).flatMap(buttonsOf)];
}

/** The texts a resident reads in a message or bubble, one per line, in order. */
function textOf(node: unknown): string {
  if (Array.isArray(node)) return node.map(textOf).filter(Boolean).join('\n');
  if (typeof node !== 'object' || node === null) return '';
  const record = node as Record<string, unknown>;
  const own = record.type === 'text' && typeof record.text === 'string' ? [record.text] : [];
  return [...own, ...Object.values(record).map(textOf)].filter(Boolean).join('\n');
}

const { tap, say } = chatWith(() => h);

/** The postback data of the button whose bubble or label mentions `text`. */
function button(messages: unknown[], text: string): string {
  for (const message of messages) {
    for (const bubble of bubblesOf(message)) {
      const buttons = buttonsOf(bubble);
      const found =
        buttons.find((b) => b.label === text) ?? (textOf(bubble).includes(text) ? buttons[0] : undefined);
      if (found) return found.data;
    }
  }
  throw new Error(`no button for "${text}" in ${JSON.stringify(messages).slice(0, 400)}`);
}

const textsOf = (messages: unknown[]) => messages.map((m) => (m as { text?: string }).text ?? '');

function service(id: string, overrides: Partial<ReservationService> = {}): ReservationService {
  return {
    id,
    name: { ja: '確定申告の相談', en: 'Tax return consultation', 'ja-easy': 'ぜいきんの そうだん' },
    description: { ja: '職員が申告書の作成をお手伝いします。', en: 'Staff help you fill in your return.' },
    whatToBring: { ja: 'マイナンバーカード、源泉徴収票', en: 'My Number card, withholding slip' },
    place: { ja: '市役所 2階 大会議室', en: 'City Hall 2F, Main Hall' },
    receptionStartsOn: null,
    receptionEndsOn: null,
    opensDaysAhead: 30,
    cutoffMinutes: 60,
    oneActivePerUser: true,
    closedDates: [],
    active: true,
    ...overrides,
  };
}

/** One active service (the others are switched off) with slots at the given times on the given dates. */
async function setUp(
  s: ReservationService,
  dates: string[],
  times: string[] = ['10:00', '11:00'],
  capacity = 2,
): Promise<void> {
  await h.query('UPDATE reservation_services SET active = false');
  await upsertService(h.app.pg.pool, s);
  const slots = dates.flatMap((date) =>
    times.map((time) => {
      const startsAt = cityInstant(date, time);
      return { startsAt, endsAt: new Date(startsAt.getTime() + 30 * 60_000) };
    }),
  );
  await upsertSlots(h.app.pg.pool, s.id, slots, capacity);
}

async function newResident(name: string, language = 'ja'): Promise<string> {
  const userId = h.newUser(name, language);
  await h.query(`INSERT INTO line_users (user_id, language) VALUES ($1, $2)`, [userId, language]);
  return userId;
}

async function slotId(serviceId: string, date: string, time: string): Promise<string> {
  const rows = await h.query<{ id: string }>(
    'SELECT id::text FROM reservation_slots WHERE service_id = $1 AND starts_at = $2',
    [serviceId, cityInstant(date, time)],
  );
  if (!rows[0]) throw new Error(`no slot ${date} ${time}`);
  return rows[0].id;
}

async function activeOf(userId: string) {
  return h.query<{ id: string; number: string; status: string; starts_at: Date; slot_id: string }>(
    `SELECT r.id::text, r.number, r.status, s.starts_at, r.slot_id::text FROM reservations r
       JOIN reservation_slots s ON s.id = r.slot_id
      WHERE r.user_id = $1 AND r.status IN ('booked', 'checked_in', 'called')`,
    [userId],
  );
}

async function bookedCount(id: string): Promise<number> {
  const rows = await h.query<{ booked: number }>('SELECT booked FROM reservation_slots WHERE id = $1', [id]);
  return rows[0]?.booked ?? -1;
}

/** Menu → the only service's days → a day → a time: the messages of the confirmation step. */
async function browseToConfirm(userId: string, date: string, time: string, lang = 'ja'): Promise<unknown[]> {
  const opened = await tap(userId, 'action=menu&item=reservations');
  const times = await tap(userId, button(opened, formatted(lang, date)));
  return tap(userId, button(times, time));
}

function formatted(lang: string, date: string): string {
  const locale = lang === 'en' ? 'en-US' : 'ja-JP';
  const month = lang === 'en' ? 'short' : 'long';
  return new Intl.DateTimeFormat(locale, { month, day: 'numeric', weekday: 'short', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

const ja = (key: string, vars?: Record<string, string | number>) => t('ja', `reservations:${key}`, vars);

let serial = 0;
let sid = '';
beforeEach(() => {
  serial += 1;
  sid = `tax-${serial}`;
});

describe('booking from the menu', () => {
  it('goes straight to the only service, then day, time, confirmation and the reservation number', async () => {
    const d1 = dayFromNow(2);
    const d2 = dayFromNow(3);
    await setUp(service(sid), [d1, d2]);
    const userId = await newResident('予約 太郎');

    const opened = await tap(userId, 'action=menu&item=reservations');
    expect(opened).toHaveLength(2);
    expect(textOf(opened[0])).toContain('確定申告の相談');
    expect(textOf(opened[0])).toContain('マイナンバーカード');
    const days = bubblesOf(opened[1]);
    expect(days).toHaveLength(2);
    expect(textOf(days[0])).toContain(ja('days.seatsLeft', { count: 4 }));

    const times = await tap(userId, button(opened, formatted('ja', d1)));
    expect(bubblesOf(times[0]).map((b) => textOf(b).split('\n')[0])).toEqual(['10:00–10:30', '11:00–11:30']);

    const confirm = await tap(userId, button(times, '10:00–10:30'));
    const card = textOf(confirm[0]);
    expect(card).toContain(ja('confirm.title'));
    expect(card).toContain('市役所 2階 大会議室');
    expect(card).toContain('マイナンバーカード、源泉徴収票');
    expect(buttonsOf(confirm[0]).map((b) => b.label)).toEqual([ja('confirm.book'), ja('confirm.quit')]);

    const result = await tap(userId, button(confirm, ja('confirm.book')));
    const [booking] = await activeOf(userId);
    expect(booking?.status).toBe('booked');
    expect(booking?.starts_at.getTime()).toBe(cityInstant(d1, '10:00').getTime());
    expect((result[0] as { altText: string }).altText).toBe(
      ja('altText.booked', { number: booking?.number ?? '' }),
    );
    expect(textOf(result[0])).toContain(booking?.number);
    expect(textOf(result[0])).toContain(ja('booked.howToChange'));
    expect(await bookedCount(await slotId(sid, d1, '10:00'))).toBe(1);
    expect(await h.query('SELECT 1 FROM conversation_states WHERE user_id = $1', [userId])).toEqual([]);
  });

  it('offers a choice of service when several take bookings, in the resident language', async () => {
    const d1 = dayFromNow(2);
    await setUp(service(sid), [d1]);
    await upsertService(
      h.app.pg.pool,
      service(`${sid}-b`, { name: { ja: '住民税の相談', en: 'Resident tax help' } }),
    );
    await upsertSlots(
      h.app.pg.pool,
      `${sid}-b`,
      [{ startsAt: cityInstant(d1, '13:00'), endsAt: cityInstant(d1, '13:30') }],
      1,
    );
    const userId = await newResident('Alex', 'en');
    const opened = await tap(userId, 'action=menu&item=reservations');
    expect(bubblesOf(opened[0]).map((b) => textOf(b).split('\n')[0])).toEqual([
      'Tax return consultation',
      'Resident tax help',
    ]);
    const chosen = await tap(userId, button(opened, 'Resident tax help'));
    expect(textOf(chosen[0])).toContain('Resident tax help');
    const times = await tap(userId, button(chosen, formatted('en', d1)));
    expect(textOf(times[0])).toContain('13:00–13:30');
    expect(textOf(times[0])).toContain('1 left');
    // Changing one's mind: the other service from the same carousel.
    const other = await tap(userId, button(opened, 'Tax return consultation'));
    expect(textOf(other[0])).toContain('Tax return consultation');
    expect(textOf(other[0])).not.toContain('Resident tax help');
    expect(textOf(await tap(userId, button(other, formatted('en', d1))))).toContain('10:00–10:30');
  });
});

describe('rules', () => {
  it('refuses a second booking for the same service, at the start and when booking', async () => {
    const d1 = dayFromNow(2);
    await setUp(service(sid), [d1]);
    const userId = await newResident('二重 花子');
    const confirm = await browseToConfirm(userId, d1, '10:00–10:30');
    // Meanwhile the resident books 11:00 from another phone.
    const eleven = await slotId(sid, d1, '11:00');
    await transact(h.app.pg.pool, (tx) => bookSlot(tx, eleven, { userId }, { now: new Date() }));

    const refused = await tap(userId, button(confirm, ja('confirm.book')));
    expect(textsOf(refused)).toEqual([ja('error.ALREADY_BOOKED')]);
    // The seat taken before the refusal was given back: the savepoint undid it, the event still completed.
    expect(await bookedCount(await slotId(sid, d1, '10:00'))).toBe(0);
    expect(await activeOf(userId)).toHaveLength(1);
    expect(await h.query('SELECT 1 FROM conversation_states WHERE user_id = $1', [userId])).toEqual([]);

    const again = await tap(userId, 'action=menu&item=reservations');
    expect(textsOf(again)).toEqual([ja('error.ALREADY_BOOKED')]);
  });

  it('answers "full" for a slot that filled meanwhile and offers the times left', async () => {
    const d1 = dayFromNow(2);
    await setUp(service(sid), [d1], ['10:00', '11:00'], 1);
    const userId = await newResident('満席 次郎');
    const other = await newResident('先着 三郎');
    const confirm = await browseToConfirm(userId, d1, '10:00–10:30');
    const ten = await slotId(sid, d1, '10:00');
    await transact(h.app.pg.pool, (tx) => bookSlot(tx, ten, { userId: other }, { now: new Date() }));

    const refused = await tap(userId, button(confirm, ja('confirm.book')));
    expect(textsOf(refused)[0]).toBe(ja('error.SLOT_FULL'));
    const times = bubblesOf(refused[1]);
    expect(times.map((b) => textOf(b).split('\n')[0])).toEqual(['10:00–10:30', '11:00–11:30']);
    expect(buttonsOf(times[0])).toEqual([]);
    expect(textOf(times[0])).toContain(ja('times.full'));
    expect(await bookedCount(ten)).toBe(1);
    expect(await activeOf(userId)).toEqual([]);

    // The 11:00 seat offered again can still be booked in the same conversation.
    const confirm11 = await tap(userId, button(refused, '11:00–11:30'));
    await tap(userId, button(confirm11, ja('confirm.book')));
    expect(await activeOf(userId)).toHaveLength(1);
  });

  it('shows a full day greyed without a button', async () => {
    const d1 = dayFromNow(2);
    const d2 = dayFromNow(3);
    await setUp(service(sid), [d1, d2], ['10:00'], 1);
    const other = await newResident('先着 四郎');
    const ten = await slotId(sid, d1, '10:00');
    await transact(h.app.pg.pool, (tx) => bookSlot(tx, ten, { userId: other }, { now: new Date() }));
    const userId = await newResident('見る 五郎');
    const opened = await tap(userId, 'action=menu&item=reservations');
    const [full, open] = bubblesOf(opened[1]);
    expect(textOf(full)).toContain(formatted('ja', d1));
    expect(textOf(full)).toContain(ja('days.full'));
    expect(buttonsOf(full)).toEqual([]);
    expect(buttonsOf(open)).toHaveLength(1);
  });

  it('does not offer a slot past its cut-off, a closed day, or a day beyond the window, and refuses them', async () => {
    const soon = new Date(Date.now() + 30 * 60_000);
    const closed = dayFromNow(3);
    const open = dayFromNow(4);
    const tooFar = dayFromNow(12);
    await setUp(service(sid, { closedDates: [closed], opensDaysAhead: 10 }), [closed, open, tooFar]);
    await upsertSlots(
      h.app.pg.pool,
      sid,
      [{ startsAt: soon, endsAt: new Date(soon.getTime() + 1_800_000) }],
      2,
    );

    const userId = await newResident('規則 六子');
    const opened = await tap(userId, 'action=menu&item=reservations');
    const days = bubblesOf(opened[1]).map((b) => textOf(b).split('\n')[0]);
    expect(days).toEqual([formatted('ja', open)]);

    // A forged or old button for those slots is refused by the rules, not just hidden.
    const times = await tap(userId, button(opened, formatted('ja', open)));
    const k = new URLSearchParams(button(times, '10:00–10:30')).get('k') ?? '';
    const soonSlot = (
      await h.query<{ id: string }>(
        'SELECT id::text FROM reservation_slots WHERE service_id = $1 AND starts_at = $2',
        [sid, soon],
      )
    )[0]?.id;
    const late = await tap(userId, `action=flow&flow=reservation&k=${k}&op=slot&slot=${soonSlot}`);
    expect(textsOf(late)[0]).toBe(ja('error.OUTSIDE_WINDOW'));
    await tap(userId, button(opened, formatted('ja', open)));
    const closedSlot = await slotId(sid, closed, '10:00');
    const shut = await tap(userId, `action=flow&flow=reservation&k=${k}&op=slot&slot=${closedSlot}`);
    expect(textsOf(shut)[0]).toBe(ja('error.CLOSED_DAY'));
  });

  it('says so when nothing is open yet, with the reception period', async () => {
    await setUp(service(sid, { receptionStartsOn: '2099-02-16', receptionEndsOn: '2099-03-16' }), [
      dayFromNow(2),
    ]);
    const userId = await newResident('早い 七子');
    const opened = await tap(userId, 'action=menu&item=reservations');
    expect(textsOf(opened)[1]).toBe(ja('days.none', { period: '2月16日(月)〜3月16日(月)' }));
  });
});

describe('my reservations', () => {
  it('changes a booking to another time, keeping one active booking and the seats right', async () => {
    const d1 = dayFromNow(2);
    const d2 = dayFromNow(3);
    await setUp(service(sid), [d1, d2]);
    const userId = await newResident('変更 八郎');
    const confirm = await browseToConfirm(userId, d1, '10:00–10:30');
    await tap(userId, button(confirm, ja('confirm.book')));
    const [before] = await activeOf(userId);

    const mine = await tap(userId, 'action=menu&item=myReservations');
    expect(textOf(mine[0])).toContain(before?.number);
    expect(textOf(mine[0])).toContain(ja('status.booked'));
    const days = await tap(userId, button(mine, ja('mine.change')));
    expect(days).toHaveLength(1);
    const sameDay = await tap(userId, button(days, formatted('ja', d1)));
    expect(textsOf(await tap(userId, button(sameDay, '10:00–10:30')))).toEqual([ja('confirm.sameTime')]);
    const times = await tap(userId, button(days, formatted('ja', d2)));
    const change = await tap(userId, button(times, '11:00–11:30'));
    expect(textOf(change[0])).toContain(ja('confirm.changeTitle'));
    expect(buttonsOf(change[0])[0]?.label).toBe(ja('confirm.change'));
    const result = await tap(userId, button(change, ja('confirm.change')));
    expect(textOf(result[0])).toContain(ja('booked.changedTitle'));

    const after = await activeOf(userId);
    expect(after).toHaveLength(1);
    expect(after[0]?.starts_at.getTime()).toBe(cityInstant(d2, '11:00').getTime());
    expect(textOf(result[0])).toContain(after[0]?.number);
    expect(after[0]?.number).toBe(before?.number);
    expect(after[0]?.id).toBe(before?.id);
    expect(await bookedCount(await slotId(sid, d1, '10:00'))).toBe(0);
    expect(await bookedCount(await slotId(sid, d2, '11:00'))).toBe(1);
  });

  it('cancels a booking after a confirmation and frees the seat', async () => {
    const d1 = dayFromNow(2);
    await setUp(service(sid), [d1]);
    const userId = await newResident('取消 九子', 'en');
    const confirm = await browseToConfirm(userId, d1, '10:00–10:30', 'en');
    await tap(userId, button(confirm, 'Book'));
    const [booking] = await activeOf(userId);

    const mine = await tap(userId, 'action=menu&item=myReservations');
    const ask = await tap(userId, button(mine, t('en', 'reservations:mine.cancel')));
    expect(textOf(ask[0])).toContain(t('en', 'reservations:cancel.note'));
    const kept = await tap(userId, button(ask, t('en', 'reservations:cancel.no')));
    expect(textsOf(kept)).toEqual([t('en', 'reservations:cancel.kept')]);
    expect(await activeOf(userId)).toHaveLength(1);

    const askAgain = await tap(userId, button(mine, t('en', 'reservations:mine.cancel')));
    const done = await tap(userId, button(askAgain, t('en', 'reservations:cancel.yes')));
    expect(textsOf(done)).toEqual([t('en', 'reservations:cancel.done', { number: booking?.number ?? '' })]);
    expect(await activeOf(userId)).toEqual([]);
    expect(await bookedCount(await slotId(sid, d1, '10:00'))).toBe(0);

    // The card's button, pressed again, finds no conversation to act in: it is no longer valid (it did not
    // time out).
    const late = await tap(userId, button(askAgain, t('en', 'reservations:cancel.yes')));
    expect(textsOf(late)).toEqual([t('en', 'flow.staleButton')]);
    expect(textsOf(await tap(userId, 'action=menu&item=myReservations'))).toEqual([
      t('en', 'reservations:mine.none'),
    ]);
  });

  it('shows the queue number and how many are ahead after check-in at the desk', async () => {
    const d1 = dayFromNow(2);
    await setUp(service(sid), [d1]);
    const userId = await newResident('受付 十子', 'ja-easy');
    const ten = await slotId(sid, d1, '10:00');
    const mine = await transact(h.app.pg.pool, async (tx) => {
      const walkIn = await bookSlot(
        tx,
        ten,
        { walkIn: { name: '窓口 一郎', phone: null } },
        { now: new Date() },
      );
      const own = await bookSlot(tx, ten, { userId }, { now: new Date() });
      await checkIn(tx, walkIn.id, new Date());
      return checkIn(tx, own.id, new Date());
    });
    const shown = await tap(userId, 'action=menu&item=myReservations');
    const card = textOf(shown[0]);
    expect(card).toContain(t('ja-easy', 'reservations:status.checked_in'));
    expect(card).toContain(
      t('ja-easy', 'reservations:queue.waiting', { number: mine.queueNumber ?? 0, ahead: 1 }),
    );
    expect(buttonsOf(shown[0])).toEqual([]);
  });
});

describe('stale buttons and words', () => {
  it('answers politely for a button of another step or an older conversation, and for typed text', async () => {
    const d1 = dayFromNow(2);
    await setUp(service(sid), [d1]);
    const userId = await newResident('古い 十一');
    const first = await tap(userId, 'action=menu&item=reservations');
    const oldDay = button(first, formatted('ja', d1));
    // Typed text where a button is expected: the step again (its cards), with a way out.
    const typed = await say(userId, 'こんにちは');
    expect(textsOf(typed)[0]).toBe(t('ja', 'flow.useButtons'));
    expect(button(typed, formatted('ja', d1))).toContain('op=day');
    const wayOut = (typed.at(-1) as { quickReply?: { items: { action: { label: string; data: string } }[] } })
      .quickReply?.items;
    expect(wayOut?.map((item) => item.action.label)).toContain(t('ja', 'flow.quitLabel'));

    const times = await tap(userId, oldDay);
    const confirm = await tap(userId, button(times, '10:00–10:30'));
    // 予約する from a card of the time step, with another slot: not this confirmation's slot.
    const forged = button(confirm, ja('confirm.book')).replace(
      /slot=\d+/,
      `slot=${await slotId(sid, d1, '11:00')}`,
    );
    expect(textsOf(await tap(userId, forged))).toEqual([ja('stale')]);

    // A new conversation from the menu makes the old cards stale.
    await tap(userId, 'action=menu&item=reservations');
    expect(textsOf(await tap(userId, oldDay))).toEqual([ja('stale')]);
    expect(textsOf(await tap(userId, button(confirm, ja('confirm.quit'))))).toEqual([ja('stale')]);

    const fresh = await browseToConfirm(userId, d1, '11:00–11:30');
    expect(textsOf(await tap(userId, button(fresh, ja('confirm.quit'))))).toEqual([ja('quit')]);
    expect(await h.query('SELECT 1 FROM conversation_states WHERE user_id = $1', [userId])).toEqual([]);
    expect(await activeOf(userId)).toEqual([]);
  });

  it('never sent anything LINE would reject, and no event failed', async () => {
    expect(h.emulator.rejected).toEqual([]);
    expect(await h.query(`SELECT event_id FROM webhook_events WHERE status NOT IN ('done')`)).toEqual([]);
  });
});
