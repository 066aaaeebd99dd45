// The reservations admin API end to end over HTTP (staff tokens, roles, zod 400s naming the field, 409s that
// write nothing, the audit log, the CSV export, OpenAPI) with the residents' pushes seen by the LINE emulator,
// and the day-before reminders (exactly once across loops and restarts, none to cancelled or blocked residents).

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffWithToken } from '../../src/admin/bootstrap.ts';
import { transact } from '../../src/db/transact.ts';
import { noticeRetryKey } from '../../src/features/reservations/admin-notify.ts';
import { createReservationsAdminRoutes } from '../../src/features/reservations/admin-routes.ts';
import { bookSlot } from '../../src/features/reservations/booking.ts';
import { createReminderLoop } from '../../src/features/reservations/reminders.ts';
import { listSlots } from '../../src/features/reservations/slot-repository.ts';
import { cityInstant } from '../../src/features/reservations/types.ts';
import { t } from '../../src/i18n/index.ts';
import type { LineEmulator } from '../../src/line/emulator/index.ts';
import { type AdminTestApp, startAdminTestApp } from '../helpers/admin-app.ts';
import { type AdminAnswer, adminCall } from '../helpers/admin-http.ts';
import { waitFor } from '../helpers/harness.ts';
import type { TestDatabase } from '../helpers/test-database.ts';

// The desk's clock: the tax desk's first day, before opening.
const clock = cityInstant('2027-02-16', '08:30');
const bookedAt = cityInstant('2027-02-10', '12:00');

let app: FastifyInstance;
let emulator: LineEmulator;
let db: TestDatabase;
let url: string;
let testApp: AdminTestApp;
let admin: string;
let manager: string;
let operator: string;
let viewer: string;
let otherDesk: string;

/**
 * The app as src/app.ts builds it (database, workers with the outbox, the admin plugin), with this feature's
 * routes registered in the admin plugin and a fixed clock; no webhook is needed here.
 */
async function startApp(): Promise<void> {
  testApp = await startAdminTestApp([createReservationsAdminRoutes({ now: () => clock })]);
  ({ app, emulator, db, url } = testApp);
}

async function staff(name: string, roles: { scope: string; role: 'viewer' | 'operator' | 'manager' }[]) {
  return (await createStaffWithToken(app.pg.pool, { name, isAdmin: false, roles, via: 'test' })).token;
}

function call(method: string, path: string, token: string | undefined, body?: unknown): Promise<AdminAnswer> {
  return adminCall(url, method, path, token, body);
}

const query = <T>(sql: string, params: unknown[] = []) => testApp.query<T>(sql, params);

const resident = (displayName: string, language?: 'ja' | 'en' | 'ja-easy') =>
  testApp.resident(displayName, language);

async function slotAt(serviceId: string, date: string, time: string): Promise<string> {
  const at = cityInstant(date, time);
  const [slot] = await listSlots(app.pg.pool, serviceId, at, new Date(at.getTime() + 1));
  if (!slot) throw new Error(`no slot at ${date} ${time}`);
  return slot.id;
}

async function book(slotId: string, userId: string): Promise<string> {
  return (await transact(app.pg.pool, (tx) => bookSlot(tx, slotId, { userId }, { now: bookedAt }))).id;
}

function textsOf(messages: unknown[]): string {
  return JSON.stringify(messages);
}

async function auditActions(resourceType: string, resourceId: string): Promise<string[]> {
  const res = await call('GET', `/admin/audit?resourceType=${resourceType}&resourceId=${resourceId}`, admin);
  return (res.body.items as { action: string }[]).map((e) => e.action).reverse();
}

const taxService = {
  name: { ja: '確定申告相談', en: 'Tax return consultation' },
  whatToBring: { ja: 'マイナンバーカード、源泉徴収票' },
  place: { ja: '市役所 2階 会議室' },
  receptionStartsOn: '2027-02-15',
  receptionEndsOn: '2027-03-15',
  opensDaysAhead: 30,
  cutoffMinutes: 60,
  closedDates: ['2027-02-23'],
};

