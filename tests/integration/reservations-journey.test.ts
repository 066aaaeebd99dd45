// 申告予約 from start to finish on the real app, through signed webhooks and the admin API, with a clock the
// test moves: staff set the desk up, a resident books, changes, cancels and books again, is reminded once the
// day before (also across a restart), and on the day is checked in, called and done — every push seen by the
// local LINE API in the resident's language, every staff action in the audit log, the seats right at the end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffWithToken } from '../../src/admin/bootstrap.ts';
import { noticeRetryKey } from '../../src/features/reservations/admin-notify.ts';
import { cityInstant } from '../../src/features/reservations/types.ts';
import { t } from '../../src/i18n/index.ts';
import { buildRichMenuRequests } from '../../src/line/richmenu/requests.ts';
import { bubblesOf, postbacksOf, tapTarget, textOf } from '../helpers/flex-actions.ts';
import { type Harness, startHarness, waitFor } from '../helpers/harness.ts';
import { events } from '../helpers/webhook-events.ts';

/** The app's clock: Monday 2027-02-15, 10:00 in Kasuga, the day before the tax desk opens; moved by the test. */
let clock = cityInstant('2027-02-15', '10:00');
const setClock = (date: string, time: string) => {
  clock = cityInstant(date, time);
};

let h: Harness;
beforeAll(async () => {
  h = await startHarness({}, { now: () => clock });
});
afterAll(async () => {
  await h?.close();
});

const en = (key: string, vars?: Record<string, string | number>) => t('en', `reservations:${key}`, vars);
const SERVICE = 'Tax return consultation';
const PLACE = 'City Hall 2F, Main Hall';
const BRING = 'My Number card, withholding slip';

// --- staff, over HTTP with their tokens ------------------------------------------------------------------

let admin = '';
let manager = '';
let operator = '';

async function api<T = Record<string, unknown>>(
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${h.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as T };
}

interface SlotOut {
  id: string;
  startsAt: string;
  capacity: number;
  booked: number;
  seatsLeft: number;
}

/** Seats booked per slot over the desk's days, as the desk's own screen lists them ("2027-02-18 10:00" → n). */
async function seatsBooked(): Promise<Record<string, number>> {
  const res = await api<{ items: SlotOut[] }>(
    operator,
    'GET',
    '/admin/reservations/services/tax/slots?from=2027-02-16&to=2027-02-19',
  );
  expect(res.status).toBe(200);
  return Object.fromEntries(res.body.items.map((slot) => [cityLabel(slot.startsAt), slot.booked]));
}

async function slotIdAt(date: string, time: string): Promise<string> {
  const res = await api<{ items: SlotOut[] }>(
    operator,
    'GET',
    `/admin/reservations/services/tax/slots?from=${date}&to=${date}`,
  );
  const slot = res.body.items.find((s) => cityLabel(s.startsAt) === `${date} ${time}`);
  if (!slot) throw new Error(`no slot at ${date} ${time}`);
  return slot.id;
}

