// Claims the milestones newly due and queues one push per parent, in one transaction.
//
// Due rule: milestone m is due for a child on the city date (Asia/Tokyo) `today` when
//   birth_date + m.ageMonths months ≤ today ≤ birth_date + m.ageMonths months + m.graceDays days
// (month addition as PostgreSQL's `date + interval 'n months'`, which src/features/childcare/dates.ts
// addMonths matches), and only between SEND_FROM_HOUR and SEND_UNTIL_HOUR city time: nobody gets a push in the
// night (a child registered late in the evening is reminded the next morning, within the grace period). The grace
// period keeps a child registered long after a milestone from getting a stale reminder. Parents who blocked
// the account are skipped, not claimed, so one who comes back within the grace period still gets it; a
// parent without consent (no childcare_parents row) has no children.
//
// Exactly once: the claim is INSERT … ON CONFLICT DO NOTHING into childcare_milestone_reminders, whose primary
// key (child, milestone) admits one winner across instances, retries and restarts; the push is queued in the
// same transaction, so a claim without its push (or the reverse) never commits. Parents are locked FOR UPDATE
// SKIP LOCKED so instances split the work instead of waiting on each other, and all of a parent's due rows
// are claimed together: several children or milestones due at once make one push.
import type pg from 'pg';
import { transact } from '../../../db/transact.ts';
import { isLanguage } from '../../../i18n/languages.ts';
import { assertMessages } from '../../../line/message-limits.ts';
import { enqueuePush } from '../../../outbox/outbox-repository.ts';
import { stableRetryKey } from '../../reservations/admin-notify.ts';
import { cityDate } from '../dates.ts';
import { type DueReminder, milestoneMessages } from './message.ts';
import type { Milestone } from './schedule.ts';

/** The hour (city time, 0–23) from which reminders go out each day. */
export const SEND_FROM_HOUR = 9;
/** The hour (city time) from which no reminder goes out until the next morning. */
export const SEND_UNTIL_HOUR = 20;

const hourFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Tokyo',
  hour: '2-digit',
  hourCycle: 'h23',
});

/** The hour of the day in the city at `at` (0–23). */
export function cityHour(at: Date): number {
  return Number(hourFormat.format(at));
}

// $1–$3 the schedule as columns, $4 the city's date, $5 parents per batch, $6 the claim time.
// The birth-date range (±3 days for month-end clamping) only lets the index narrow the scan; the exact rule is
// the due_on test after it.
const CLAIM_DUE = `
  WITH schedule AS (
    SELECT * FROM unnest($1::text[], $2::int[], $3::int[]) AS m(milestone, age_months, grace_days)
  ), candidates AS (
    SELECT c.id AS child_id, c.user_id, m.milestone, m.grace_days,
           (c.birth_date + make_interval(months => m.age_months))::date AS due_on
      FROM schedule m
      JOIN childcare_children c
        ON c.birth_date BETWEEN ((($4::date - m.grace_days) - make_interval(months => m.age_months))::date - 3)
                            AND (($4::date - make_interval(months => m.age_months))::date + 3)
  ), pending AS (
    SELECT d.child_id, d.user_id, d.milestone, d.due_on
      FROM candidates d
     WHERE d.due_on <= $4::date AND d.due_on + d.grace_days >= $4::date
       AND NOT EXISTS (SELECT 1 FROM childcare_milestone_reminders r
                        WHERE r.child_id = d.child_id AND r.milestone = d.milestone)
  ), parents AS (
    SELECT p.user_id
      FROM childcare_parents p
      JOIN line_users u ON u.user_id = p.user_id
     WHERE u.followed AND p.user_id IN (SELECT user_id FROM pending)
     ORDER BY p.user_id
     LIMIT $5
     FOR UPDATE OF p SKIP LOCKED
  ), claimed AS (
    INSERT INTO childcare_milestone_reminders (child_id, milestone, user_id, due_on, queued_at)
    SELECT d.child_id, d.milestone, d.user_id, d.due_on, $6
      FROM pending d JOIN parents USING (user_id)
     ORDER BY d.user_id, d.child_id, d.milestone
    ON CONFLICT DO NOTHING
    RETURNING child_id, milestone, user_id
  )
  SELECT cl.child_id, cl.milestone, cl.user_id, c.nickname, c.birth_date::text AS birth_date, u.language
    FROM claimed cl
    JOIN childcare_children c ON c.id = cl.child_id
    JOIN line_users u ON u.user_id = cl.user_id`;

interface ClaimedRow {
  child_id: string;
  milestone: string;
  user_id: string;
  nickname: string;
  birth_date: string;
  language: string;
}

export interface QueueResult {
  /** Parents a push was queued for. */
  parents: number;
  /** Milestone rows claimed. */
  reminders: number;
}

/** The retry key of one parent's push: the same claim always gives the same key. */
export function milestoneRetryKey(
  userId: string,
  claimed: readonly { childId: string; milestone: string }[],
) {
  const pairs = claimed.map((c) => `${c.childId}/${c.milestone}`).sort();
  return stableRetryKey(`childcare-milestones:${userId}:${pairs.join(',')}`);
}

/** Claims the due milestones of up to `limit` parents at `now` and queues their pushes, in one transaction. */
export async function queueDueMilestones(
  pool: pg.Pool,
  schedule: readonly Milestone[],
  now: Date,
  limit: number,
): Promise<QueueResult> {
  const hour = cityHour(now);
  if (hour < SEND_FROM_HOUR || hour >= SEND_UNTIL_HOUR || schedule.length === 0)
    return { parents: 0, reminders: 0 };
  const order = new Map(schedule.map((m, i) => [m.id, i] as const));
  return transact(pool, async (tx) => {
    const { rows } = await tx.query<ClaimedRow>(CLAIM_DUE, [
      schedule.map((m) => m.id),
      schedule.map((m) => m.ageMonths),
      schedule.map((m) => m.graceDays),
      cityDate(now),
      limit,
      now,
    ]);
    const byParent = new Map<string, ClaimedRow[]>();
    for (const row of rows) byParent.set(row.user_id, [...(byParent.get(row.user_id) ?? []), row]);
    for (const [userId, claimed] of byParent) {
      // Oldest child first, each child's milestones in schedule order.
      claimed.sort(
        (a, b) =>
          a.birth_date.localeCompare(b.birth_date) ||
          Number(a.child_id) - Number(b.child_id) ||
          (order.get(a.milestone) ?? 0) - (order.get(b.milestone) ?? 0),
      );
      const due: DueReminder[] = claimed.flatMap((row) => {
        const milestone = schedule[order.get(row.milestone) ?? -1];
        return milestone ? [{ nickname: row.nickname, milestone }] : [];
      });
      const language = claimed[0]?.language;
      const messages = milestoneMessages(isLanguage(language) ? language : 'ja', due);
      assertMessages(messages);
      await enqueuePush(tx, {
        toId: userId,
        messages,
        retryKey: milestoneRetryKey(
          userId,
          claimed.map((row) => ({ childId: String(row.child_id), milestone: row.milestone })),
        ),
      });
    }
    return { parents: byParent.size, reminders: rows.length };
  });
}
