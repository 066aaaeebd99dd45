// A periodic database scan (reminders, sweeps): runs a round at start, then every `pollMs` after the last round
// ended; a failed round is logged and retried at the next poll; `stop` waits for a round in progress. The rounds
// themselves claim their work in the database, so any number of instances may run the same loop.
import type { FastifyBaseLogger } from 'fastify';

export interface PollingLoop<Result> {
  start(): void;
  /** Stops polling and waits for a round in progress. */
  stop(): Promise<void>;
  /** One round at `now` (the loop's clock by default); tests and operators call it directly. */
  runOnce(now?: Date): Promise<Result>;
}

export function createPollingLoop<Result>(options: {
  /** Named in the log line of a failed round. */
  name: string;
  pollMs: number;
  log: Pick<FastifyBaseLogger, 'warn'>;
  now?: (() => Date) | undefined;
  round: (now: Date) => Promise<Result>;
}): PollingLoop<Result> {
  const clock = options.now ?? (() => new Date());
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let inFlight: Promise<unknown> = Promise.resolve();

  const runOnce = (now: Date = clock()) => options.round(now);
  const runLogged = () =>
    runOnce().catch((error: unknown) =>
      options.log.warn({ err: error }, `${options.name} failed; retrying at the next poll`),
    );

  function schedule(): void {
    if (!running) return;
    timer = setTimeout(() => {
      inFlight = runLogged().finally(schedule);
    }, options.pollMs);
  }

  return {
    start() {
      if (running) return;
      running = true;
      inFlight = runLogged().finally(schedule);
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await inFlight;
    },
    runOnce,
  };
}
