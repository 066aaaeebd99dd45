// Timestamps of the staff API: every answer gives them in the city's offset (2026-12-03T23:00:00+09:00),
// every request may use any ISO offset. One zod codec, so no route can answer in UTC by accident.
import { z } from 'zod';

/** Japan has one time zone and no daylight saving: +09:00 is exact all year. */
const CITY_OFFSET_MS = 9 * 3_600_000;

/**
 * An instant as ISO 8601 in the city's time: 2026-12-03T23:00:00+09:00, with the milliseconds only when there
 * are some (2026-12-03T23:00:00.250+09:00), so a recorded moment keeps its precision and a slot's time reads
 * plainly.
 */
export function cityIso(at: Date): string {
  const local = new Date(at.getTime() + CITY_OFFSET_MS).toISOString();
  return `${local.endsWith('.000Z') ? local.slice(0, 19) : local.slice(0, 23)}+09:00`;
}

const EXAMPLE = '2026-12-03T23:00:00+09:00';

/**
 * A timestamp field. In an answer the handler gives a Date and the client reads city time; in a request the
 * client may send any offset (…Z, …+09:00, …-05:00) and the handler gets a Date.
 */
export const cityDateTime = z
  .codec(z.iso.datetime({ offset: true }), z.date(), {
    decode: (text) => new Date(text),
    encode: (at) => cityIso(at),
  })
  .meta({
    type: 'string',
    format: 'date-time',
    examples: [EXAMPLE],
    description: `an instant; answers give it in city time (+09:00), e.g. ${EXAMPLE}; requests may use any offset`,
  });
