// A resident's ごみ settings: their area (chosen once) and their reminder (evening before or morning of, at a
// chosen time, for chosen categories; none by default).
import type { Queryable } from '../../db/transact.ts';

export type ReminderTiming = 'evening' | 'morning';

export interface GomiResident {
  userId: string;
  areaId: string;
  reminder: ReminderTiming | null;
  /** Minutes after midnight, city time; null with no reminder. */
  reminderMinutes: number | null;
  /** Category ids; empty: every category collected at the stations. */
  categories: string[];
}

/** The times a resident may choose: evenings before the quiet hours, mornings before the 8:30 collection. */
export const REMINDER_TIMES: Readonly<Record<ReminderTiming, readonly number[]>> = {
  evening: [17 * 60, 18 * 60, 19 * 60],
  morning: [6 * 60, 6 * 60 + 30, 7 * 60, 7 * 60 + 30],
};

export async function getResident(db: Queryable, userId: string): Promise<GomiResident | null> {
  const { rows } = await db.query<{
    area_id: string;
    reminder: ReminderTiming | null;
    reminder_minutes: number | null;
    categories: string[];
  }>('SELECT area_id, reminder, reminder_minutes, categories FROM gomi_residents WHERE user_id = $1', [
    userId,
  ]);
  const row = rows[0];
  if (!row) return null;
  return {
    userId,
    areaId: row.area_id,
    reminder: row.reminder,
    reminderMinutes: row.reminder_minutes,
    categories: row.categories,
  };
}

export async function setArea(db: Queryable, userId: string, areaId: string): Promise<void> {
  await db.query(
    `INSERT INTO gomi_residents (user_id, area_id) VALUES ($1, $2)
     ON CONFLICT (user_id) DO UPDATE SET area_id = EXCLUDED.area_id, updated_at = now()`,
    [userId, areaId],
  );
}

/** Sets (or, with timing null, stops) the reminder of a resident who has chosen an area. */
export async function setReminder(
  db: Queryable,
  userId: string,
  reminder: { timing: ReminderTiming; minutes: number; categories: string[] } | null,
): Promise<void> {
  await db.query(
    `UPDATE gomi_residents SET reminder = $2, reminder_minutes = $3, categories = $4, updated_at = now()
      WHERE user_id = $1`,
    [userId, reminder?.timing ?? null, reminder?.minutes ?? null, reminder?.categories ?? []],
  );
}

/** Residents per area (with and without a reminder), for staff. */
export async function countByArea(
  db: Queryable,
): Promise<{ areaId: string; residents: number; reminders: number }[]> {
  const { rows } = await db.query<{ area_id: string; residents: string; reminders: string }>(
    `SELECT area_id, count(*)::text AS residents, count(reminder)::text AS reminders
       FROM gomi_residents r JOIN line_users u USING (user_id)
      WHERE u.followed IS TRUE GROUP BY area_id ORDER BY area_id`,
  );
  return rows.map((r) => ({
    areaId: r.area_id,
    residents: Number(r.residents),
    reminders: Number(r.reminders),
  }));
}
