// The segment sender's token bucket on a fake clock: never more than the rate in any second (plus the burst),
// requests evenly spaced under load, served in arrival order, a burst allowed only after idling.
import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../src/features/childcare/segments/rate-limiter.ts';

function fakeClock() {
  const clock = {
    t: 0,
    slept: [] as number[],
    now: () => clock.t,
    async sleep(ms: number) {
      clock.slept.push(ms);
      clock.t += ms;
    },
  };
  return clock;
}

/** The most takes in any window of `windowMs` (windows starting at each take). */
function maxInWindow(times: number[], windowMs: number): number {
  return Math.max(...times.map((start) => times.filter((t) => t >= start && t < start + windowMs).length));
}

describe('TokenBucket', () => {
  it('spaces requests evenly at the rate with the default burst of one', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ ratePerSecond: 10, now: clock.now, sleep: clock.sleep });
    const times: number[] = [];
    await Promise.all(Array.from({ length: 25 }, () => bucket.take().then(() => times.push(clock.t))));
    expect(times).toHaveLength(25);
    // The first goes at once, then one every 100 ms.
    expect(times.slice(0, 4)).toEqual([0, 100, 200, 300]);
    expect(times.at(-1)).toBe(2400);
    expect(maxInWindow(times, 1000)).toBe(10);
  });

  it('allows a burst only of what built up while idle, then keeps to the rate', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ ratePerSecond: 5, burst: 3, now: clock.now, sleep: clock.sleep });
    await bucket.take();
    await bucket.take();
    await bucket.take();
    expect(clock.t).toBe(0);
    clock.t += 10_000; // idle: the bucket refills to its burst, no more
    const times: number[] = [];
    for (let i = 0; i < 13; i++) {
      await bucket.take();
      times.push(clock.t - 10_000);
    }
    expect(times.slice(0, 3)).toEqual([0, 0, 0]);
    expect(times[3]).toBe(200);
    // Over any second: at most the rate plus the burst that was saved up.
    expect(maxInWindow(times, 1000)).toBeLessThanOrEqual(5 + 3);
    expect(times.at(-1)).toBe(2000);
  });

  it('serves callers in the order they asked', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ ratePerSecond: 2, now: clock.now, sleep: clock.sleep });
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3, 4].map((i) => bucket.take().then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(clock.t).toBe(2000);
  });

  it('counts fractional refills so a high rate is kept on average', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ ratePerSecond: 150, now: clock.now, sleep: clock.sleep });
    const times: number[] = [];
    for (let i = 0; i < 600; i++) {
      await bucket.take();
      times.push(clock.t);
    }
    expect(maxInWindow(times, 1000)).toBeLessThanOrEqual(150);
    // Waits round up to whole milliseconds: a little under the rate, never over.
    expect(clock.t).toBeGreaterThanOrEqual(599_000 / 150);
    expect(clock.t).toBeLessThan((599_000 / 150) * 1.1);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => new TokenBucket({ ratePerSecond: 0 })).toThrow(/positive/);
  });
});
