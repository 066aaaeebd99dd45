// 粗大ごみ day-before reminders: from 17:00 city time the day before, each booked LINE application gets one
// push; the claim (reminded_at) and the outbox row commit together, so it goes out once across instances.
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import { transact } from '../../../db/transact.ts';
import { t } from '../../../i18n/index.ts';
import { isLanguage } from '../../../i18n/languages.ts';
import { createPollingLoop } from '../../../jobs/polling-loop.ts';
import { enqueuePush } from '../../../outbox/outbox-repository.ts';
import { stableRetryKey } from '../../reservations/admin-notify.ts';
import { addDays, cityDate, cityMinutes } from '../calendar/dates.ts';
import { formatDay } from '../format.ts';
import { applicationNumber } from './repository.ts';

export const BULKY_REMINDER_MINUTES = 17 * 60;

export async function queueBulkyReminders(pool: pg.Pool, now: Date): Promise<number> {
  if (cityMinutes(now) < BULKY_REMINDER_MINUTES) return 0;
  const tomorrow = addDays(cityDate(now), 1);
  return transact(pool, async (tx) => {
    const { rows } = await tx.query<{ id: string; user_id: string; language: string; fee: number }>(
      `WITH due AS (
         SELECT a.id FROM gomi_bulky_applications a JOIN line_users u ON u.user_id = a.user_id
          WHERE a.date = $1 AND a.status = 'booked' AND a.reminded_at IS NULL AND u.followed
            AND a.created_at < $2
          ORDER BY a.id LIMIT 200 FOR UPDATE OF a SKIP LOCKED)
       UPDATE gomi_bulky_applications a SET reminded_at = now() FROM due, line_users u
        WHERE a.id = due.id AND u.user_id = a.user_id
       RETURNING a.id::text, a.user_id, u.language, a.fee`,
      [tomorrow, now],
    );
    for (const row of rows) {
      const lang = isLanguage(row.language) ? row.language : 'ja';
      await enqueuePush(tx, {
        toId: row.user_id,
        messages: [
          {
            type: 'text',
            text: t(lang, 'gomi:bulky.reminder', {
              number: applicationNumber(row.id),
              date: formatDay(lang, tomorrow),
              fee: row.fee,
            }),
          },
        ],
        retryKey: stableRetryKey(`gomi:bulky:${row.id}:${tomorrow}:reminder`),
      });
    }
    return rows.length;
  });
}

export function createBulkyReminderLoop(
  services: { pool: pg.Pool; log: FastifyBaseLogger },
  options: { pollMs: number; now?: () => Date; onQueued?: () => void },
) {
  return createPollingLoop<number>({
    name: 'gomi bulky reminders',
    pollMs: options.pollMs,
    log: services.log,
    now: options.now,
    async round(now) {
      const queued = await queueBulkyReminders(services.pool, now);
      if (queued > 0) options.onQueued?.();
      return queued;
    },
  });
}
