// The booking engine against a real database: seats, the one-active rule, the booking window, closed days,
// cancel and change keep the seat count right, and the day's queue.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transact } from '../../src/db/transact.ts';
import { comingDays, slotsOnDay } from '../../src/features/reservations/availability.ts';
import { bookSlot, cancelReservation, changeReservation } from '../../src/features/reservations/booking.ts';
import { callNext, checkIn, finish, queuePosition } from '../../src/features/reservations/queue.ts';
import { upsertService } from '../../src/features/reservations/service-repository.ts';
import {
  expandSchedule,
  findSlot,
  listSlots,
  upsertSlots,
} from '../../src/features/reservations/slot-repository.ts';
import { cityDate, cityInstant, type ReservationService } from '../../src/features/reservations/types.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';

let h: Harness;
let pool: pg.Pool;
const now = cityInstant('2027-02-15', '12:00');
const service: ReservationService = {
  id: 'tax',
  name: { ja: '申告相談', en: 'Tax return consultation' },
  description: {},
  whatToBring: { ja: 'マイナンバーカード' },
  place: { ja: '市役所 2階' },
  receptionStartsOn: '2027-02-16',
  receptionEndsOn: '2027-03-15',
  opensDaysAhead: 14,
  cutoffMinutes: 60,
  oneActivePerUser: true,
  closedDates: ['2027-02-23'],
  active: true,
};

async function user(): Promise<string> {
  const userId = h.newUser('Resident');
  await pool.query(`INSERT INTO line_users (user_id) VALUES ($1)`, [userId]);
  return userId;
}

async function slotAt(date: string, time: string): Promise<string> {
  const slots = await listSlots(
    pool,
    'tax',
    cityInstant(date, time),
    new Date(cityInstant(date, time).getTime() + 1),
  );
  if (!slots[0]) throw new Error(`no slot at ${date} ${time}`);
  return slots[0].id;
}

beforeAll(async () => {
  h = await startHarness();
  pool = h.app.pg.pool;
  await upsertService(pool, service);
  const schedule = expandSchedule({
    from: '2027-02-15',
    to: '2027-03-20',
    weekdays: [1, 2, 3, 4, 5],
    times: [
      { start: '09:00', end: '09:30' },
      { start: '13:00', end: '13:30' },
    ],
    capacity: 2,
    skipDates: ['2027-02-11'],
  });
  await upsertSlots(pool, 'tax', schedule, 2);
});
afterAll(async () => {
  await h?.close();
});

