// The job `bousai.mode-switch`: claims the open switch (one instance at a time, by lease) and runs it; a failure
// gives the switch back with a backoff, a dead instance's switch is taken over when its lease runs out.
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import { createPollingLoop } from '../../../../jobs/polling-loop.ts';
import { sharedRateLimit } from '../../../../jobs/shared-rate-limit.ts';
import type { LineClient } from '../../../../line/client/index.ts';
import { TokenBucket } from '../../../childcare/segments/rate-limiter.ts';
import type { FeatureJob } from '../../../contract.ts';
import { type ClaimedSwitch, claimSwitch, LeaseLostError, releaseAfterError } from './repository.ts';
import { runSwitch, type SwitchRunResult } from './runner.ts';

export const MODE_SWITCH_JOB = 'bousai.mode-switch';

export interface ModeSwitchJobOptions {
  pollMs?: number;
  /** Bulk-link requests per second, all instances together. */
  linksPerSecond: number;
  /** How long a claim holds without progress; each request's progress extends it. Default 60 s. */
  leaseMs?: number;
  now?: () => Date;
  pageSize?: number;
  afterRequest?: (claimed: ClaimedSwitch, requests: number) => Promise<void>;
}

export type ModeSwitchRound = SwitchRunResult | { idle: true } | { failed: string } | { lost: string };

export function createModeSwitchJob(
  services: { pool: pg.Pool; line: LineClient | undefined; log: FastifyBaseLogger },
  options: ModeSwitchJobOptions,
): FeatureJob & { runOnce(now?: Date): Promise<ModeSwitchRound> } {
  const { pool, line, log } = services;
  const clock = options.now ?? (() => new Date());
  const leaseMs = options.leaseMs ?? 60_000;
  const bucket = new TokenBucket({
    ratePerSecond: options.linksPerSecond,
    burst: Math.min(10, options.linksPerSecond),
  });
  const shared = sharedRateLimit(pool, 'line:richmenu-bulk-link', options.linksPerSecond);

  async function round(at: Date): Promise<ModeSwitchRound> {
    if (!line) return { idle: true };
    const claimed = await claimSwitch(pool, at, leaseMs);
    if (!claimed) return { idle: true };
    log.info(
      { switchId: claimed.id, target: claimed.target, phase: claimed.phase },
      'rich menu mode switch claimed',
    );
    try {
      const result = await runSwitch(
        {
          pool,
          api: line.api,
          blob: line.blob,
          log,
          leaseMs,
          now: clock,
          beforeLink: async () => {
            await bucket.take();
            await shared.take();
          },
          ...(options.pageSize ? { pageSize: options.pageSize } : {}),
          ...(options.afterRequest ? { afterRequest: options.afterRequest } : {}),
        },
        claimed,
      );
      await shared.prune();
      return result;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof LeaseLostError) {
        log.info({ switchId: claimed.id }, 'rich menu mode switch taken over or superseded; stopping here');
        return { lost: message };
      }
      // Backoff doubling per attempt, 5 s … 5 min; the cursor keeps what was done.
      const delay = Math.min(300_000, 5_000 * 2 ** Math.max(0, claimed.attempts - 1));
      log.warn(
        { switchId: claimed.id, err: error, retryInMs: delay },
        'rich menu mode switch failed; will resume',
      );
      await releaseAfterError(pool, claimed, new Date(clock().getTime() + delay), message);
      return { failed: message };
    }
  }

  const loop = createPollingLoop({
    name: MODE_SWITCH_JOB,
    pollMs: options.pollMs ?? 5_000,
    log,
    now: clock,
    round,
  });
  return {
    name: MODE_SWITCH_JOB,
    start: () => loop.start(),
    stop: () => loop.stop(),
    runOnce: (now?: Date) => loop.runOnce(now),
    wake() {
      void loop.runOnce().catch((error: unknown) => log.warn({ err: error }, `${MODE_SWITCH_JOB} failed`));
    },
  };
}