beforeAll(async () => {
  await startApp();
  admin = (await createStaffWithToken(app.pg.pool, { name: 'Admin', isAdmin: true, via: 'test' })).token;
  manager = await staff('Manager', [{ scope: 'reservations:tax', role: 'manager' }]);
  operator = await staff('Desk', [{ scope: 'reservations:tax', role: 'operator' }]);
  viewer = await staff('Viewer', [{ scope: 'reservations:tax', role: 'viewer' }]);
  otherDesk = await staff('Other desk', [{ scope: 'reservations:kids', role: 'manager' }]);
});
afterAll(async () => {
  await app?.close();
  await emulator?.close();
  await db?.drop();
});

describe('schedules', () => {
  it('refuses without a token (401) and without the role on the service (403)', async () => {
    expect((await call('GET', '/admin/reservations/services', undefined)).status).toBe(401);
    expect((await call('PUT', '/admin/reservations/services/tax', undefined, taxService)).status).toBe(401);
    expect((await call('PUT', '/admin/reservations/services/tax', operator, taxService)).status).toBe(403);
    expect((await call('PUT', '/admin/reservations/services/tax', otherDesk, taxService)).status).toBe(403);
  });

  it('creates and edits a service with its rules and closed days', async () => {
    const created = await call('PUT', '/admin/reservations/services/tax', manager, taxService);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: 'tax',
      closedDates: ['2027-02-23'],
      oneActivePerUser: true,
      active: true,
    });
    const edited = await call('PUT', '/admin/reservations/services/tax', manager, {
      ...taxService,
      closedDates: ['2027-02-23', '2027-03-01'],
    });
    expect(edited.status).toBe(200);
    expect((await call('GET', '/admin/reservations/services/tax', viewer)).body.closedDates).toEqual([
      '2027-02-23',
      '2027-03-01',
    ]);
    expect(
      await call('PUT', '/admin/reservations/services/kids', otherDesk, { name: { ja: '子育て相談' } }),
    ).toMatchObject({ status: 201 });
    // Each desk sees only its own services; an administrator sees all.
    const ids = async (token: string) =>
      ((await call('GET', '/admin/reservations/services', token)).body.items as { id: string }[]).map(
        (s) => s.id,
      );
    expect(await ids(viewer)).toEqual(['tax']);
    expect(await ids(otherDesk)).toEqual(['kids']);
    expect(await ids(admin)).toEqual(['kids', 'tax']);
    expect((await call('GET', '/admin/reservations/services/tax', otherDesk)).status).toBe(403);
    expect(await auditActions('reservation_service', 'tax')).toEqual([
      'reservation_service.create',
      'reservation_service.update',
    ]);
  });

  it('answers bad input with 400 naming the field, writing nothing', async () => {
    const before = await query('SELECT count(*)::int AS n FROM reservation_slots');
    const badSlots = await call('POST', '/admin/reservations/services/tax/slots', manager, {
      from: '2027-02-15',
      to: '2027-02-14',
      times: [{ start: '10:00', end: '09:30' }],
      capacity: -1,
    });
    expect(badSlots.status).toBe(400);
    expect(badSlots.body.error).toMatch(/body\.times\.0\.end/);
    expect(badSlots.body.error).toMatch(/body\.capacity/);
    expect(await query('SELECT count(*)::int AS n FROM reservation_slots')).toEqual(before);
    const badService = await call('PUT', '/admin/reservations/services/tax', manager, {
      ...taxService,
      closedDates: ['2027-02-30x'],
    });
    expect(badService.status).toBe(400);
    expect(badService.body.error).toMatch(/body\.closedDates\.0/);
    const badId = await call('PUT', '/admin/reservations/services/Tax%20Desk', admin, taxService);
    expect(badId.status).toBe(400);
    expect(badId.body.error).toMatch(/params\.id/);
    const badRange = await call('GET', '/admin/reservations/services/tax/slots?from=2027-02-15', viewer);
    expect(badRange.status).toBe(400);
    expect(badRange.body.error).toMatch(/querystring\.to/);
    // PostgreSQL has no year 0: such a date is a 400, not a failed query.
    const yearZero = await call('GET', '/admin/reservations/services/tax/days/0000-01-01', viewer);
    expect(yearZero.status).toBe(400);
    expect(yearZero.body.error).toMatch(/params\.date/);
    const csvYearZero = await call(
      'GET',
      '/admin/reservations/services/tax/export.csv?from=0000-01-01&to=2027-01-01',
      viewer,
    );
    expect(csvYearZero.status).toBe(400);
  });

  it('creates slots in bulk from a weekly pattern, lists them and deletes empty ones', async () => {
    const res = await call('POST', '/admin/reservations/services/tax/slots', manager, {
      from: '2027-02-15',
      to: '2027-02-26',
      weekdays: [1, 2, 3, 4, 5],
      times: [
        { start: '09:00', end: '09:30' },
        { start: '13:00', end: '13:30' },
      ],
      capacity: 2,
      skipDates: ['2027-02-23'],
    });
    expect(res).toMatchObject({ status: 200, body: { slots: 18 } });
    const listed = await call(
      'GET',
      '/admin/reservations/services/tax/slots?from=2027-02-15&to=2027-02-26',
      viewer,
    );
    const slots = listed.body.items as { startsAt: string; capacity: number; seatsLeft: number }[];
    expect(slots).toHaveLength(18);
    // Times are answered in the city's offset, 09:00 in Kasuga, not 00:00 UTC.
    expect(slots[0]).toMatchObject({ startsAt: '2027-02-15T09:00:00+09:00', capacity: 2, seatsLeft: 2 });
    expect(slots.some((s) => s.startsAt.startsWith('2027-02-23'))).toBe(false);
    expect(
      (await call('DELETE', '/admin/reservations/services/tax/slots?from=2027-02-26&to=2027-02-26', operator))
        .status,
    ).toBe(403);
    const deleted = await call(
      'DELETE',
      '/admin/reservations/services/tax/slots?from=2027-02-26&to=2027-02-26',
      manager,
    );
    expect(deleted.body).toEqual({ deleted: 2 });
    expect(await auditActions('reservation_service', 'tax')).toEqual(
      expect.arrayContaining(['reservation_slots.upsert', 'reservation_slots.delete']),
    );
  });

  it('keeps booked seats when capacity is lowered below them: 409, nothing changed', async () => {
    const slotId = await slotAt('tax', '2027-02-17', '09:00');
    await book(slotId, await resident('Seat one'));
    await book(slotId, await resident('Seat two'));
    const res = await call('POST', '/admin/reservations/services/tax/slots', manager, {
      from: '2027-02-15',
      to: '2027-02-19',
      times: [{ start: '09:00', end: '09:30' }],
      capacity: 1,
    });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatch(/capacity/);
    expect(
      await query('SELECT DISTINCT capacity FROM reservation_slots WHERE service_id = $1', ['tax']),
    ).toEqual([{ capacity: 2 }]);
  });
});

