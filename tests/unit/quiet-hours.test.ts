// Quiet hours in city time (UTC+9): 20:00–08:00 is quiet; a quiet time moves to the next 08:00.
import { describe, expect, it } from 'vitest';
import { isQuietTime, nextSendableTime } from '../../src/jobs/quiet-hours.ts';

const jst = (local: string) => new Date(`${local}+09:00`);

describe('quiet hours', () => {
  it('is quiet from 20:00 to 07:59 city time', () => {
    expect(isQuietTime(jst('2026-12-03T19:59:59'))).toBe(false);
    expect(isQuietTime(jst('2026-12-03T20:00:00'))).toBe(true);
    expect(isQuietTime(jst('2026-12-04T07:59:59'))).toBe(true);
    expect(isQuietTime(jst('2026-12-04T08:00:00'))).toBe(false);
  });

  it('moves an evening or a night time to the next 08:00, and leaves a day time alone', () => {
    expect(nextSendableTime(jst('2026-12-03T22:13:00'))).toEqual(jst('2026-12-04T08:00:00'));
    expect(nextSendableTime(jst('2026-12-31T23:59:00'))).toEqual(jst('2027-01-01T08:00:00'));
    expect(nextSendableTime(jst('2026-12-04T03:00:00'))).toEqual(jst('2026-12-04T08:00:00'));
    expect(nextSendableTime(jst('2026-12-04T12:00:00'))).toEqual(jst('2026-12-04T12:00:00'));
  });
});
