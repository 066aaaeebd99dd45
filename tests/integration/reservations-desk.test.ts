// The desk as a clerk works it: reservations addressed by the booking number the resident reads out (typed
// full-width, lower case, with a hyphen), a chosen resident called out of turn, the search by number or name,
// the day's list and the search paged, statuses by their labels, walk-ins put in the first free slot from now
// or a chosen time with the seats still enforced, and every time answered in city time.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffWithToken } from '../../src/admin/bootstrap.ts';
import { transact } from '../../src/db/transact.ts';
import { createReservationsAdminRoutes } from '../../src/features/reservations/admin-routes.ts';
import { bookSlot } from '../../src/features/reservations/booking.ts';
import { listSlots } from '../../src/features/reservations/slot-repository.ts';
import { cityInstant } from '../../src/features/reservations/types.ts';
import { type AdminTestApp, startAdminTestApp } from '../helpers/admin-app.ts';
import { type AdminAnswer, adminCall } from '../helpers/admin-http.ts';
import { waitFor } from '../helpers/harness.ts';

// 10:10 on the desk's day, in Kasuga.
const clock = cityInstant('2027-02-16', '10:10');
const DAY = '2027-02-16';

let t: AdminTestApp;
let app: FastifyInstance;
let operator: string;
let viewer: string;

const call = (
  method: string,
  path: string,
  token: string | undefined,
  body?: unknown,
): Promise<AdminAnswer> => adminCall(t.url, method, path, token, body);

interface Out {
  id: string;
  number: string;
  status: string;
  name: string | null;
  queueNumber: number | null;
  slotId: string;
  startsAt: string;
  endsAt: string;
  createdAt: string;
}

async function slotAt(time: string): Promise<string> {
  const at = cityInstant(DAY, time);
  const [slot] = await listSlots(app.pg.pool, 'tax', at, new Date(at.getTime() + 1));
  if (!slot) throw new Error(`no slot at ${time}`);
  return slot.id;
}

async function book(
  time: string,
  displayName: string,
): Promise<{ id: string; number: string; user: string }> {
  const user = await t.resident(displayName);
  const slotId = await slotAt(time);
  const booked = await transact(app.pg.pool, (tx) =>
    bookSlot(tx, slotId, { userId: user }, { now: cityInstant('2027-02-10', '12:00') }),
  );
  return { id: booked.id, number: booked.number, user };
}

/** How a clerk might type the number: full-width, lower case, a hyphen in the middle. */
function typedAtTheDesk(number: string): string {
  const fullWidth = [...number.toLowerCase()]
    .map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))
    .join('');
  return `${fullWidth.slice(0, 3)}－${fullWidth.slice(3)}`;
}

const byNumber = (number: string, action = '') =>
  `/admin/reservations/reservations/by-number/${encodeURIComponent(number)}${action ? `/${action}` : ''}`;

beforeAll(async () => {
  t = await startAdminTestApp([createReservationsAdminRoutes({ now: () => clock })]);
  app = t.app;
  const manager = (
    await createStaffWithToken(app.pg.pool, {
      name: 'Manager',
      isAdmin: false,
      roles: [{ scope: 'reservations:tax', role: 'manager' }],
      via: 'test',
    })
  ).token;
  operator = (
    await createStaffWithToken(app.pg.pool, {
      name: 'Desk',
      isAdmin: false,
      roles: [{ scope: 'reservations:tax', role: 'operator' }],
      via: 'test',
    })
  ).token;
  viewer = (
    await createStaffWithToken(app.pg.pool, {
      name: 'Viewer',
      isAdmin: false,
      roles: [{ scope: 'reservations:tax', role: 'viewer' }],
      via: 'test',
    })
  ).token;
  await call('PUT', '/admin/reservations/services/tax', manager, {
    name: { ja: '確定申告相談', en: 'Tax return consultation' },
    receptionStartsOn: '2027-02-15',
  });
  for (const [start, end, capacity] of [
    ['09:00', '09:30', 3],
    ['10:00', '10:30', 1],
    ['10:30', '11:00', 1],
    ['13:00', '13:30', 3],
  ] as const) {
    const res = await call('POST', '/admin/reservations/services/tax/slots', manager, {
      from: DAY,
      to: DAY,
      weekdays: [2],
      times: [{ start, end }],
      capacity,
    });
    expect(res.status).toBe(200);
  }
});
afterAll(async () => {
  await t?.close();
});