describe('the day’s queue', () => {
  let alice: string;
  let bob: string;
  let aliceBooking: string;
  let bobBooking: string;

  beforeAll(async () => {
    const slotId = await slotAt('tax', '2027-02-16', '09:00');
    alice = await resident('Alice', 'en');
    bob = await resident('ボブ');
    aliceBooking = await book(slotId, alice);
    bobBooking = await book(slotId, bob);
  });

  it('lists the day with the residents’ names, and audits the read as personal data', async () => {
    expect((await call('GET', '/admin/reservations/services/tax/days/2027-02-16', otherDesk)).status).toBe(
      403,
    );
    const day = await call('GET', '/admin/reservations/services/tax/days/2027-02-16', viewer);
    expect(day.status).toBe(200);
    const list = day.body.items as { name: string; channel: string; status: string }[];
    expect(list.map((r) => [r.name, r.channel, r.status])).toEqual([
      ['Alice', 'line', 'booked'],
      ['ボブ', 'line', 'booked'],
    ]);
    const log = await query<{ action: string; personal_data: boolean }>(
      `SELECT action, personal_data FROM audit_log WHERE action = 'reservation.day.read'`,
    );
    expect(log).toEqual([{ action: 'reservation.day.read', personal_data: true }]);
  });

  it('finds a booking by the number the resident shows', async () => {
    const [row] = await query<{ number: string }>('SELECT number FROM reservations WHERE id = $1', [
      aliceBooking,
    ]);
    const found = await call('GET', `/admin/reservations/reservations/by-number/${row?.number}`, viewer);
    expect(found.body).toMatchObject({ id: aliceBooking, name: 'Alice' });
  });

  it('checks in, calls the next and completes, telling the resident at each step', async () => {
    expect(
      (await call('POST', `/admin/reservations/reservations/${aliceBooking}/check-in`, viewer)).status,
    ).toBe(403);
    const checkedIn = await call(
      'POST',
      `/admin/reservations/reservations/${aliceBooking}/check-in`,
      operator,
    );
    expect(checkedIn.body).toMatchObject({ status: 'checked_in', queueNumber: 1, queueDate: '2027-02-16' });
    expect(
      (await call('POST', `/admin/reservations/reservations/${bobBooking}/check-in`, operator)).body,
    ).toMatchObject({
      queueNumber: 2,
    });
    await waitFor(() => emulator.messagesFor(alice).length === 1, 'the check-in notice to Alice');
    await waitFor(() => emulator.messagesFor(bob).length === 1, 'the check-in notice to Bob');
    // Checking in twice is refused and tells nobody again.
    expect(
      (await call('POST', `/admin/reservations/reservations/${aliceBooking}/check-in`, operator)).status,
    ).toBe(409);

    const called = await call('POST', '/admin/reservations/services/tax/days/2027-02-16/call-next', operator);
    expect(called.body).toMatchObject({ id: aliceBooking, status: 'called', queueNumber: 1 });
    await waitFor(() => emulator.messagesFor(alice).length === 2, 'the call to Alice');
    expect(emulator.messagesFor(bob)).toHaveLength(1);
    expect(
      (await call('POST', `/admin/reservations/reservations/${aliceBooking}/complete`, operator)).body,
    ).toMatchObject({
      status: 'completed',
    });
    expect(
      (await call('POST', '/admin/reservations/services/tax/days/2027-02-16/call-next', operator)).body,
    ).toMatchObject({ id: bobBooking });
    expect(
      (await call('POST', `/admin/reservations/reservations/${bobBooking}/no-show`, operator)).body,
    ).toMatchObject({
      status: 'no_show',
    });
    const empty = await call('POST', '/admin/reservations/services/tax/days/2027-02-16/call-next', operator);
    expect(empty.status).toBe(404);
    expect(await auditActions('reservation', aliceBooking)).toEqual([
      'reservation.read',
      'reservation.check_in',
      'reservation.call',
      'reservation.complete',
    ]);
    expect(await auditActions('reservation', bobBooking)).toEqual([
      'reservation.check_in',
      'reservation.call',
      'reservation.no_show',
    ]);
    // The notices went out once each; Bob is told he missed his turn, in Japanese (his language).
    await waitFor(() => emulator.messagesFor(bob).length === 3, 'the call and the no-show notice to Bob');
    expect(textsOf(emulator.messagesFor(bob).slice(2))).toContain(
      t('ja', 'reservations:notice.noShow.title'),
    );
    const pushes = await query<{ to_id: string; status: string }>(
      'SELECT to_id, status FROM outbound_messages WHERE to_id = ANY($1::text[]) ORDER BY id',
      [[alice, bob]],
    );
    expect(pushes.map((p) => [p.to_id === alice ? 'alice' : 'bob', p.status])).toEqual([
      ['alice', 'sent'],
      ['bob', 'sent'],
      ['alice', 'sent'],
      ['bob', 'sent'],
      ['bob', 'sent'],
    ]);
    // Every desk action answers with the resident's name or LINE id: each is audited as personal data.
    const flags = await query<{ action: string; personal_data: boolean }>(
      `SELECT DISTINCT action, personal_data FROM audit_log
        WHERE resource_type = 'reservation' AND resource_id = ANY($1::text[]) ORDER BY action`,
      [[aliceBooking, bobBooking]],
    );
    expect(flags.every((f) => f.personal_data)).toBe(true);
    expect(flags.map((f) => f.action)).toEqual([
      'reservation.call',
      'reservation.check_in',
      'reservation.complete',
      'reservation.no_show',
      'reservation.read',
    ]);
  });

  it('marks a no-show only from the booking’s day on, and tells the resident in their language', async () => {
    const erin = await resident('Erin', 'en');
    const tomorrow = await book(await slotAt('tax', '2027-02-17', '13:00'), erin);
    const refused = await call('POST', `/admin/reservations/reservations/${tomorrow}/no-show`, operator);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatch(/2027-02-17/);
    expect(await query('SELECT status FROM reservations WHERE id = $1', [tomorrow])).toEqual([
      { status: 'booked' },
    ]);
    expect(
      await query(`SELECT 1 FROM audit_log WHERE action = 'reservation.no_show' AND resource_id = $1`, [
        tomorrow,
      ]),
    ).toEqual([]);

    const frank = await resident('Frank', 'en');
    const today = await book(await slotAt('tax', '2027-02-16', '13:00'), frank);
    const marked = await call('POST', `/admin/reservations/reservations/${today}/no-show`, operator);
    expect(marked.body).toMatchObject({ status: 'no_show' });
    await waitFor(() => emulator.messagesFor(frank).length === 1, 'the no-show notice to Frank');
    const notice = textsOf(emulator.messagesFor(frank));
    expect(notice).toContain(t('en', 'reservations:notice.noShow.title'));
    expect(notice).toContain('Tax return consultation');
    // Marking it again changes nothing and tells nobody twice.
    expect((await call('POST', `/admin/reservations/reservations/${today}/no-show`, operator)).status).toBe(
      409,
    );
    expect(emulator.messagesFor(erin)).toEqual([]);
  });

  it('refuses to check in a booking for another day', async () => {
    const id = await book(await slotAt('tax', '2027-02-18', '13:00'), await resident('Later'));
    const res = await call('POST', `/admin/reservations/reservations/${id}/check-in`, operator);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatch(/2027-02-18/);
  });

  it('cancels on the resident’s behalf with a reason: the seat is freed and the resident is told', async () => {
    const slotId = await slotAt('tax', '2027-02-19', '13:00');
    const carol = await resident('Carol', 'en');
    const id = await book(slotId, carol);
    expect(
      (await call('POST', `/admin/reservations/reservations/${id}/cancel`, operator, {})).body.error,
    ).toMatch(/body\.reason/);
    const reason = 'The desk is closed because of a storm warning';
    const res = await call('POST', `/admin/reservations/reservations/${id}/cancel`, operator, { reason });
    expect(res.body).toMatchObject({ status: 'cancelled', cancelReason: reason });
    expect(
      (await query<{ booked: number }>('SELECT booked FROM reservation_slots WHERE id = $1', [slotId]))[0],
    ).toEqual({
      booked: 0,
    });
    await waitFor(() => emulator.messagesFor(carol).length === 1, 'the cancellation notice');
    // Staff's words reach an English reader framed as the city's (they are usually Japanese)…
    expect(textsOf(emulator.messagesFor(carol))).toContain(`Message from the city (in Japanese): ${reason}`);
    expect(
      (await call('POST', `/admin/reservations/reservations/${id}/cancel`, operator, { reason })).status,
    ).toBe(409);
    const [entry] = await query<{ details: { reason: string } }>(
      `SELECT details FROM audit_log WHERE action = 'reservation.cancel' AND resource_id = $1`,
      [id],
    );
    expect(entry?.details.reason).toBe(reason);

    // …unless staff give the reason in the resident's language too.
    const again = await book(slotId, carol);
    const own = await call('POST', `/admin/reservations/reservations/${again}/cancel`, operator, {
      reason: '暴風警報のため窓口を閉じます',
      reasons: { en: 'The desk is closed because of a storm warning.' },
    });
    expect(own.status).toBe(200);
    await waitFor(() => emulator.messagesFor(carol).length === 2, 'the second cancellation notice');
    expect(textsOf(emulator.messagesFor(carol).slice(1))).toContain(
      'Reason: The desk is closed because of a storm warning.',
    );
    expect(textsOf(emulator.messagesFor(carol).slice(1))).not.toContain('暴風警報');
  });

  it('sends nothing to a resident who blocked the account', async () => {
    const dave = await resident('Dave');
    const id = await book(await slotAt('tax', '2027-02-19', '09:00'), dave);
    await query('UPDATE line_users SET followed = false WHERE user_id = $1', [dave]);
    const res = await call('POST', `/admin/reservations/reservations/${id}/cancel`, operator, {
      reason: 'x',
    });
    expect(res.status).toBe(200);
    expect(await query('SELECT 1 FROM outbound_messages WHERE to_id = $1', [dave])).toEqual([]);
  });
});

