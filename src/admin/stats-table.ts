// The shape every statistics route answers (counts only, never who): named tables of columns and rows, which
// the console draws as charts and offers as CSV.
import { z } from 'zod';
import { badRequest } from '../http/http-error.ts';

export const statsTable = z.object({
  key: z.string().describe('stable name, e.g. friends.daily'),
  title: z.object({ ja: z.string(), en: z.string() }),
  columns: z.array(z.object({ key: z.string(), ja: z.string(), en: z.string() })),
  rows: z.array(z.array(z.union([z.string(), z.number(), z.null()]))),
  chart: z
    .enum(['line', 'bar'])
    .describe('how the console draws it: first column the x axis, the rest series'),
});
export type StatsTable = z.infer<typeof statsTable>;
export const statsAnswer = z.object({ from: z.string(), to: z.string(), tables: z.array(statsTable) });

const isoDate = z.iso.date();
export const statsQuery = z.object({
  from: isoDate.optional().describe('first city day (default 30 days ago)'),
  to: isoDate.optional().describe('last city day (default today)'),
});

function cityToday(now: Date): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(now);
}

/** The city days asked for (at most 366), defaulting to the last 30. */
export function statsRange(query: { from?: string | undefined; to?: string | undefined }, now = new Date()) {
  const to = query.to ?? cityToday(now);
  const from = query.from ?? cityToday(new Date(Date.parse(`${to}T00:00:00+09:00`) - 29 * 86_400_000));
  if (from > to) throw badRequest('querystring.to: must not be before from');
  if (Date.parse(to) - Date.parse(from) > 366 * 86_400_000)
    throw badRequest('querystring.to: at most 366 days');
  return { from, to };
}