describe('by booking number', () => {
  it('checks in, calls and completes the booking the resident reads out, however the clerk types it', async () => {
    const alice = await book('09:00', 'Alice');
    const typed = typedAtTheDesk(alice.number);
    expect((await call('POST', byNumber(typed, 'check-in'), viewer)).status).toBe(403);
    const checkedIn = await call('POST', byNumber(typed, 'check-in'), operator);
    expect(checkedIn.status).toBe(200);
    expect(checkedIn.body).toMatchObject({ id: alice.id, number: alice.number, status: 'checked_in' });
    const called = await call('POST', byNumber(alice.number.toLowerCase(), 'call'), operator);
    expect(called.body).toMatchObject({ id: alice.id, status: 'called' });
    await waitFor(() => t.emulator.messagesFor(alice.user).length === 2, 'the check-in and call notices');
    const done = await call('POST', byNumber(alice.number, 'complete'), operator);
    expect(done.body).toMatchObject({ status: 'completed' });
    const found = await call('GET', byNumber(typed), viewer);
    expect(found.body).toMatchObject({ id: alice.id, name: 'Alice', status: 'completed' });
    const log = await t.query<{ action: string; personal_data: boolean }>(
      `SELECT action, personal_data FROM audit_log WHERE resource_type = 'reservation' AND resource_id = $1 ORDER BY id`,
      [alice.id],
    );
    expect(log).toEqual([
      { action: 'reservation.check_in', personal_data: true },
      { action: 'reservation.call', personal_data: true },
      { action: 'reservation.complete', personal_data: true },
      { action: 'reservation.read', personal_data: true },
    ]);
  });

  it('cancels and marks a no-show by number; an unknown number is 404, a malformed one 400', async () => {
    const bob = await book('09:00', 'Bob');
    const cancelled = await call('POST', byNumber(bob.number, 'cancel'), operator, {
      reason: '本人から電話',
    });
    expect(cancelled.body).toMatchObject({ id: bob.id, status: 'cancelled', cancelReason: '本人から電話' });
    const carol = await book('09:00', 'Carol');
    expect((await call('POST', byNumber(carol.number, 'no-show'), operator)).body).toMatchObject({
      status: 'no_show',
    });
    const unknown = await call('POST', byNumber('ZZZZZZ', 'check-in'), operator);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toContain('ZZZZZZ');
    const malformed = await call('POST', byNumber('予約番号', 'check-in'), operator);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatch(/params\.number/);
  });

  it('calls a chosen checked-in resident out of turn; the next call takes the one still waiting', async () => {
    const first = await book('13:00', 'First');
    const second = await book('13:00', 'Second');
    await call('POST', byNumber(first.number, 'check-in'), operator);
    await call('POST', byNumber(second.number, 'check-in'), operator);
    const chosen = await call('POST', `/admin/reservations/reservations/${second.id}/call`, operator);
    expect(chosen.body).toMatchObject({ id: second.id, status: 'called' });
    const next = await call('POST', `/admin/reservations/services/tax/days/${DAY}/call-next`, operator);
    expect(next.body).toMatchObject({ id: first.id, status: 'called' });
    // A booking not checked in is not called, and nobody is told.
    const booked = await book('10:30', 'Not here yet');
    const refused = await call('POST', byNumber(booked.number, 'call'), operator);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatch(/booked/);
    expect(t.emulator.messagesFor(booked.user)).toEqual([]);
  });
});

