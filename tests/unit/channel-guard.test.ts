// Which database local mode may run over: decided from the configuration and the recorded channel kind.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import {
  assertLocalModeAllowed,
  decideChannelRecord,
  LocalModeRefusedError,
  type RecordedChannel,
} from '../../src/local/channel-guard.ts';

const channel = { LINE_CHANNEL_SECRET: 's', LINE_CHANNEL_ACCESS_TOKEN: 't' };
const since = new Date('2026-04-01T00:00:00Z');
const recorded = (kind: RecordedChannel['kind']): RecordedChannel => ({ kind, since });
const URL = 'postgres://app@db.internal:5432/city';

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(LocalModeRefusedError);
    return (error as Error).message;
  }
  throw new Error('not refused');
}

describe('auto local mode and DATABASE_URL', () => {
  it('is refused before any database is opened, naming what to set', () => {
    const message = refusal(() => assertLocalModeAllowed(loadConfig({ DATABASE_URL: URL })));
    expect(message).toMatch(/DATABASE_URL is set but no LINE channel/);
    expect(message).toMatch(/LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN/);
    expect(message).toMatch(/LOCAL_MODE=on/);
    // The URL carries a password as a rule: never printed.
    expect(message).not.toContain('db.internal');
  });

  it('is allowed with LOCAL_MODE=on, with a channel, or with LOCAL_MODE=off', () => {
    for (const env of [{ LOCAL_MODE: 'on' }, channel, { LOCAL_MODE: 'off' }]) {
      expect(() => assertLocalModeAllowed(loadConfig({ DATABASE_URL: URL, ...env }))).not.toThrow();
    }
    expect(() => assertLocalModeAllowed(loadConfig({}))).not.toThrow();
  });
});

describe('decideChannelRecord', () => {
  const auto = loadConfig({ DATA_DIR: '/srv/city' });
  const on = loadConfig({ DATA_DIR: '/srv/city', LOCAL_MODE: 'on' });
  const line = loadConfig({ DATA_DIR: '/srv/city', ...channel });

  it('auto local mode takes a new database or one it created', () => {
    expect(decideChannelRecord(auto, null)).toEqual({ outcome: 'record', kind: 'local', adoptsLocal: false });
    expect(decideChannelRecord(auto, recorded('local'))).toMatchObject({ outcome: 'record', kind: 'local' });
  });

  it('auto local mode refuses a database that served a real channel, saying since when and what to set', () => {
    const message = refusal(() => decideChannelRecord(auto, recorded('line')));
    expect(message).toMatch(/embedded database in \/srv\/city\/pgdata has served a real LINE channel/);
    expect(message).toContain(since.toISOString());
    expect(message).toMatch(/LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN/);
    expect(message).toMatch(/LOCAL_MODE=on/);
  });

  it('auto local mode refuses a database that held data before kinds were recorded', () => {
    expect(refusal(() => decideChannelRecord(auto, recorded('unknown')))).toMatch(
      /may have served a real LINE channel.*start once with LOCAL_MODE=on/,
    );
  });

  it('LOCAL_MODE=on runs over a real channel’s database with a warning, and leaves it recorded as real', () => {
    const decision = decideChannelRecord(on, recorded('line'));
    expect(decision).toMatchObject({ outcome: 'keep', warning: expect.stringMatching(/has served a real/) });
  });

  it('LOCAL_MODE=on claims an unknown database as a local-mode one', () => {
    expect(decideChannelRecord(on, recorded('unknown'))).toMatchObject({ outcome: 'record', kind: 'local' });
  });

  it('a real channel takes any database; taking over a local-mode one is flagged', () => {
    expect(decideChannelRecord(line, null)).toEqual({ outcome: 'record', kind: 'line', adoptsLocal: false });
    expect(decideChannelRecord(line, recorded('unknown'))).toMatchObject({
      kind: 'line',
      adoptsLocal: false,
    });
    expect(decideChannelRecord(line, recorded('line'))).toMatchObject({ kind: 'line', adoptsLocal: false });
    expect(decideChannelRecord(line, recorded('local'))).toMatchObject({ kind: 'line', adoptsLocal: true });
  });

  it('LOCAL_MODE=off without a channel records nothing', () => {
    const off = loadConfig({ LOCAL_MODE: 'off' });
    expect(decideChannelRecord(off, null)).toEqual({ outcome: 'keep' });
    expect(decideChannelRecord(off, recorded('line'))).toEqual({ outcome: 'keep' });
  });
});
