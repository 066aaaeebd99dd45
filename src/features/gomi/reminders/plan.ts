// Planning a round of collection reminders: residents whose chosen time has come (within a window, so a
// restart catches up but a reminder never arrives hours late), whose area has a collection of a category they
// chose on the day, who follow the account, and who have no reminder for that day yet. They are put into
// batches of one text (area, language, categories); the insert into gomi_reminder_recipients does nothing for
// a resident already planned, so a resident gets one reminder a day whatever instance or retry plans it.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { transact } from '../../../db/transact.ts';
import { t } from '../../../i18n/index.ts';
import { isLanguage, type Language } from '../../../i18n/languages.ts';
import { QUIET_HOURS } from '../../../jobs/quiet-hours.ts';
import { collectionsOn } from '../calendar/collections.ts';
import { addDays, cityDate, cityMinutes } from '../calendar/dates.ts';
import type { GomiDataset } from '../dataset/types.ts';
import { categoryList, formatDay } from '../format.ts';
import type { ReminderTiming } from '../residents.ts';

/** How long after the chosen time a reminder is still planned (an instance down at 19:00 sends at 19:40). */
export const PLAN_WINDOW_MINUTES = 120;
export const MAX_RECIPIENTS = 500;
/** Things go out by 8:30 on the collection day. */
export const COLLECTION_MINUTES = 8 * 60 + 30;

export interface PlanResult {
  batches: number;
  recipients: number;
}

/** The reminder text for residents of one area and language about the day's categories. */
export function reminderText(
  data: GomiDataset,
  lang: Language,
  timing: ReminderTiming,
  date: string,
  categories: readonly string[],
): string {
  return t(lang, `gomi:reminder.${timing}`, {
    date: formatDay(lang, date),
    categories: categoryList(data, lang, categories),
  });
}

interface Candidate {
  user_id: string;
  language: string;
  categories: string[];
}

async function candidates(
  pool: pg.Pool,
  areaId: string,
  timing: ReminderTiming,
  from: number,
  to: number,
  date: string,
): Promise<Candidate[]> {
  const { rows } = await pool.query<Candidate>(
    `SELECT r.user_id, u.language, r.categories
       FROM gomi_residents r JOIN line_users u USING (user_id)
      WHERE r.area_id = $1 AND r.reminder = $2 AND r.reminder_minutes BETWEEN $3 AND $4
        AND u.followed IS TRUE
        AND NOT EXISTS (SELECT 1 FROM gomi_reminder_recipients x
                         WHERE x.user_id = r.user_id AND x.collection_date = $5)
      ORDER BY r.user_id`,
    [areaId, timing, from, to, date],
  );
  return rows;
}

/** Creates one batch for these residents (those not planned meanwhile); returns how many it holds. */
async function createBatch(
  pool: pg.Pool,
  batch: { date: string; areaId: string; language: string; categories: string[]; text: string; at: Date },
  userIds: string[],
): Promise<number> {
  return transact(pool, async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO gomi_reminder_batches (collection_date, area_id, language, categories, text, retry_key, available_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id::text`,
      [batch.date, batch.areaId, batch.language, batch.categories, batch.text, randomUUID(), batch.at],
    );
    const id = rows[0]?.id;
    const inserted = await tx.query(
      `INSERT INTO gomi_reminder_recipients (user_id, collection_date, batch_id, status)
       SELECT unnest($1::text[]), $2::date, $3::bigint, 'pending'
       ON CONFLICT (user_id, collection_date) DO NOTHING`,
      [userIds, batch.date, id],
    );
    const count = inserted.rowCount ?? 0;
    // Everyone was planned by another instance in the meantime: no empty multicast.
    if (count === 0) await tx.query('DELETE FROM gomi_reminder_batches WHERE id = $1', [id]);
    return count;
  });
}

/** Plans every reminder due at `now`. */
export async function planReminders(pool: pg.Pool, data: GomiDataset, now: Date): Promise<PlanResult> {
  const today = cityDate(now);
  const minutes = cityMinutes(now);
  const result: PlanResult = { batches: 0, recipients: 0 };
  // A window reaching back over midnight is not needed: chosen times are 06:00–19:00.
  const from = Math.max(0, minutes - PLAN_WINDOW_MINUTES);
  for (const timing of ['evening', 'morning'] as const) {
    // Evening reminders stop where the quiet hours begin (20:00); a morning one the resident asked for at
    // 06:00–07:30 is theirs, but none after the 8:30 collection.
    if (timing === 'evening' && minutes >= QUIET_HOURS.from * 60) continue;
    if (timing === 'morning' && minutes > COLLECTION_MINUTES) continue;
    const date = timing === 'evening' ? addDays(today, 1) : today;
    for (const area of data.areas) {
      const due = collectionsOn(data, area.id, date);
      if (due.length === 0) continue;
      const groups = new Map<string, { language: string; categories: string[]; userIds: string[] }>();
      for (const c of await candidates(pool, area.id, timing, from, minutes, date)) {
        const mine = c.categories.length === 0 ? due : due.filter((id) => c.categories.includes(id));
        if (mine.length === 0) continue;
        const key = `${c.language}|${mine.join(',')}`;
        let group = groups.get(key);
        if (!group) {
          group = { language: c.language, categories: mine, userIds: [] };
          groups.set(key, group);
        }
        group.userIds.push(c.user_id);
      }
      for (const group of groups.values()) {
        const lang = isLanguage(group.language) ? group.language : 'ja';
        const text = reminderText(data, lang, timing, date, group.categories);
        for (let i = 0; i < group.userIds.length; i += MAX_RECIPIENTS) {
          const chunk = group.userIds.slice(i, i + MAX_RECIPIENTS);
          const planned = await createBatch(
            pool,
            { date, areaId: area.id, language: lang, categories: group.categories, text, at: now },
            chunk,
          );
          if (planned > 0) {
            result.batches += 1;
            result.recipients += planned;
          }
        }
      }
    }
  }
  return result;
}