describe('lists and search', () => {
  it('answers times in the city’s offset, 10:00 in Kasuga rather than 01:00 UTC', async () => {
    const dana = await book('10:00', 'Dana');
    const found = await call('GET', `/admin/reservations/reservations/${dana.id}`, viewer);
    const out = found.body as unknown as Out;
    expect(out.startsAt).toBe('2027-02-16T10:00:00+09:00');
    expect(out.endsAt).toBe('2027-02-16T10:30:00+09:00');
    expect(out.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?\+09:00$/);
  });

  it('searches by the beginning of a number or part of a name, full-width and spacing aside', async () => {
    const yamada = await book('13:00', 'ヤマダ ハナコ');
    const search = (q: string) =>
      call('GET', `/admin/reservations/services/tax/reservations?q=${encodeURIComponent(q)}`, viewer);
    const numbers = async (q: string) => ((await search(q)).body.items as Out[]).map((r) => r.number);
    expect(await numbers('ﾔﾏﾀﾞﾊﾅｺ')).toEqual([yamada.number]);
    expect(await numbers('やまだ')).toEqual([]);
    expect(await numbers(yamada.number.slice(0, 4).toLowerCase())).toContain(yamada.number);
    expect(await numbers('nobody')).toEqual([]);
    const [entry] = await t.query<{ details: Record<string, unknown> }>(
      `SELECT details FROM audit_log WHERE action = 'reservation.search' ORDER BY id LIMIT 1`,
    );
    // The log names the bookings shown, not the name typed.
    expect(entry?.details.shown).toEqual([yamada.number]);
    expect(JSON.stringify(entry)).not.toContain('ﾔﾏﾀﾞ');
  });

  it('filters by status ids or labels, and lists the valid ones when a status is wrong', async () => {
    const base = '/admin/reservations/services/tax/reservations';
    const statuses = async (status: string) =>
      new Set(
        ((await call('GET', `${base}?status=${encodeURIComponent(status)}`, viewer)).body.items as Out[]).map(
          (r) => r.status,
        ),
      );
    expect(await statuses('取消')).toEqual(new Set(['cancelled']));
    expect(await statuses('Called,no_show')).toEqual(new Set(['called', 'no_show']));
    const wrong = await call('GET', `${base}?status=${encodeURIComponent('対応中')}`, viewer);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toContain(
      'querystring.status: no reservation status "対応中"; one of booked (予約済み)',
    );
  });

  it('pages the day’s list and the search with limit and cursor: every booking once, in the desk’s order', async () => {
    const dayPath = `/admin/reservations/services/tax/days/${DAY}`;
    const all = (await call('GET', dayPath, viewer)).body as { items: Out[]; waiting: number };
    expect(all.items.length).toBeGreaterThan(5);
    for (const path of [dayPath, '/admin/reservations/services/tax/reservations']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await call('GET', `${path}${query}`, viewer);
        expect(page.status).toBe(200);
        expect((page.body.items as Out[]).length).toBeLessThanOrEqual(2);
        seen.push(...(page.body.items as Out[]).map((r) => r.id));
        cursor = page.body.nextCursor as string | null;
      } while (cursor);
      expect(seen).toEqual(all.items.map((r) => r.id));
    }
    const bad = await call('GET', `${dayPath}?cursor=${Buffer.from('[1]').toString('base64url')}`, viewer);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/querystring\.cursor/);
  });
});

