// Age milestone reminders (stub: to build): a scan that queues one push per parent for children newly due.
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';

export interface MilestoneReminderLoopOptions {
  pollMs: number;
  now?: () => Date;
  /** Called after pushes were queued (wake the outbox). */
  onQueued?: () => void;
}

export interface MilestoneReminderLoop {
  start(): void;
  stop(): Promise<void>;
  /** Queues every reminder due at `now`; returns how many parents were sent a push. */
  runOnce(now?: Date): Promise<number>;
}

export function createMilestoneReminderLoop(
  _services: { pool: pg.Pool; log: FastifyBaseLogger },
  _options: MilestoneReminderLoopOptions,
): MilestoneReminderLoop {
  return {
    start() {},
    async stop() {},
    async runOnce() {
      return 0;
    },
  };
}
