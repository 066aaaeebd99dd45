// A counting semaphore: at most `max` tasks run at once, the others wait in arrival order.

export interface Limiter {
  run<T>(task: () => Promise<T>): Promise<T>;
  readonly active: number;
  readonly waiting: number;
}

export function createLimiter(max: number): Limiter {
  if (!Number.isInteger(max) || max < 1) throw new Error('limiter: max must be a positive integer');
  let active = 0;
  const queue: (() => void)[] = [];

  const release = (): void => {
    const next = queue.shift();
    // Hand the slot straight to the next task, so a newcomer cannot overtake the queue.
    if (next) next();
    else active -= 1;
  };

  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (active < max) active += 1;
      else await new Promise<void>((resolve) => queue.push(resolve));
      try {
        return await task();
      } finally {
        release();
      }
    },
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
  };
}
