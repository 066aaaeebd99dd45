// Questions residents typed are kept one year (long enough to see a whole year of seasons: 確定申告, 入学, 台風),
// then deleted by the job `faq.retention`; they never carry who asked.
import type pg from 'pg';
import type { Services } from '../../events/services.ts';
import { createPollingLoop, type PollingLoop } from '../../jobs/polling-loop.ts';
import { deleteQuestionsBefore } from './repository.ts';

export const QUESTION_RETENTION_DAYS = 365;

export async function purgeOldQuestions(pool: pg.Pool, now: Date): Promise<{ questions: number }> {
  const before = new Date(now.getTime() - QUESTION_RETENTION_DAYS * 24 * 60 * 60_000);
  return { questions: await deleteQuestionsBefore(pool, before) };
}

export function createQuestionRetentionLoop(
  services: Pick<Services, 'pool' | 'log'>,
  options: { pollMs: number; now?: (() => Date) | undefined },
): PollingLoop<{ questions: number }> {
  return createPollingLoop({
    name: 'faq.retention',
    pollMs: options.pollMs,
    log: services.log,
    now: options.now,
    round: (now) => purgeOldQuestions(services.pool, now),
  });
}
