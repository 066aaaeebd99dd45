// Age milestone reminders: a scan, safe with any number of instances, that queues one push per parent for
// the children's milestones newly due (the rule and the exactly-once claim: queue.ts; the ages: schedule.json).
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import { createPollingLoop, type PollingLoop } from '../../../jobs/polling-loop.ts';
import { queueDueMilestones } from './queue.ts';
import { type Milestone, milestoneSchedule } from './schedule.ts';

export { loadSchedule, MilestoneScheduleError } from './schedule.ts';

export interface MilestoneReminderLoopOptions {
  pollMs: number;
  now?: (() => Date) | undefined;
  /** Called after pushes were queued (wake the outbox). */
  onQueued?: () => void;
  /** Parents per transaction. */
  batchSize?: number;
  /** The milestones to use instead of schedule.json (tests). */
  schedule?: readonly Milestone[];
}

/** Queues the milestone reminders due at a moment; `runOnce` returns how many parents were sent a push. */
export type MilestoneReminderLoop = PollingLoop<number>;

/** Reads schedule.json at once (a bad file stops the app at boot) and returns the loop. */
export function createMilestoneReminderLoop(
  services: { pool: pg.Pool; log: FastifyBaseLogger },
  options: MilestoneReminderLoopOptions,
): MilestoneReminderLoop {
  const schedule = options.schedule ?? milestoneSchedule();
  const batchSize = options.batchSize ?? 200;
  return createPollingLoop({
    name: 'queueing milestone reminders',
    pollMs: options.pollMs,
    log: services.log,
    now: options.now,
    async round(now) {
      let parents = 0;
      let reminders = 0;
      for (;;) {
        const queued = await queueDueMilestones(services.pool, schedule, now, batchSize);
        parents += queued.parents;
        reminders += queued.reminders;
        if (queued.parents < batchSize) break;
      }
      if (parents > 0) {
        services.log.info({ parents, reminders }, 'childcare milestone reminders queued');
        options.onQueued?.();
      }
      return parents;
    },
  });
}