describe('walk-ins', () => {
  it('registers a walk-in who has no LINE, checked in at once', async () => {
    const slotId = await slotAt('tax', '2027-02-16', '13:00');
    const res = await call('POST', '/admin/reservations/services/tax/walk-ins', operator, {
      slotId,
      name: '山田 花子',
      phone: '092-000-0000',
      checkIn: true,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      channel: 'walk_in',
      userId: null,
      name: '山田 花子',
      phone: '092-000-0000',
      status: 'checked_in',
      queueNumber: 3,
    });
    const [entry] = await query<{ details: Record<string, unknown> }>(
      `SELECT details FROM audit_log WHERE action = 'reservation.walk_in' AND resource_id = $1`,
      [res.body.id],
    );
    // The log says who registered whom by number, without copying the name and phone.
    expect(JSON.stringify(entry?.details)).not.toContain('山田');
  });

  it('answers a full slot with 409 and writes nothing', async () => {
    const slotId = await slotAt('tax', '2027-02-22', '09:00');
    for (const name of ['=HYPERLINK("http://evil")', '佐藤 "さとう" 一郎']) {
      expect(
        (await call('POST', '/admin/reservations/services/tax/walk-ins', operator, { slotId, name })).status,
      ).toBe(201);
    }
    const count = async () =>
      query(
        'SELECT (SELECT count(*)::int FROM reservations) AS r, (SELECT count(*)::int FROM audit_log) AS a',
      );
    const before = await count();
    const full = await call('POST', '/admin/reservations/services/tax/walk-ins', operator, {
      slotId,
      name: '三人目',
    });
    expect(full.status).toBe(409);
    expect(full.body.error).toMatch(/full/);
    expect(await count()).toEqual(before);
    const wrongService = await call('POST', '/admin/reservations/services/kids/walk-ins', otherDesk, {
      slotId,
      name: 'x',
    });
    expect(wrongService.status).toBe(404);
  });
});

