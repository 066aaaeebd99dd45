// GET /admin/stats: the account's own counts for EBPM — friends gained and lost per city day, rich-menu taps per
// entry and the tapping resident's language. Counts only, never who; any staff member may read them.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { currentStaff } from './auth.ts';
import { statsAnswer, statsQuery, statsRange } from './stats-table.ts';

export async function statsRoutes(app: FastifyInstance): Promise<void> {
  const fastify = app.withTypeProvider<ZodTypeProvider>();
  const pool = fastify.pg.pool;
  fastify.get(
    '/admin/stats',
    {
      schema: {
        tags: ['stats'],
        summary: 'Friends and blocks per day, rich-menu taps per entry and language (counts only)',
        querystring: statsQuery,
        response: { 200: statsAnswer },
      },
    },
    async (request) => {
      currentStaff(request);
      const { from, to } = statsRange(request.query);
      const friends = await pool.query<{ day: string; followed: number; unfollowed: number }>(
        `WITH days AS (SELECT generate_series($1::date, $2::date, interval '1 day')::date AS day)
         SELECT to_char(d.day, 'YYYY-MM-DD') AS day,
                (SELECT count(*)::int FROM line_users u
                  WHERE (u.followed_at AT TIME ZONE 'Asia/Tokyo')::date = d.day) AS followed,
                (SELECT count(*)::int FROM line_users u
                  WHERE (u.unfollowed_at AT TIME ZONE 'Asia/Tokyo')::date = d.day) AS unfollowed
           FROM days d ORDER BY d.day`,
        [from, to],
      );
      // Postback data survives the raw-data scrub (its stub keeps it), so taps count beyond the retention.
      const taps = await pool.query<{ item: string; language: string; taps: number }>(
        `SELECT substring(e.payload->'postback'->>'data' FROM 'item=([a-zA-Z]+)') AS item,
                COALESCE(u.language, 'ja') AS language, count(*)::int AS taps
           FROM webhook_events e LEFT JOIN line_users u ON u.user_id = e.user_id
          WHERE e.event_type = 'postback' AND e.payload->'postback'->>'data' LIKE 'action=menu&%'
            AND (e.occurred_at AT TIME ZONE 'Asia/Tokyo')::date BETWEEN $1::date AND $2::date
          GROUP BY 1, 2 ORDER BY 1, 2`,
        [from, to],
      );
      const languages = ['ja', 'ja-easy', 'en'];
      const items = [...new Set(taps.rows.map((r) => r.item))];
      return {
        from,
        to,
        tables: [
          {
            key: 'friends.daily',
            title: { ja: '友だち追加とブロック（日別）', en: 'Friends added and blocks per day' },
            columns: [
              { key: 'day', ja: '日付', en: 'Day' },
              { key: 'followed', ja: '友だち追加', en: 'Added' },
              { key: 'unfollowed', ja: 'ブロック', en: 'Blocked' },
            ],
            rows: friends.rows.map((r) => [r.day, r.followed, r.unfollowed]),
            chart: 'line' as const,
          },
          {
            key: 'richmenu.taps',
            title: {
              ja: 'リッチメニューのタップ（項目・言語別）',
              en: 'Rich-menu taps per entry and language',
            },
            columns: [
              { key: 'item', ja: '項目', en: 'Entry' },
              ...languages.map((l) => ({ key: l, ja: l, en: l })),
            ],
            rows: items.map((item) => [
              item,
              ...languages.map((l) => taps.rows.find((r) => r.item === item && r.language === l)?.taps ?? 0),
            ]),
            chart: 'bar' as const,
          },
        ],
      };
    },
  );
}
