// 粗大ごみ: collection days with a capacity (the database refuses a booking past it: `booked <= capacity`), and
// one ledger of applications from LINE and from the phone. Booking, changing the day and cancelling move the
// day's count in the same transaction as the application.
import type { Queryable } from '../../../db/transact.ts';

/** A day can be booked until this many days before it (the city prepares the route). */
export const BULKY_LEAD_DAYS = 2;
/** Items one application may hold. */
export const MAX_BULKY_ITEMS = 10;

export interface BulkyItem {
  id: string;
  name: string;
  fee: number;
  count: number;
}

export interface BulkyApplication {
  id: string;
  userId: string | null;
  channel: 'line' | 'phone';
  name: string | null;
  phone: string | null;
  address: string;
  date: string;
  items: BulkyItem[];
  fee: number;
  status: 'booked' | 'cancelled';
  createdAt: Date;
}

export interface BulkyDay {
  date: string;
  capacity: number;
  booked: number;
}

export class BulkyDayFullError extends Error {
  readonly code = 'BULKY_DAY_FULL';
  constructor(date: string) {
    super(`${date} is fully booked or not a collection day`);
  }
}

/** The application number residents and staff say: 粗大-000123. */
export function applicationNumber(id: string): string {
  return `粗大-${id.padStart(6, '0')}`;
}

const COLUMNS = `id::text, user_id, channel, name, phone, address, to_char(date, 'YYYY-MM-DD') AS date, items, fee,
                 status, created_at`;

interface Row {
  id: string;
  user_id: string | null;
  channel: 'line' | 'phone';
  name: string | null;
  phone: string | null;
  address: string;
  date: string;
  items: BulkyItem[];
  fee: number;
  status: 'booked' | 'cancelled';
  created_at: Date;
}

function toApplication(row: Row): BulkyApplication {
  return {
    id: row.id,
    userId: row.user_id,
    channel: row.channel,
    name: row.name,
    phone: row.phone,
    address: row.address,
    date: row.date,
    items: row.items,
    fee: row.fee,
    status: row.status,
    createdAt: row.created_at,
  };
}

/** Days from `from` (included) with room left, soonest first. */
export async function availableDays(db: Queryable, from: string, limit: number): Promise<BulkyDay[]> {
  const { rows } = await db.query<{ date: string; capacity: number; booked: number }>(
    `SELECT to_char(date, 'YYYY-MM-DD') AS date, capacity, booked FROM gomi_bulky_days
      WHERE date >= $1 AND booked < capacity ORDER BY date LIMIT $2`,
    [from, limit],
  );
  return rows;
}

export async function listDays(db: Queryable, from: string, to: string): Promise<BulkyDay[]> {
  const { rows } = await db.query<BulkyDay>(
    `SELECT to_char(date, 'YYYY-MM-DD') AS date, capacity, booked FROM gomi_bulky_days
      WHERE date BETWEEN $1 AND $2 ORDER BY date`,
    [from, to],
  );
  return rows;
}

/** Sets a day's capacity; false when more are booked than the new capacity allows. */
export async function setDayCapacity(db: Queryable, date: string, capacity: number): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO gomi_bulky_days (date, capacity) VALUES ($1, $2)
     ON CONFLICT (date) DO UPDATE SET capacity = EXCLUDED.capacity WHERE gomi_bulky_days.booked <= EXCLUDED.capacity`,
    [date, capacity],
  );
  return (rowCount ?? 0) > 0;
}

async function takePlace(db: Queryable, date: string): Promise<void> {
  const { rowCount } = await db.query(
    'UPDATE gomi_bulky_days SET booked = booked + 1 WHERE date = $1 AND booked < capacity',
    [date],
  );
  if ((rowCount ?? 0) === 0) throw new BulkyDayFullError(date);
}

async function releasePlace(db: Queryable, date: string): Promise<void> {
  await db.query('UPDATE gomi_bulky_days SET booked = booked - 1 WHERE date = $1 AND booked > 0', [date]);
}

export interface NewApplication {
  userId: string | null;
  channel: 'line' | 'phone';
  name: string | null;
  phone: string | null;
  address: string;
  date: string;
  items: BulkyItem[];
  createdBy: string | null;
}

/** Books a place on the day and records the application (throws BulkyDayFullError when the day is full). */
export async function createApplication(tx: Queryable, input: NewApplication): Promise<BulkyApplication> {
  await takePlace(tx, input.date);
  const fee = input.items.reduce((sum, item) => sum + item.fee * item.count, 0);
  const { rows } = await tx.query<Row>(
    `INSERT INTO gomi_bulky_applications (user_id, channel, name, phone, address, date, items, fee, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
    [
      input.userId,
      input.channel,
      input.name,
      input.phone,
      input.address,
      input.date,
      JSON.stringify(input.items),
      fee,
      input.createdBy,
    ],
  );
  const row = rows[0];
  if (!row) throw new Error('insert returned nothing');
  return toApplication(row);
}

/** Cancels a booked application (of that resident, when given); null when there is none to cancel. */
export async function cancelApplication(
  tx: Queryable,
  id: string,
  userId: string | null,
): Promise<BulkyApplication | null> {
  const { rows } = await tx.query<Row>(
    `UPDATE gomi_bulky_applications SET status = 'cancelled', cancelled_at = now()
      WHERE id = $1 AND status = 'booked' AND ($2::text IS NULL OR user_id = $2) RETURNING ${COLUMNS}`,
    [id, userId],
  );
  const row = rows[0];
  if (!row) return null;
  await releasePlace(tx, row.date);
  return toApplication(row);
}

/** Moves a booked application to another day with room; null when there is no such application. */
export async function changeApplicationDate(
  tx: Queryable,
  id: string,
  userId: string | null,
  date: string,
): Promise<BulkyApplication | null> {
  const current = await tx.query<{ date: string }>(
    `SELECT to_char(date, 'YYYY-MM-DD') AS date FROM gomi_bulky_applications
      WHERE id = $1 AND status = 'booked' AND ($2::text IS NULL OR user_id = $2) FOR UPDATE`,
    [id, userId],
  );
  const from = current.rows[0]?.date;
  if (!from) return null;
  if (from === date) return findApplication(tx, id);
  await takePlace(tx, date);
  await releasePlace(tx, from);
  const { rows } = await tx.query<Row>(
    `UPDATE gomi_bulky_applications SET date = $2, reminded_at = NULL WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, date],
  );
  return rows[0] ? toApplication(rows[0]) : null;
}

export async function findApplication(db: Queryable, id: string): Promise<BulkyApplication | null> {
  if (!/^\d{1,18}$/.test(id)) return null;
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM gomi_bulky_applications WHERE id = $1`, [id]);
  return rows[0] ? toApplication(rows[0]) : null;
}

export async function userApplications(
  db: Queryable,
  userId: string,
  from: string,
): Promise<BulkyApplication[]> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM gomi_bulky_applications
      WHERE user_id = $1 AND status = 'booked' AND date >= $2 ORDER BY date, id`,
    [userId, from],
  );
  return rows.map(toApplication);
}

export async function dayApplications(
  db: Queryable,
  date: string,
  after: string | null,
  limit: number,
): Promise<BulkyApplication[]> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM gomi_bulky_applications
      WHERE date = $1 AND ($2::bigint IS NULL OR id > $2) ORDER BY id LIMIT $3`,
    [date, after, limit],
  );
  return rows.map(toApplication);
}
