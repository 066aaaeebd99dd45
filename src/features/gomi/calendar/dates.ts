// City calendar days as YYYY-MM-DD strings: today in 春日市 (UTC+9, no daylight saving), adding days, the
// weekday and which one of the month it is (水2 = the month's second Wednesday).
const CITY_OFFSET_MS = 9 * 60 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

export function cityDate(at: Date): string {
  return new Date(at.getTime() + CITY_OFFSET_MS).toISOString().slice(0, 10);
}

/** Minutes since midnight, city time. */
export function cityMinutes(at: Date): number {
  const city = new Date(at.getTime() + CITY_OFFSET_MS);
  return city.getUTCHours() * 60 + city.getUTCMinutes();
}

/** The instant of `date` at `minutes` after midnight, city time. */
export function cityInstant(date: string, minutes: number): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - CITY_OFFSET_MS + minutes * 60_000);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** 1 for days 1–7 of the month, 2 for 8–14, … */
export function nthOfMonth(date: string): number {
  return Math.ceil(Number(date.slice(8, 10)) / 7);
}
