// The periodic scan every reminder and sweep runs on: a round at start, then one per poll; a failing round is
// logged and retried; stop waits for a round in progress; runOnce uses the loop's clock unless given a time.
import { describe, expect, it } from 'vitest';
import { createPollingLoop } from '../../src/jobs/polling-loop.ts';

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i += 1) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};

describe('createPollingLoop', () => {
  it('runs at start and then every poll, logging a failed round and going on', async () => {
    const warnings: unknown[] = [];
    const rounds: Date[] = [];
    const loop = createPollingLoop({
      name: 'test scan',
      pollMs: 10,
      log: { warn: (...args: unknown[]) => void warnings.push(args) },
      now: () => new Date('2027-01-01T00:00:00Z'),
      async round(now) {
        rounds.push(now);
        if (rounds.length === 2) throw new Error('database down');
        return rounds.length;
      },
    });
    loop.start();
    loop.start(); // a second start changes nothing
    await until(() => rounds.length >= 4);
    await loop.stop();
    const after = rounds.length;
    await new Promise((r) => setTimeout(r, 40));
    expect(rounds.length).toBe(after);
    expect(rounds.every((at) => at.toISOString() === '2027-01-01T00:00:00.000Z')).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(warnings[0])).toContain('test scan failed');
  });

  it('waits in stop for the round in progress', async () => {
    let finished = false;
    const loop = createPollingLoop({
      name: 'slow scan',
      pollMs: 1000,
      log: { warn: () => {} },
      async round() {
        await new Promise((r) => setTimeout(r, 30));
        finished = true;
      },
    });
    loop.start();
    await loop.stop();
    expect(finished).toBe(true);
  });

  it('runs one round at a given time on demand', async () => {
    const loop = createPollingLoop({
      name: 'on demand',
      pollMs: 1000,
      log: { warn: () => {} },
      round: async (now) => now.toISOString(),
    });
    expect(await loop.runOnce(new Date('2030-05-05T09:00:00Z'))).toBe('2030-05-05T09:00:00.000Z');
  });
});
