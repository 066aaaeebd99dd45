// GET /admin/reservations/stats: per service and city day, bookings, walk-ins, completed, no-shows, cancelled
// and the waiting time from check-in to the call (median and 90th percentile, minutes). Counts only; the
// services the caller may view.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { currentStaff } from '../../admin/auth.ts';
import { allows } from '../../admin/roles.ts';
import { statsAnswer, statsQuery, statsRange } from '../../admin/stats-table.ts';
import { serviceScope } from './admin-access.ts';

export async function statsRoutes(app: FastifyInstance): Promise<void> {
  const fastify = app.withTypeProvider<ZodTypeProvider>();
  const pool = fastify.pg.pool;
  fastify.get(
    '/admin/reservations/stats',
    {
      schema: {
        tags: ['reservations', 'stats'],
        summary: 'Bookings, no-shows and waiting times per service and day (counts only)',
        querystring: statsQuery,
        response: { 200: statsAnswer },
      },
    },
    async (request) => {
      const staff = currentStaff(request);
      const { from, to } = statsRange(request.query);
      const result = await pool.query<{
        service: string;
        day: string;
        booked: number;
        walk_ins: number;
        completed: number;
        no_show: number;
        cancelled: number;
        wait_median: number | null;
        wait_p90: number | null;
      }>(
        `SELECT r.service_id AS service, to_char((s.starts_at AT TIME ZONE 'Asia/Tokyo')::date, 'YYYY-MM-DD') AS day,
                count(*)::int AS booked,
                count(*) FILTER (WHERE r.user_id IS NULL)::int AS walk_ins,
                count(*) FILTER (WHERE r.status = 'completed')::int AS completed,
                count(*) FILTER (WHERE r.status = 'no_show')::int AS no_show,
                count(*) FILTER (WHERE r.status = 'cancelled')::int AS cancelled,
                round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.called_at - r.checked_in_at)) / 60)::numeric, 1)::float AS wait_median,
                round((percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM r.called_at - r.checked_in_at)) / 60)::numeric, 1)::float AS wait_p90
           FROM reservations r JOIN reservation_slots s ON s.id = r.slot_id
          WHERE (s.starts_at AT TIME ZONE 'Asia/Tokyo')::date BETWEEN $1::date AND $2::date
          GROUP BY 1, 2 ORDER BY 2, 1`,
        [from, to],
      );
      const rows = result.rows.filter((r) => allows(staff, serviceScope(r.service), 'viewer'));
      return {
        from,
        to,
        tables: [
          {
            key: 'reservations.daily',
            title: {
              ja: '予約・不在・待ち時間（窓口・日別）',
              en: 'Bookings, no-shows and waiting per service and day',
            },
            columns: [
              { key: 'day', ja: '日付', en: 'Day' },
              { key: 'service', ja: '窓口', en: 'Service' },
              { key: 'booked', ja: '予約', en: 'Bookings' },
              { key: 'walkIns', ja: 'うち当日受付', en: 'of which walk-ins' },
              { key: 'completed', ja: '完了', en: 'Completed' },
              { key: 'noShow', ja: '不在', en: 'No-shows' },
              { key: 'cancelled', ja: '取消', en: 'Cancelled' },
              { key: 'waitMedian', ja: '待ち時間 中央値（分）', en: 'Wait median (min)' },
              { key: 'waitP90', ja: '待ち時間 90%（分）', en: 'Wait p90 (min)' },
            ],
            rows: rows.map((r) => [
              r.day,
              r.service,
              r.booked,
              r.walk_ins,
              r.completed,
              r.no_show,
              r.cancelled,
              r.wait_median,
              r.wait_p90,
            ]),
            chart: 'bar' as const,
          },
        ],
      };
    },
  );
}
