// Calendar arithmetic in the city's time zone: today's date, adding months, a child's age in months.
// Month addition clamps to the month's end exactly as PostgreSQL's `date + interval 'n months'` does, so the
// SQL scans and the chat agree on when a child reaches an age.

export const CITY_TIME_ZONE = 'Asia/Tokyo';

const dateFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: CITY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The city's calendar date at `at`, as YYYY-MM-DD. */
export function cityDate(at: Date): string {
  return dateFormat.format(at);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseIsoDate(date: string): { year: number; month: number; day: number } {
  const match = ISO_DATE.exec(date);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(date: string): boolean {
  const match = ISO_DATE.exec(date);
  if (!match) return false;
  const { year, month, day } = parseIsoDate(date);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function format(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** `date` plus `months` (may be negative); the 31st plus one month is the last day of the next month. */
export function addMonths(date: string, months: number): string {
  const { year, month, day } = parseIsoDate(date);
  const index = year * 12 + (month - 1) + months;
  const newYear = Math.floor(index / 12);
  const newMonth = (index % 12) + 1;
  return format(newYear, newMonth, Math.min(day, daysInMonth(newYear, newMonth)));
}

/** `date` plus `days` (may be negative). */
export function addDays(date: string, days: number): string {
  const { year, month, day } = parseIsoDate(date);
  const shifted = new Date(Date.UTC(year, month - 1, day + days));
  return format(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}

/** Completed months from `birthDate` to `onDate`: the largest n with addMonths(birthDate, n) ≤ onDate. */
export function ageInMonths(birthDate: string, onDate: string): number {
  const birth = parseIsoDate(birthDate);
  const on = parseIsoDate(onDate);
  let months = (on.year - birth.year) * 12 + (on.month - birth.month);
  if (addMonths(birthDate, months) > onDate) months -= 1;
  return months;
}
