// The encode limiter: never more than `max` tasks at once, first come first served, slots freed on failure.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createLimiter } from '../../src/features/reports/photos/limiter.ts';

describe('createLimiter', () => {
  it('runs at most max tasks at once, in arrival order', async () => {
    const limiter = createLimiter(2);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const tasks = Array.from({ length: 7 }, (_, i) =>
      limiter.run(async () => {
        started.push(i);
        running += 1;
        peak = Math.max(peak, running);
        await sleep(5);
        running -= 1;
        return i * 10;
      }),
    );
    expect(limiter.active).toBe(2);
    expect(limiter.waiting).toBe(5);
    expect(await Promise.all(tasks)).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(peak).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(limiter.active).toBe(0);
  });

  it('frees the slot when a task fails', async () => {
    const limiter = createLimiter(1);
    await expect(limiter.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await limiter.run(async () => 'next')).toBe('next');
    expect(limiter.active).toBe(0);
  });

  it('refuses a non-positive size', () => {
    expect(() => createLimiter(0)).toThrow(/positive integer/);
  });
});