/** "2027-02-18 10:00" for an instant, in the city's time (UTC+9, no daylight saving). */
function cityLabel(iso: string): string {
  return new Date(Date.parse(iso) + 9 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

// --- the resident, through signed webhooks ---------------------------------------------------------------

let emma = '';

function deliveries(kind: 'reply' | 'push') {
  return h.emulator.deliveries.filter((d) => d.userId === emma && d.kind === kind);
}
const pushes = () => deliveries('push').flatMap((d) => d.messages);

/** Sends the tap as LINE would (a signed postback webhook) and returns the messages of the bot's reply. */
async function tap(data: string): Promise<unknown[]> {
  const before = deliveries('reply').length;
  const res = await h.send(
    events.postback({ userId: emma, replyToken: h.emulator.issueReplyToken(emma) }, data),
  );
  expect(res.status).toBe(200);
  await waitFor(() => deliveries('reply').length > before, `the reply to ${data}`);
  return deliveries('reply')[before]?.messages ?? [];
}

/** The postback of a tile of the resident's rich menu (English, as their LINE is), as deployed to LINE. */
function menuTile(item: string): string {
  const tile = postbacksOf(Object.values(buildRichMenuRequests('en'))).find(
    (action) => new URLSearchParams(action.data).get('item') === item,
  );
  if (tile) return tile.data;
  throw new Error(`no menu tile ${item}`);
}

const textsOf = (messages: unknown[]) => messages.map((m) => (m as { text?: string }).text ?? '');

interface Row {
  id: string;
  number: string;
  status: string;
  starts_at: Date;
  cancel_reason: string | null;
}
async function reservationsOfEmma(): Promise<Row[]> {
  return h.query<Row & Record<string, unknown>>(
    `SELECT r.id::text, r.number, r.status, s.starts_at, r.cancel_reason FROM reservations r
       JOIN reservation_slots s ON s.id = r.slot_id WHERE r.user_id = $1 ORDER BY r.id`,
    [emma],
  );
}
async function activeOfEmma(): Promise<Row[]> {
  return (await reservationsOfEmma()).filter((r) => ['booked', 'checked_in', 'called'].includes(r.status));
}

/** A notice as the resident's phone shows it in the chat list: its title and text, in English. */
const noticeAlt = (kind: string, vars: Record<string, string | number>, body = 'body') =>
  `${en(`notice.${kind}.title`)}: ${en(`notice.${kind}.${body}`, { service: SERVICE, ...vars })}`;

let final: Row | undefined;

describe('the 申告予約 journey', () => {
  it('an administrator appoints the desk’s staff; the manager opens the service and its slots', async () => {
    admin = (await createStaffWithToken(h.app.pg.pool, { name: 'Admin', isAdmin: true, via: 'bootstrap' }))
      .token;
    const appoint = async (name: string, role: 'manager' | 'operator') => {
      const res = await api<{ token: { token: string } }>(admin, 'POST', '/admin/staff', {
        name,
        roles: [{ scope: 'reservations:tax', role }],
      });
      expect(res.status).toBe(201);
      return res.body.token.token;
    };
    manager = await appoint('Tax manager', 'manager');
    operator = await appoint('Tax desk', 'operator');

    const service = await api(manager, 'PUT', '/admin/reservations/services/tax', {
      name: { ja: '確定申告の相談', en: SERVICE, 'ja-easy': 'ぜいきんの そうだん' },
      description: { ja: '職員が申告書の作成をお手伝いします。', en: 'Staff help you fill in your return.' },
      whatToBring: { ja: 'マイナンバーカード、源泉徴収票', en: BRING },
      place: { ja: '市役所 2階 大会議室', en: PLACE },
      receptionStartsOn: '2027-02-16',
      receptionEndsOn: '2027-03-15',
      opensDaysAhead: 30,
      cutoffMinutes: 60,
    });
    expect(service.status).toBe(201);
    // The operator may run the desk but not change its schedule.
    expect(
      (await api(operator, 'PUT', '/admin/reservations/services/tax', { name: { ja: 'x' } })).status,
    ).toBe(403);
    const slots = await api(manager, 'POST', '/admin/reservations/services/tax/slots', {
      from: '2027-02-16',
      to: '2027-02-19',
      weekdays: [1, 2, 3, 4, 5],
      times: [
        { start: '10:00', end: '10:30' },
        { start: '11:00', end: '11:30' },
      ],
      capacity: 2,
    });
    expect(slots).toEqual({ status: 200, body: { slots: 8 } });
    expect(Object.values(await seatsBooked())).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('a resident follows, books, changes the time, cancels and books again, all from the cards', async () => {
    emma = h.newUser('Emma Clarke', 'en');
    await h.send(events.follow({ userId: emma, replyToken: h.emulator.issueReplyToken(emma) }));
    await waitFor(() => deliveries('reply').length === 1, 'the greeting');
    expect(await h.query('SELECT language FROM line_users WHERE user_id = $1', [emma])).toEqual([
      { language: 'en' },
    ]);

    // Book: the menu goes straight to the only service; Wed 17th at 10:00.
    const opened = await tap(menuTile('reservations'));
    expect(textOf(opened[0])).toContain(SERVICE);
    expect(textOf(opened[0])).toContain(BRING);
    expect(bubblesOf(opened[1]).map((b) => textOf(b).split('\n')[0])).toEqual([
      'Tue, Feb 16',
      'Wed, Feb 17',
      'Thu, Feb 18',
      'Fri, Feb 19',
    ]);
    const times = await tap(tapTarget(opened, 'Wed, Feb 17'));
    const confirm = await tap(tapTarget(times, '10:00–10:30'));
    expect(textOf(confirm[0])).toContain(en('confirm.title'));
    const booked = await tap(tapTarget(confirm, en('confirm.book')));
    const [first] = await activeOfEmma();
    expect(first?.starts_at).toEqual(cityInstant('2027-02-17', '10:00'));
    expect((booked[0] as { altText: string }).altText).toBe(
      en('altText.booked', { number: first?.number ?? '' }),
    );
    expect(await seatsBooked()).toMatchObject({ '2027-02-17 10:00': 1 });

    // Change it to Thu 18th at 11:00 from "My Bookings".
    const mine = await tap(menuTile('myReservations'));
    expect(textOf(mine[0])).toContain(first?.number);
    expect(textOf(mine[0])).toContain(en('status.booked'));
    const days = await tap(tapTarget(mine, en('mine.change')));
    const times18 = await tap(tapTarget(days, 'Thu, Feb 18'));
    const change = await tap(tapTarget(times18, '11:00–11:30'));
    expect(textOf(change[0])).toContain(en('confirm.changeNote', { before: 'Wed, Feb 17, 10:00–10:30' }));
    const changed = await tap(tapTarget(change, en('confirm.change')));
    expect(textOf(changed[0])).toContain(en('booked.changedTitle'));
    const [second] = await activeOfEmma();
    expect(second?.starts_at).toEqual(cityInstant('2027-02-18', '11:00'));
    // The same booking, moved: its number stays the one the resident was given, and the card says so.
    expect(second?.number).toBe(first?.number);
    expect(textOf(changed[0])).toContain(en('booked.numberKept'));
    expect(await seatsBooked()).toMatchObject({ '2027-02-17 10:00': 0, '2027-02-18 11:00': 1 });

    // Cancel it, after the confirmation.
    const mineAgain = await tap(menuTile('myReservations'));
    const ask = await tap(tapTarget(mineAgain, en('mine.cancel')));
    expect(textOf(ask[0])).toContain(en('cancel.note'));
    const done = await tap(tapTarget(ask, en('cancel.yes')));
    expect(textsOf(done)).toEqual([en('cancel.done', { number: second?.number ?? '' })]);
    expect(await activeOfEmma()).toEqual([]);
    expect(await seatsBooked()).toMatchObject({ '2027-02-18 11:00': 0 });

    // Book again: Thu 18th at 10:00.
    const reopened = await tap(menuTile('reservations'));
    const timesAgain = await tap(tapTarget(reopened, 'Thu, Feb 18'));
    const confirmAgain = await tap(tapTarget(timesAgain, '10:00–10:30'));
    await tap(tapTarget(confirmAgain, en('confirm.book')));
    [final] = await activeOfEmma();
    expect(final?.starts_at).toEqual(cityInstant('2027-02-18', '10:00'));
    expect(Object.values(await seatsBooked()).reduce((a, b) => a + b, 0)).toBe(1);
    // Everything so far was an answer to a tap: nothing pushed.
    expect(pushes()).toEqual([]);
  });

  it('reminds the resident once the day before, also when run again and after a restart', async () => {
    const id = final?.id ?? '';
    setClock('2027-02-17', '08:59');
    expect(await h.app.jobs.get('reservations.reminders').runOnce()).toBe(0);
    setClock('2027-02-17', '09:30');
    expect(await h.app.jobs.get('reservations.reminders').runOnce()).toBe(1);
    await waitFor(() => pushes().length === 1, 'the reminder');
    const [reminder] = pushes();
    expect((reminder as { altText: string }).altText).toBe(noticeAlt('reminder', { bring: BRING }));
    expect(textOf(reminder)).toContain(final?.number);
    expect(textOf(reminder)).toContain('Thu, Feb 18, 10:00–10:30');

    expect(await h.app.jobs.get('reservations.reminders').runOnce()).toBe(0);
    // A redeploy: the new server's reminder loop starts at 09:30 too, and finds nothing left to send.
    await h.restart();
    expect(await h.app.jobs.get('reservations.reminders').runOnce()).toBe(0);
    await waitFor(
      async () =>
        (await h.query(`SELECT 1 FROM outbound_messages WHERE status IN ('pending', 'sending')`)).length ===
        0,
      'the outbox to be empty',
    );
    expect(pushes()).toHaveLength(1);
    const rows = await h.query<{ retry_key: string; status: string; via: string }>(
      `SELECT retry_key, status, via FROM outbound_messages WHERE to_id = $1 AND via = 'push'`,
      [emma],
    );
    expect(rows).toEqual([{ retry_key: noticeRetryKey(id, 'reminder'), status: 'sent', via: 'push' }]);
    const pushRequests = h.emulator.requests.filter(
      (r) => r.path === '/v2/bot/message/push' && (r.body as { to?: string }).to === emma,
    );
    expect(pushRequests).toHaveLength(1);
  });

  it('on the day the desk checks the resident in, calls them and completes, telling them each time', async () => {
    setClock('2027-02-18', '09:45');
    const slotId = await slotIdAt('2027-02-18', '10:00');
    // Someone without LINE came first and is checked in at once: the resident will have one ahead.
    const walkIn = await api<{ id: string; queueNumber: number }>(
      operator,
      'POST',
      '/admin/reservations/services/tax/walk-ins',
      {
        slotId,
        name: '窓口 一郎',
        checkIn: true,
      },
    );
    expect(walkIn).toMatchObject({ status: 201, body: { queueNumber: 1 } });

    // The desk's list of the day, with names: the cancelled 11:00 booking stays listed as cancelled.
    const day = await api<{ items: { name: string; status: string }[] }>(
      operator,
      'GET',
      '/admin/reservations/services/tax/days/2027-02-18',
    );
    expect(day.body.items.map((r) => `${r.name} ${r.status}`).sort()).toEqual([
      'Emma Clarke booked',
      'Emma Clarke cancelled',
      '窓口 一郎 checked_in',
    ]);
    const found = await api<{ id: string }>(
      operator,
      'GET',
      `/admin/reservations/reservations/by-number/${final?.number}`,
    );
    expect(found.body).toMatchObject({ id: final?.id, name: 'Emma Clarke', status: 'booked' });

    const checkedIn = await api(operator, 'POST', `/admin/reservations/reservations/${final?.id}/check-in`);
    expect(checkedIn.body).toMatchObject({ status: 'checked_in', queueNumber: 2, queueDate: '2027-02-18' });
    await waitFor(() => pushes().length === 2, 'the check-in notice');
    expect((pushes()[1] as { altText: string }).altText).toBe(
      noticeAlt('checkedIn', { number: 2, count: 1 }),
    );

    // The resident's own view: queue number and how many are ahead, and no buttons to change it any more.
    const waiting = await tap(menuTile('myReservations'));
    expect(textOf(waiting[0])).toContain(en('status.checked_in'));
    expect(textOf(waiting[0])).toContain(en('queue.waiting', { number: 2, ahead: 1 }));
    expect(postbacksOf(waiting[0])).toEqual([]);

    const firstCall = await api(
      operator,
      'POST',
      '/admin/reservations/services/tax/days/2027-02-18/call-next',
    );
    expect(firstCall.body).toMatchObject({ id: walkIn.body.id, status: 'called', channel: 'walk_in' });
    expect(textOf(await tap(menuTile('myReservations')))).toContain(en('queue.next', { number: 2 }));
    expect(
      (await api(operator, 'POST', `/admin/reservations/reservations/${walkIn.body.id}/complete`)).status,
    ).toBe(200);

    const call = await api(operator, 'POST', '/admin/reservations/services/tax/days/2027-02-18/call-next');
    expect(call.body).toMatchObject({ id: final?.id, status: 'called', queueNumber: 2 });
    await waitFor(() => pushes().length === 3, 'the call');
    expect((pushes()[2] as { altText: string }).altText).toBe(
      noticeAlt('called', { number: 2, place: PLACE }),
    );
    const completed = await api(operator, 'POST', `/admin/reservations/reservations/${final?.id}/complete`);
    expect(completed.body).toMatchObject({ status: 'completed' });
    expect(textsOf(await tap(menuTile('myReservations')))).toEqual([en('mine.none')]);

    // Three pushes in all, each once, all in English (no Japanese leaked into them).
    expect(deliveries('push')).toHaveLength(3);
    expect(JSON.stringify(pushes())).not.toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
  });

  it('leaves each staff action in the audit log, the seats right, and nothing refused by LINE', async () => {
    const log = await api<{
      items: {
        staffName: string | null;
        action: string;
        resourceType: string;
        resourceId: string | null;
      }[];
    }>(admin, 'GET', '/admin/audit?limit=1000');
    const actions = log.body.items
      .filter((e) => e.action !== 'audit.read')
      .reverse()
      .map((e) => `${e.staffName ?? '(bootstrap)'}: ${e.action}`);
    expect(actions).toEqual([
      '(bootstrap): staff.create',
      'Admin: staff.create',
      'Admin: staff.create',
      'Tax manager: reservation_service.create',
      // The desk tried something its role does not allow: the refusal is audited too.
      'Tax desk: access.forbidden',
      'Tax manager: reservation_slots.upsert',
      'Tax desk: reservation.walk_in',
      'Tax desk: reservation.day.read',
      'Tax desk: reservation.read',
      'Tax desk: reservation.check_in',
      'Tax desk: reservation.call',
      'Tax desk: reservation.complete',
      'Tax desk: reservation.call',
      'Tax desk: reservation.complete',
    ]);
    const onFinal = log.body.items
      .filter((e) => e.resourceType === 'reservation' && e.resourceId === final?.id)
      .map((e) => e.action);
    expect(onFinal.reverse()).toEqual([
      'reservation.read',
      'reservation.check_in',
      'reservation.call',
      'reservation.complete',
    ]);

    expect(await seatsBooked()).toEqual({
      '2027-02-16 10:00': 0,
      '2027-02-16 11:00': 0,
      '2027-02-17 10:00': 0,
      '2027-02-17 11:00': 0,
      '2027-02-18 10:00': 2,
      '2027-02-18 11:00': 0,
      '2027-02-19 10:00': 0,
      '2027-02-19 11:00': 0,
    });
    expect((await reservationsOfEmma()).map((r) => [r.status, r.cancel_reason])).toEqual([
      ['cancelled', null],
      ['completed', null],
    ]);

    expect(h.emulator.rejected).toEqual([]);
    expect(await h.query(`SELECT event_id FROM webhook_events WHERE status <> 'done'`)).toEqual([]);
    expect(await h.query(`SELECT id FROM outbound_messages WHERE status <> 'sent'`)).toEqual([]);
  });
});