describe('CSV export', () => {
  it('serves UTF-8 with a BOM, CRLF and quoted fields that Excel opens correctly', async () => {
    expect(
      (
        await call(
          'GET',
          '/admin/reservations/services/tax/export.csv?from=2027-02-15&to=2027-02-28',
          otherDesk,
        )
      ).status,
    ).toBe(403);
    const res = await call(
      'GET',
      '/admin/reservations/services/tax/export.csv?from=2027-02-15&to=2027-02-28',
      viewer,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      /attachment; filename="reservations-tax-2027-02-15-2027-02-28\.csv"/,
    );
    expect([...res.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = res.text.slice(1).split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines[0]).toBe(
      '"予約番号","日付","開始","終了","状態","受付番号","区分","氏名","電話番号","取消理由","予約日時"',
    );
    const rows = lines.slice(1, -1);
    const total = await query<{ n: number }>(
      `SELECT count(*)::int AS n FROM reservations WHERE service_id = 'tax'`,
    );
    expect(rows).toHaveLength(total[0]?.n ?? -1);
    expect(rows.every((line) => !line.includes('\n'))).toBe(true);
    expect(rows.find((line) => line.includes('山田 花子'))).toMatch(
      /^"[2-9A-Z]{6}","2027-02-16","13:00","13:30","受付済み","3","窓口","山田 花子","092-000-0000","",/,
    );
    expect(rows.find((line) => line.includes('Alice'))).toContain('"完了","1","LINE","Alice"');
    // Quotes are doubled; a cell Excel would run as a formula is neutralized with a leading apostrophe.
    expect(res.text).toContain('"佐藤 ""さとう"" 一郎"');
    expect(res.text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(res.text).toContain('"取消","","LINE","Carol","","The desk is closed because of a storm warning"');
    const [entry] = await query<{ personal_data: boolean; details: { rows: number } }>(
      `SELECT personal_data, details FROM audit_log WHERE action = 'reservation.export'`,
    );
    expect(entry).toEqual({
      personal_data: true,
      details: { from: '2027-02-15', to: '2027-02-28', rows: rows.length },
    });
  });
});

describe('OpenAPI', () => {
  it('documents the reservations routes from the same zod schemas', async () => {
    const doc = (await (await fetch(`${url}/admin/docs/json`)).json()) as {
      paths: Record<
        string,
        Record<string, { tags?: string[]; requestBody?: unknown; parameters?: unknown[] }>
      >;
    };
    for (const path of [
      '/admin/reservations/services',
      '/admin/reservations/services/{id}',
      '/admin/reservations/services/{id}/slots',
      '/admin/reservations/services/{id}/days/{date}',
      '/admin/reservations/services/{id}/days/{date}/call-next',
      '/admin/reservations/reservations/{id}/check-in',
      '/admin/reservations/reservations/{id}/cancel',
      '/admin/reservations/services/{id}/walk-ins',
      '/admin/reservations/services/{id}/export.csv',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(doc.paths['/admin/reservations/services/{id}/slots']?.post?.tags).toEqual(['reservations']);
    expect(doc.paths['/admin/reservations/services/{id}/slots']?.post?.requestBody).toBeDefined();
    expect(
      JSON.stringify(doc.paths['/admin/reservations/services/{id}/walk-ins']?.post?.requestBody),
    ).toContain('slotId');
  });
});

describe('day-before reminders', () => {
  const due = cityInstant('2027-03-08', '09:00');
  let loopLog: FastifyInstance['log'];
  const loop = () =>
    createReminderLoop(
      { pool: app.pg.pool, log: loopLog },
      { pollMs: 60_000, onQueued: () => app.workers.outbox.wake() },
    );
  let remindedUsers: string[] = [];
  let quietUsers: string[] = [];
  let firstBooking = '';

  beforeAll(async () => {
    loopLog = app.log;
    await call('POST', '/admin/reservations/services/tax/slots', manager, {
      from: '2027-03-09',
      to: '2027-03-09',
      weekdays: [2],
      times: [
        { start: '09:00', end: '09:30' },
        { start: '10:00', end: '10:30' },
      ],
      capacity: 50,
    });
    const slotId = await slotAt('tax', '2027-03-09', '09:00');
    const later = await slotAt('tax', '2027-03-09', '10:00');
    remindedUsers = [];
    for (let i = 0; i < 12; i += 1) {
      const userId = await resident(`Reminded ${i}`, i % 2 ? 'en' : 'ja-easy');
      remindedUsers.push(userId);
      const id = await book(i < 6 ? slotId : later, userId);
      if (i === 0) firstBooking = id;
    }
    const cancelled = await resident('Cancelled');
    const blocked = await resident('Blocked');
    const lateBooker = await resident('Booked the evening before');
    const lateChanger = await resident('Moved the booking here the evening before');
    quietUsers = [cancelled, blocked, lateBooker, lateChanger];
    const cancelledId = await book(slotId, cancelled);
    await call('POST', `/admin/reservations/reservations/${cancelledId}/cancel`, operator, {
      reason: 'asked by phone',
    });
    await book(slotId, blocked);
    await query('UPDATE line_users SET followed = false WHERE user_id = $1', [blocked]);
    const lateId = await book(slotId, lateBooker);
    await query(`UPDATE reservations SET created_at = $2 WHERE id = $1`, [
      lateId,
      cityInstant('2027-03-08', '18:00'),
    ]);
    // Booked long before, but moved to this slot the evening before: the change counts, as a new booking would.
    const changedId = await book(slotId, lateChanger);
    await query(`UPDATE reservations SET changed_at = $2 WHERE id = $1`, [
      changedId,
      cityInstant('2027-03-08', '18:00'),
    ]);
    // A walk-in has no LINE to remind.
    await call('POST', '/admin/reservations/services/tax/walk-ins', operator, { slotId, name: '窓口 次郎' });
  });

  it('sends nothing before 09:00 on the day before', async () => {
    expect(await loop().runOnce(new Date(due.getTime() - 60_000))).toBe(0);
  });

  it('queues each reminder exactly once, even with several instances at once and after a restart', async () => {
    const instances = [loop(), loop(), loop()];
    const counts = await Promise.all(instances.map((instance) => instance.runOnce(due)));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(12);
    // A restarted instance (a new loop) finds nothing left to send.
    expect(await loop().runOnce(new Date(due.getTime() + 3_600_000))).toBe(0);
    for (const userId of remindedUsers) {
      await waitFor(() => emulator.messagesFor(userId).length === 1, `the reminder to ${userId}`);
    }
    const rows = await query<{ to_id: string; retry_key: string }>(
      `SELECT to_id, retry_key FROM outbound_messages WHERE to_id = ANY($1::text[])`,
      [remindedUsers],
    );
    expect(rows).toHaveLength(12);
    expect(rows.find((r) => r.to_id === remindedUsers[0])?.retry_key).toBe(
      noticeRetryKey(firstBooking, 'reminder'),
    );
    expect(
      await query(`SELECT 1 FROM reservations WHERE user_id = ANY($1::text[]) AND reminder_sent_at IS NULL`, [
        remindedUsers,
      ]),
    ).toEqual([]);
  });

  it('sends none to residents who cancelled, blocked the account, or booked or changed after the reminder time', async () => {
    const reminders = await query<{ to_id: string }>(
      `SELECT to_id FROM outbound_messages WHERE to_id = ANY($1::text[]) AND messages::text NOT LIKE '%asked by phone%'`,
      [quietUsers],
    );
    expect(reminders).toEqual([]);
  });

  it('starts and stops as a background loop', async () => {
    const background = loop();
    background.start();
    await background.stop();
    expect(await background.runOnce(due)).toBe(0);
  });
});