describe('booking', () => {
  it('books a seat, counts it, and refuses when the slot is full', async () => {
    const slotId = await slotAt('2027-02-16', '09:00');
    const a = await transact(pool, (tx) => bookSlot(tx, slotId, { userId: h.newUser('x') }, { now })).catch(
      (e) => e,
    );
    // An unknown LINE user cannot hold a reservation (foreign key): nothing is half-written.
    expect(a).toBeInstanceOf(Error);
    expect((await findSlot(pool, slotId))?.booked).toBe(0);
    const first = await user().then((u) =>
      transact(pool, (tx) => bookSlot(tx, slotId, { userId: u }, { now })),
    );
    expect(first.number).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
    await user().then((u) => transact(pool, (tx) => bookSlot(tx, slotId, { userId: u }, { now })));
    const userId = await user();
    await expect(transact(pool, (tx) => bookSlot(tx, slotId, { userId }, { now }))).rejects.toMatchObject({
      bookingCode: 'SLOT_FULL',
      statusCode: 409,
    });
    expect((await findSlot(pool, slotId))?.booked).toBe(2);
  });

  it('allows one active booking per resident and service', async () => {
    const userId = await user();
    const first = await slotAt('2027-02-17', '09:00');
    await transact(pool, (tx) => bookSlot(tx, first, { userId }, { now }));
    const other = await slotAt('2027-02-17', '13:00');
    await expect(transact(pool, (tx) => bookSlot(tx, other, { userId }, { now }))).rejects.toMatchObject({
      bookingCode: 'ALREADY_BOOKED',
    });
    expect((await findSlot(pool, other))?.booked).toBe(0);
  });

  it('enforces the window, the cut-off and closed days', async () => {
    const userId = await user();
    const closed = await slotAt('2027-02-23', '09:00');
    await expect(transact(pool, (tx) => bookSlot(tx, closed, { userId }, { now }))).rejects.toMatchObject({
      bookingCode: 'CLOSED_DAY',
    });
    const beforeReception = await slotAt('2027-02-15', '13:00');
    await expect(
      transact(pool, (tx) => bookSlot(tx, beforeReception, { userId }, { now })),
    ).rejects.toMatchObject({
      bookingCode: 'OUTSIDE_WINDOW',
    });
    const tooFar = await slotAt('2027-03-15', '09:00');
    await expect(transact(pool, (tx) => bookSlot(tx, tooFar, { userId }, { now }))).rejects.toMatchObject({
      bookingCode: 'OUTSIDE_WINDOW',
    });
    const soon = await slotAt('2027-02-16', '13:00');
    const lateNow = cityInstant('2027-02-16', '12:30');
    await expect(
      transact(pool, (tx) => bookSlot(tx, soon, { userId }, { now: lateNow })),
    ).rejects.toMatchObject({
      bookingCode: 'OUTSIDE_WINDOW',
    });
    // Staff may still register a walk-in into it.
    const walkIn = await transact(pool, (tx) =>
      bookSlot(
        tx,
        soon,
        { walkIn: { name: '窓口 花子', phone: null } },
        { now: lateNow, ignoreWindow: true },
      ),
    );
    expect(walkIn.walkInName).toBe('窓口 花子');
  });

  it('offers only bookable days and times', async () => {
    const days = await comingDays(pool, service, now, 12);
    expect(days.map((d) => d.date)).not.toContain('2027-02-23');
    expect(days.every((d) => d.date >= '2027-02-16' && d.date <= '2027-03-01')).toBe(true);
    const times = await slotsOnDay(pool, service, '2027-02-16', now);
    expect(times.map((s) => cityDate(s.startsAt))).toEqual(['2027-02-16', '2027-02-16']);
  });

  it('cancels and changes keeping the seat counts right, and a changed booking its number', async () => {
    const userId = await user();
    const from = await slotAt('2027-02-18', '09:00');
    const to = await slotAt('2027-02-18', '13:00');
    const booked = await transact(pool, (tx) => bookSlot(tx, from, { userId }, { now }));
    const changed = await transact(pool, (tx) => changeReservation(tx, booked.id, to, { now }));
    expect(changed.before.slotId).toBe(from);
    expect(changed.after.slotId).toBe(to);
    // The same booking: same id, same number the resident may have written down, still booked.
    expect(changed.after).toMatchObject({ id: booked.id, number: booked.number, status: 'booked' });
    const [row] = (
      await pool.query<{ changed_from_slot_id: string; changed: boolean }>(
        'SELECT changed_from_slot_id::text, changed_at IS NOT NULL AS changed FROM reservations WHERE id = $1',
        [booked.id],
      )
    ).rows;
    expect(row).toEqual({ changed_from_slot_id: from, changed: true });
    expect((await findSlot(pool, from))?.booked).toBe(0);
    expect((await findSlot(pool, to))?.booked).toBe(1);
    const cancelled = await transact(pool, (tx) => cancelReservation(tx, changed.after.id, 'resident', null));
    expect(cancelled.status).toBe('cancelled');
    expect((await findSlot(pool, to))?.booked).toBe(0);
    await expect(
      transact(pool, (tx) => cancelReservation(tx, changed.after.id, 'resident', null)),
    ).rejects.toMatchObject({
      bookingCode: 'NOT_ACTIVE',
    });
  });
});

describe('the day’s queue', () => {
  it('numbers check-ins, calls them in order, and tells each how many are ahead', async () => {
    const day = '2027-02-19';
    const slot = await slotAt(day, '09:00');
    const a = await user().then((u) => transact(pool, (tx) => bookSlot(tx, slot, { userId: u }, { now })));
    const b = await user().then((u) => transact(pool, (tx) => bookSlot(tx, slot, { userId: u }, { now })));
    const onTheDay = cityInstant(day, '08:50');
    const aIn = await transact(pool, (tx) => checkIn(tx, a.id, onTheDay));
    const bIn = await transact(pool, (tx) => checkIn(tx, b.id, onTheDay));
    expect([aIn.queueNumber, bIn.queueNumber]).toEqual([1, 2]);
    expect(await queuePosition(pool, bIn)).toEqual({ queueNumber: 2, ahead: 1 });
    await expect(transact(pool, (tx) => checkIn(tx, a.id, onTheDay))).rejects.toMatchObject({
      bookingCode: 'WRONG_STATUS',
    });
    const called = await transact(pool, (tx) => callNext(tx, 'tax', day));
    expect(called.id).toBe(a.id);
    expect(await queuePosition(pool, bIn)).toEqual({ queueNumber: 2, ahead: 0 });
    expect((await transact(pool, (tx) => finish(tx, a.id, 'complete'))).status).toBe('completed');
    expect((await transact(pool, (tx) => callNext(tx, 'tax', day))).id).toBe(b.id);
    expect((await transact(pool, (tx) => finish(tx, b.id, 'no_show'))).status).toBe('no_show');
    await expect(transact(pool, (tx) => callNext(tx, 'tax', day))).rejects.toMatchObject({
      bookingCode: 'QUEUE_EMPTY',
    });
  });
});