describe('walk-ins', () => {
  const walkIn = (body: Record<string, unknown>) =>
    call('POST', '/admin/reservations/services/tax/walk-ins', operator, body);

  it('takes the first slot not over with a seat left: the running 10:00 slot is full, so 10:30', async () => {
    // 10:00 (one seat) went to Dana; 10:30 (one seat) has the booking not checked in.
    await t.query(`UPDATE reservation_slots SET capacity = 2 WHERE starts_at = $1`, [
      cityInstant(DAY, '10:30'),
    ]);
    const res = await walkIn({ name: '窓口 太郎', checkIn: true });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ startsAt: '2027-02-16T10:30:00+09:00', status: 'checked_in' });
    const [entry] = await t.query<{ details: Record<string, unknown> }>(
      `SELECT details FROM audit_log WHERE action = 'reservation.walk_in' AND resource_id = $1`,
      [res.body.id],
    );
    expect(entry?.details).toMatchObject({ slotPicked: true, slotId: res.body.slotId });
  });

  it('takes the slot at a chosen time, given in any offset', async () => {
    await t.query(`UPDATE reservation_slots SET capacity = 6 WHERE starts_at = $1`, [
      cityInstant(DAY, '13:00'),
    ]);
    const utc = await walkIn({ name: '窓口 花子', at: '2027-02-16T04:00:00Z' });
    expect(utc.body).toMatchObject({ startsAt: '2027-02-16T13:00:00+09:00', status: 'booked' });
    const local = await walkIn({ name: '窓口 次郎', at: '2027-02-16T12:45:00+09:00' });
    expect(local.body).toMatchObject({ startsAt: '2027-02-16T13:00:00+09:00' });
  });

  it('never overbooks: the last seats of the day go to as many walk-ins as there are, the rest get 409', async () => {
    const slotId = await slotAt('13:00');
    const before = await t.query<{ booked: number; capacity: number }>(
      'SELECT booked, capacity FROM reservation_slots WHERE id = $1',
      [slotId],
    );
    const left = (before[0]?.capacity ?? 0) - (before[0]?.booked ?? 0);
    expect(left).toBeGreaterThan(0);
    const answers = await Promise.all(
      Array.from({ length: left + 2 }, (_, i) =>
        walkIn({ name: `同時 ${i}`, at: '2027-02-16T13:00:00+09:00' }),
      ),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(left);
    const refused = answers.filter((a) => a.status === 409);
    expect(refused).toHaveLength(2);
    expect(refused[0]?.body.error).toMatch(
      /no slot of this service has a seat left on 2027-02-16 from 13:00/,
    );
    const after = await t.query<{ booked: number; capacity: number; reservations: number }>(
      `SELECT s.booked, s.capacity,
              (SELECT count(*)::int FROM reservations r WHERE r.slot_id = s.id AND r.status <> 'cancelled') AS reservations
         FROM reservation_slots s WHERE s.id = $1`,
      [slotId],
    );
    expect(after[0]).toMatchObject({ booked: after[0]?.capacity, reservations: after[0]?.capacity });
  });

  it('still takes an explicit slotId, and refuses one of another service', async () => {
    const ok = await walkIn({ name: '指定', slotId: await slotAt('09:00') });
    expect(ok.body).toMatchObject({ startsAt: '2027-02-16T09:00:00+09:00' });
    expect((await walkIn({ name: 'x', slotId: '999999' })).status).toBe(404);
  });
});

describe('OpenAPI', () => {
  it('documents the by-number routes, the search and the statuses with their labels', async () => {
    const doc = (await (await fetch(`${t.url}/admin/docs/json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    for (const action of ['check-in', 'call', 'complete', 'no-show', 'cancel']) {
      expect(
        doc.paths[`/admin/reservations/reservations/by-number/{number}/${action}`],
        action,
      ).toBeDefined();
      expect(doc.paths[`/admin/reservations/reservations/{id}/${action}`], action).toBeDefined();
    }
    expect(doc.paths['/admin/reservations/services/{id}/reservations']?.get).toBeDefined();
    const answer = JSON.stringify(doc.paths['/admin/reservations/reservations/{id}']?.get);
    expect(answer).toContain('"enum":["booked","checked_in","called","completed","no_show","cancelled"]');
    expect(answer).toContain('checked_in (受付済み / Checked in)');
  });
});
