// City calendar arithmetic for 子育て: the city's date, month addition as PostgreSQL does it, ages in months.
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  ageInMonths,
  cityDate,
  isIsoDate,
  parseIsoDate,
} from '../../src/features/childcare/dates.ts';

describe('cityDate', () => {
  it('is the date in Tokyo, nine hours ahead of UTC', () => {
    expect(cityDate(new Date('2027-03-31T14:59:59Z'))).toBe('2027-03-31');
    expect(cityDate(new Date('2027-03-31T15:00:00Z'))).toBe('2027-04-01');
    expect(cityDate(new Date('2026-12-31T15:00:00Z'))).toBe('2027-01-01');
  });
});

describe('addMonths', () => {
  it('adds months within and across years', () => {
    expect(addMonths('2027-01-15', 4)).toBe('2027-05-15');
    expect(addMonths('2026-11-15', 4)).toBe('2027-03-15');
    expect(addMonths('2027-01-15', 18)).toBe('2028-07-15');
    expect(addMonths('2027-01-15', 0)).toBe('2027-01-15');
    expect(addMonths('2027-01-15', -1)).toBe('2026-12-15');
    expect(addMonths('2027-03-15', -15)).toBe('2025-12-15');
  });

  it('clamps to the end of a shorter month, as date + interval does in PostgreSQL', () => {
    expect(addMonths('2027-01-31', 1)).toBe('2027-02-28');
    expect(addMonths('2027-08-31', 1)).toBe('2027-09-30');
    expect(addMonths('2027-10-31', 4)).toBe('2028-02-29');
    expect(addMonths('2027-03-31', -1)).toBe('2027-02-28');
    // Clamping does not carry over: the 31st plus 1 then 1 month is the 28th/30th, plus 2 the 31st.
    expect(addMonths(addMonths('2027-01-31', 1), 1)).toBe('2027-03-28');
    expect(addMonths('2027-01-31', 2)).toBe('2027-03-31');
  });

  it('handles leap days', () => {
    expect(addMonths('2028-02-29', 12)).toBe('2029-02-28');
    expect(addMonths('2028-02-29', 48)).toBe('2032-02-29');
    expect(addMonths('2028-01-29', 1)).toBe('2028-02-29');
    expect(addMonths('2027-01-29', 1)).toBe('2027-02-28');
    expect(addMonths('2000-02-29', 12 * 100)).toBe('2100-02-28');
  });
});

describe('addDays', () => {
  it('crosses month, year and leap-day boundaries', () => {
    expect(addDays('2027-12-31', 1)).toBe('2028-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
    expect(addDays('2027-05-04', 14)).toBe('2027-05-18');
  });
});

describe('ageInMonths', () => {
  it('counts completed months', () => {
    expect(ageInMonths('2027-01-15', '2027-01-15')).toBe(0);
    expect(ageInMonths('2027-01-15', '2027-05-14')).toBe(3);
    expect(ageInMonths('2027-01-15', '2027-05-15')).toBe(4);
    expect(ageInMonths('2027-01-15', '2028-07-15')).toBe(18);
    expect(ageInMonths('2027-01-15', '2028-07-14')).toBe(17);
  });

  it('agrees with addMonths at month ends and leap days', () => {
    // Born on the 31st: a month old on the last day of a shorter month.
    expect(ageInMonths('2027-01-31', '2027-02-27')).toBe(0);
    expect(ageInMonths('2027-01-31', '2027-02-28')).toBe(1);
    expect(ageInMonths('2027-08-31', '2027-09-30')).toBe(1);
    // Born on a leap day: a year old on 28 February of the next year.
    expect(ageInMonths('2028-02-29', '2029-02-27')).toBe(11);
    expect(ageInMonths('2028-02-29', '2029-02-28')).toBe(12);
    for (const birth of ['2027-01-31', '2028-02-29', '2027-05-15', '2027-12-31']) {
      for (let months = 0; months <= 72; months += 1) {
        const day = addMonths(birth, months);
        expect(ageInMonths(birth, day), `${birth} +${months}`).toBe(months);
        expect(ageInMonths(birth, addDays(day, -1)), `${birth} +${months} -1 day`).toBe(months - 1);
      }
    }
  });
});

describe('isIsoDate and parseIsoDate', () => {
  it('accepts real dates only', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2027-02-29')).toBe(false);
    expect(isIsoDate('2027-04-31')).toBe(false);
    expect(isIsoDate('2027-13-01')).toBe(false);
    expect(isIsoDate('2027-1-01')).toBe(false);
    expect(isIsoDate('27-01-01')).toBe(false);
  });

  it('parses or throws', () => {
    expect(parseIsoDate('2027-05-04')).toEqual({ year: 2027, month: 5, day: 4 });
    expect(() => parseIsoDate('May 4')).toThrow(RangeError);
  });
});
