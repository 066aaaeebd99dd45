// GET /admin/reports/stats: reports received in the period per category and status, and the median days to
// close per category. Counts only; the departments the caller may view.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { currentStaff } from '../../../admin/auth.ts';
import { allows } from '../../../admin/roles.ts';
import { statsAnswer, statsQuery, statsRange } from '../../../admin/stats-table.ts';
import type { ReportCatalog } from '../catalog/catalog.ts';
import { departmentScope } from './access.ts';

export function statsRoutes(options: { catalog: ReportCatalog }) {
  return async function routes(app: FastifyInstance): Promise<void> {
    const fastify = app.withTypeProvider<ZodTypeProvider>();
    const pool = fastify.pg.pool;
    const { catalog } = options;
    fastify.get(
      '/admin/reports/stats',
      {
        schema: {
          tags: ['reports', 'stats'],
          summary: 'Reports per category and status, and the median days to close (counts only)',
          querystring: statsQuery,
          response: { 200: statsAnswer },
        },
      },
      async (request) => {
        const staff = currentStaff(request);
        const { from, to } = statsRange(request.query);
        const result = await pool.query<{
          category: string;
          department: string;
          status: string;
          n: number;
          close_days: number | null;
        }>(
          `SELECT category, department, status, count(*)::int AS n,
                  percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM closed_at - created_at) / 86400)
                    FILTER (WHERE closed_at IS NOT NULL) AS close_days
             FROM reports
            WHERE (created_at AT TIME ZONE 'Asia/Tokyo')::date BETWEEN $1::date AND $2::date
            GROUP BY 1, 2, 3`,
          [from, to],
        );
        const rows = result.rows.filter((r) => allows(staff, departmentScope(r.department), 'viewer'));
        const statuses = catalog.statuses.map((s) => s.id);
        const categories = [...new Set(rows.map((r) => r.category))];
        const name = (id: string) => catalog.categories.find((c) => c.id === id)?.name.ja ?? id;
        // The median to close per category, over the categories' rows weighted by count (close enough for a
        // dashboard: each group's median stands for its reports).
        const closeMedian = (category: string): number | null => {
          const closed = rows.filter((r) => r.category === category && r.close_days !== null);
          if (closed.length === 0) return null;
          const total = closed.reduce((sum, r) => sum + r.n, 0);
          let seen = 0;
          for (const r of closed.sort((a, b) => (a.close_days ?? 0) - (b.close_days ?? 0))) {
            seen += r.n;
            if (seen * 2 >= total) return Math.round((r.close_days ?? 0) * 10) / 10;
          }
          return null;
        };
        return {
          from,
          to,
          tables: [
            {
              key: 'reports.byCategoryStatus',
              title: { ja: '損傷報告（種類・状況別）', en: 'Damage reports per category and status' },
              columns: [
                { key: 'category', ja: '種類', en: 'Category' },
                ...catalog.statuses.map((s) => ({
                  key: s.id,
                  ja: s.staffLabel.ja,
                  en: s.staffLabel.en ?? s.staffLabel.ja,
                })),
              ],
              rows: categories.map((c) => [
                name(c),
                ...statuses.map((s) =>
                  rows.filter((r) => r.category === c && r.status === s).reduce((n, r) => n + r.n, 0),
                ),
              ]),
              chart: 'bar' as const,
            },
            {
              key: 'reports.closeDays',
              title: { ja: '完了までの日数（中央値・種類別）', en: 'Median days to close per category' },
              columns: [
                { key: 'category', ja: '種類', en: 'Category' },
                { key: 'medianDays', ja: '中央値（日）', en: 'Median (days)' },
              ],
              rows: categories.map((c) => [name(c), closeMedian(c)]),
              chart: 'bar' as const,
            },
          ],
        };
      },
    );
  };
}
