// Slots: created in bulk from a schedule, listed by day with the seats left.
import type { Queryable } from '../../db/transact.ts';
import { cityInstant, type Slot } from './types.ts';

interface SlotRow {
  id: string;
  service_id: string;
  starts_at: Date;
  ends_at: Date;
  capacity: number;
  booked: number;
}

function toSlot(row: SlotRow): Slot {
  return {
    id: String(row.id),
    serviceId: row.service_id,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    capacity: row.capacity,
    booked: row.booked,
  };
}

const COLUMNS = 'id, service_id, starts_at, ends_at, capacity, booked';

export interface SlotSchedule {
  /** Inclusive ISO dates. */
  from: string;
  to: string;
  /** 0 = Sunday … 6 = Saturday; the days of the week slots are made on. */
  weekdays: number[];
  times: { start: string; end: string }[];
  capacity: number;
  /** Dates in the range with no slots (holidays). */
  skipDates: string[];
}

export function expandSchedule(schedule: SlotSchedule): { startsAt: Date; endsAt: Date }[] {
  const out: { startsAt: Date; endsAt: Date }[] = [];
  const skip = new Set(schedule.skipDates);
  for (let day = new Date(`${schedule.from}T00:00:00Z`); day <= new Date(`${schedule.to}T00:00:00Z`); ) {
    const date = day.toISOString().slice(0, 10);
    if (schedule.weekdays.includes(day.getUTCDay()) && !skip.has(date)) {
      for (const time of schedule.times) {
        out.push({ startsAt: cityInstant(date, time.start), endsAt: cityInstant(date, time.end) });
      }
    }
    day = new Date(day.getTime() + 86_400_000);
  }
  return out;
}

/** Creates the schedule's slots; an existing slot (same start) keeps its bookings and gets the new capacity. */
export async function upsertSlots(
  db: Queryable,
  serviceId: string,
  slots: { startsAt: Date; endsAt: Date }[],
  capacity: number,
): Promise<number> {
  if (slots.length === 0) return 0;
  const result = await db.query(
    `INSERT INTO reservation_slots (service_id, starts_at, ends_at, capacity)
     SELECT $1, s, e, $4 FROM unnest($2::timestamptz[], $3::timestamptz[]) AS t(s, e)
     ON CONFLICT (service_id, starts_at) DO UPDATE SET ends_at = EXCLUDED.ends_at, capacity = EXCLUDED.capacity`,
    [
      serviceId,
      slots.map((s) => s.startsAt.toISOString()),
      slots.map((s) => s.endsAt.toISOString()),
      capacity,
    ],
  );
  return result.rowCount ?? 0;
}

export async function findSlot(db: Queryable, id: string): Promise<Slot | null> {
  const result = await db.query<SlotRow>(`SELECT ${COLUMNS} FROM reservation_slots WHERE id = $1`, [id]);
  return result.rows[0] ? toSlot(result.rows[0]) : null;
}

/** Slots starting within [from, to), in order; a page of them starts after `page.after` (a slot's start). */
export async function listSlots(
  db: Queryable,
  serviceId: string,
  from: Date,
  to: Date,
  page: { after?: Date | undefined; limit?: number | undefined } = {},
): Promise<Slot[]> {
  const result = await db.query<SlotRow>(
    `SELECT ${COLUMNS} FROM reservation_slots
      WHERE service_id = $1 AND starts_at >= $2 AND starts_at < $3 AND ($4::timestamptz IS NULL OR starts_at > $4)
      ORDER BY starts_at LIMIT $5`,
    [serviceId, from, to, page.after ?? null, page.limit ?? null],
  );
  return result.rows.map(toSlot);
}

export async function deleteEmptySlots(
  db: Queryable,
  serviceId: string,
  from: Date,
  to: Date,
): Promise<number> {
  const result = await db.query(
    `DELETE FROM reservation_slots s WHERE service_id = $1 AND starts_at >= $2 AND starts_at < $3
        AND NOT EXISTS (SELECT 1 FROM reservations r WHERE r.slot_id = s.id)`,
    [serviceId, from, to],
  );
  return result.rowCount ?? 0;
}
