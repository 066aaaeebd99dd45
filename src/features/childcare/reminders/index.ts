// Age milestone reminders: a scan, safe with any number of instances, that queues one push per parent for
// the children's milestones newly due (the rule and the exactly-once claim: queue.ts; the ages: schedule.json).
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import { queueDueMilestones } from './queue.ts';
import { loadSchedule, type Milestone } from './schedule.ts';

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

export interface MilestoneReminderLoop {
  start(): void;
  /** Stops polling and waits for a round in progress. */
  stop(): Promise<void>;
  /** Queues every reminder due at `now`; returns how many parents were sent a push. */
  runOnce(now?: Date): Promise<number>;
}

/** Reads schedule.json at once (a bad file stops the app at boot) and returns the loop. */
export function createMilestoneReminderLoop(
  services: { pool: pg.Pool; log: FastifyBaseLogger },
  options: MilestoneReminderLoopOptions,
): MilestoneReminderLoop {
  const schedule = options.schedule ?? loadSchedule();
  const clock = options.now ?? (() => new Date());
  const batchSize = options.batchSize ?? 200;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let round: Promise<unknown> = Promise.resolve();

  async function runOnce(now: Date = clock()): Promise<number> {
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
  }

  const runLogged = () =>
    runOnce().catch((error: unknown) =>
      services.log.warn({ err: error }, 'queueing milestone reminders failed; retrying later'),
    );

  function schedulePoll(): void {
    if (!running) return;
    timer = setTimeout(() => {
      round = runLogged().finally(schedulePoll);
    }, options.pollMs);
  }

  return {
    start() {
      if (running) return;
      running = true;
      round = runLogged().finally(schedulePoll);
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await round;
    },
    runOnce,
  };
}
