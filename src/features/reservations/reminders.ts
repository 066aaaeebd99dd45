// Day-before reminders: from 09:00 (city time) on the day before a booked slot, each resident gets one push.
// A reminder is claimed (reminder_sent_at set, rows locked with SKIP LOCKED) and its push queued in the outbox
// in the same transaction, so it goes out exactly once across instances and restarts.
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import { transact } from '../../db/transact.ts';
import { isLanguage } from '../../i18n/languages.ts';
import { createPollingLoop, type PollingLoop } from '../../jobs/polling-loop.ts';
import { enqueuePush } from '../../outbox/outbox-repository.ts';
import { noticeRetryKey } from './admin-notify.ts';
import { reminderMessage } from './notices.ts';
import { findReservation } from './reservation-repository.ts';
import { findService } from './service-repository.ts';
import { cityDate, type ReservationService } from './types.ts';

/** The hour (city time) on the day before the slot from which its reminder is due. */
export const REMINDER_HOUR = '09:00';

export interface ReminderLoopOptions {
  /** How often to look for due reminders. */
  pollMs: number;
  now?: () => Date;
  /** Reminders claimed per transaction. */
  batchSize?: number;
  /** Called after reminders were queued (wake the outbox so they go out at once). */
  onQueued?: () => void;
}

/** Queues the day-before reminders due at a moment; `runOnce` returns how many. */
export type ReminderLoop = PollingLoop<number>;

// Due: booked (not cancelled, not yet at the desk), from a resident who still follows the account, the slot
// not started yet, its day-before 09:00 reached — and booked (or moved to this slot) before that moment: whoever
// books the evening before has just seen the details. `reminderPromised` says the same to the resident. The claim and the outbox insert commit together or not at all.
const CLAIM_DUE = `
  WITH due AS (
    SELECT r.id
      FROM reservations r
      JOIN reservation_slots s ON s.id = r.slot_id
      JOIN line_users u ON u.user_id = r.user_id
     WHERE r.status = 'booked' AND r.reminder_sent_at IS NULL AND u.followed
       AND s.starts_at > $1
       AND $1 >= (((s.starts_at AT TIME ZONE 'Asia/Tokyo')::date - 1) + $3::time) AT TIME ZONE 'Asia/Tokyo'
       AND COALESCE(r.changed_at, r.created_at) < (((s.starts_at AT TIME ZONE 'Asia/Tokyo')::date - 1) + $3::time) AT TIME ZONE 'Asia/Tokyo'
     ORDER BY s.starts_at, r.id
     LIMIT $2
     FOR UPDATE OF r SKIP LOCKED
  )
  UPDATE reservations r SET reminder_sent_at = now()
    FROM due, line_users u
   WHERE r.id = due.id AND u.user_id = r.user_id AND r.status = 'booked' AND r.reminder_sent_at IS NULL
  RETURNING r.id, r.user_id, u.language`;

/** The moment (city time, the day before the slot at REMINDER_HOUR) from which a slot's reminder is due. */
export function reminderDueAt(slotStartsAt: Date): Date {
  const day = new Date(`${cityDate(slotStartsAt)}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 1);
  return new Date(`${day.toISOString().slice(0, 10)}T${REMINDER_HOUR}:00+09:00`);
}

/** Whether a booking made (or changed) at `bookedAt` for a slot gets the day-before reminder (see CLAIM_DUE). */
export function reminderPromised(slotStartsAt: Date, bookedAt: Date): boolean {
  return bookedAt.getTime() < reminderDueAt(slotStartsAt).getTime();
}

/** Claims up to `limit` due reminders and queues their pushes, in one transaction; returns how many. */
export async function queueDueReminders(pool: pg.Pool, now: Date, limit: number): Promise<number> {
  return transact(pool, async (tx) => {
    const claimed = await tx.query<{ id: string; user_id: string; language: string }>(CLAIM_DUE, [
      now,
      limit,
      REMINDER_HOUR,
    ]);
    const services = new Map<string, ReservationService | null>();
    for (const row of claimed.rows) {
      const reservation = await findReservation(tx, String(row.id));
      if (!reservation) continue;
      if (!services.has(reservation.serviceId)) {
        services.set(reservation.serviceId, await findService(tx, reservation.serviceId));
      }
      const service = services.get(reservation.serviceId);
      if (!service) continue;
      const lang = isLanguage(row.language) ? row.language : 'ja';
      await enqueuePush(tx, {
        toId: row.user_id,
        messages: [reminderMessage(lang, service, reservation)],
        retryKey: noticeRetryKey(reservation.id, 'reminder'),
      });
    }
    return claimed.rows.length;
  });
}

export function createReminderLoop(
  services: { pool: pg.Pool; log: FastifyBaseLogger },
  options: ReminderLoopOptions,
): ReminderLoop {
  const batchSize = options.batchSize ?? 200;
  return createPollingLoop({
    name: 'queueing reminders',
    pollMs: options.pollMs,
    log: services.log,
    now: options.now,
    async round(now) {
      let total = 0;
      for (;;) {
        const queued = await queueDueReminders(services.pool, now, batchSize);
        total += queued;
        if (queued < batchSize) break;
      }
      if (total > 0) {
        services.log.info({ reminders: total }, 'day-before reminders queued');
        options.onQueued?.();
      }
      return total;
    },
  });
}
