// Quiet hours for messages nobody asked for (segment messages, reminders): none between 20:00 and 08:00 city
// time; such a message waits until 08:00. Urgent messages (disasters) ignore them.

/** Japan has no daylight saving time: city time is UTC+9 all year. */
const CITY_OFFSET_MS = 9 * 60 * 60_000;
const HOUR_MS = 60 * 60_000;

export const QUIET_HOURS = { from: 20, until: 8 } as const;

function cityHour(at: Date): number {
  return new Date(at.getTime() + CITY_OFFSET_MS).getUTCHours();
}

/** True between 20:00 (included) and 08:00 (excluded) city time. */
export function isQuietTime(at: Date): boolean {
  const hour = cityHour(at);
  return hour >= QUIET_HOURS.from || hour < QUIET_HOURS.until;
}

/** `at` itself when messages may go then, else the next 08:00 city time. */
export function nextSendableTime(at: Date): Date {
  if (!isQuietTime(at)) return at;
  const city = new Date(at.getTime() + CITY_OFFSET_MS);
  const morning = Date.UTC(city.getUTCFullYear(), city.getUTCMonth(), city.getUTCDate(), QUIET_HOURS.until);
  const next = cityHour(at) >= QUIET_HOURS.from ? morning + 24 * HOUR_MS : morning;
  return new Date(next - CITY_OFFSET_MS);
}
